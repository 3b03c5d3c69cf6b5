// Row orders shared by the reports: biggest first, missing values last, ties by name.

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Descending by a nullable number (nulls last), then ascending by name. */
export function byValueDesc<T>(value: (t: T) => number | null, name: (t: T) => string) {
  return (a: T, b: T): number => {
    const va = value(a), vb = value(b);
    if (va !== vb) {
      if (va === null) return 1;
      if (vb === null) return -1;
      return vb - va;
    }
    return compareText(name(a), name(b));
  };
}
