// Row orders shared by the reports: biggest first, missing values last, ties by name.

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A value to 12 significant digits: sums of the same costs added in another order (parser threads
 *  add them in another order than one thread) differ in the last bits; rounded, they compare equal,
 *  so rows whose values differ by no more than that keep their order by name whatever the threads. */
function comparable(v: number): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  const step = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 11);
  return Math.round(v / step) * step;
}

/** Descending by a nullable number (nulls last; equal to 12 significant digits counts as equal),
 *  then ascending by name. */
export function byValueDesc<T>(value: (t: T) => number | null, name: (t: T) => string) {
  const keys = new Map<T, number | null>();
  const key = (t: T): number | null => {
    let k = keys.get(t);
    if (k === undefined) {
      const v = value(t);
      k = v === null ? null : comparable(v);
      keys.set(t, k);
    }
    return k;
  };
  return (a: T, b: T): number => {
    const va = key(a), vb = key(b);
    if (va !== vb) {
      if (va === null) return 1;
      if (vb === null) return -1;
      return vb - va;
    }
    return compareText(name(a), name(b));
  };
}
