// --since / --until / --now / --tz, and week over week on hand-computable data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDGE, SAMPLE, assertBuilt, expectClose, expectDeepClose, expectUsageError, jsonl, tempDir, type TempDir, runAsync, runJsonAsync } from './helpers.js';
import { refStats, sampleReference, tsMs } from './reference.js';

describe.concurrent('window on the sample', () => {
  beforeAll(() => assertBuilt());

  it('--since 2026-11-20 --until 2026-11-27: half-open UTC window, the rest counted out_of_window', async () => {
    const ref = sampleReference(SAMPLE).records;
    const lo = Date.parse('2026-11-20T00:00:00Z'), hi = Date.parse('2026-11-27T00:00:00Z');
    const inside = ref.filter((r) => tsMs(r) >= lo && tsMs(r) < hi);
    const doc = await runJsonAsync(['baseline', SAMPLE, '--since', '2026-11-20', '--until', '2026-11-27', '-q']);
    expect(doc.window).toMatchObject({ since: '2026-11-20T00:00:00Z', until: '2026-11-27T00:00:00Z', tz: 'UTC' });
    expect(doc.inputs.records).toBe(8487);
    expect(doc.inputs.skipped.out_of_window).toBe(8487 - inside.length);
    expect(doc.overall.requests).toBe(inside.length);
    expect(doc.overall.requests).toBe(doc.inputs.records - doc.inputs.skipped.duplicate - doc.inputs.skipped.out_of_window);
    expectClose(doc.overall.cost_usd.total, refStats(inside).cost.total, 'windowed cost');
    expect(doc.daily.map((d: any) => d.date)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26']);
    // With --until the week-over-week windows end there.
    expect(doc.week_over_week.current).toMatchObject({ since: '2026-11-20T00:00:00Z', until: '2026-11-27T00:00:00Z' });
    expect(doc.week_over_week.previous).toMatchObject({ since: '2026-11-13T00:00:00Z', until: '2026-11-20T00:00:00Z' });
    expect(doc.week_over_week.overall.requests.previous).toBe(0);
    expect(doc.week_over_week.overall.requests.change).toBeNull();
  });

  it('the same window via cost has the same counts', async () => {
    const doc = await runJsonAsync(['cost', SAMPLE, '--since', '2026-11-20', '--until', '2026-11-27', '-q']);
    const b = await runJsonAsync(['baseline', SAMPLE, '--since', '2026-11-20', '--until', '2026-11-27', '-q']);
    expect(doc.inputs).toEqual(b.inputs);
    expectDeepClose(doc.overall, b.overall, 'overall');
  });

  it('--since 7d --now 2026-12-01T00:00:00Z is the last 7 days', async () => {
    const ref = sampleReference(SAMPLE).records;
    const lo = Date.parse('2026-11-24T00:00:00Z');
    const inside = ref.filter((r) => tsMs(r) >= lo);
    const doc = await runJsonAsync(['baseline', SAMPLE, '--since', '7d', '--now', '2026-12-01T00:00:00Z', '-q']);
    expect(doc.window).toMatchObject({ since: '2026-11-24T00:00:00Z', until: null, tz: 'UTC' });
    expect(doc.overall.requests).toBe(inside.length);
    expect(doc.overall.requests).toBe(2950);
    expect(doc.inputs.skipped.out_of_window).toBe(8487 - 2950);
  });

  it('other duration units count back from --now: 24h, 90m, 1w', async () => {
    const now = '2026-11-30T12:00:00Z';
    expect((await runJsonAsync(['cost', `${EDGE}/day-boundary.jsonl`, '--since', '24h', '--now', now, '-q'])).window.since).toBe('2026-11-29T12:00:00Z');
    expect((await runJsonAsync(['cost', `${EDGE}/day-boundary.jsonl`, '--since', '90m', '--now', now, '-q'])).window.since).toBe('2026-11-30T10:30:00Z');
    expect((await runJsonAsync(['cost', `${EDGE}/day-boundary.jsonl`, '--since', '1w', '--now', now, '-q'])).window.since).toBe('2026-11-23T12:00:00Z');
  });

  it('a window that excludes everything is still exit 0 with zero requests', async () => {
    const doc = await runJsonAsync(['baseline', SAMPLE, '--since', '2027-01-01', '-q']);
    expect(doc.overall.requests).toBe(0);
    expect(doc.inputs.skipped.out_of_window).toBe(8487);
    expect(doc.daily).toEqual([]);
    expect(doc.week_over_week).toBeNull();
  });

  it('--since after --until is a usage error', async () => {
    expectUsageError(await runAsync(['baseline', SAMPLE, '--since', '2026-11-27', '--until', '2026-11-20']), /--since/);
  });
});

describe.concurrent('window edges and time zones', () => {
  let tmp: TempDir;
  let nyFile: string;
  beforeAll(async () => {
    tmp = tempDir();
    nyFile = tmp.write('ny.jsonl', jsonl([
      { ts: '2026-11-20T04:30:00Z', request_id: 'n1', model: 'claude-haiku-4-5', input_tokens: 1000, output_tokens: 100, feature: 'f' },
      { ts: '2026-11-20T05:30:00Z', request_id: 'n2', model: 'claude-haiku-4-5', input_tokens: 2000, output_tokens: 100, feature: 'f' },
    ]));
  });
  afterAll(() => tmp.cleanup());

  it('--since is inclusive and --until exclusive at the millisecond (day-boundary.jsonl)', async () => {
    const doc = await runJsonAsync(['baseline', `${EDGE}/day-boundary.jsonl`, '--since', '2026-11-20', '--until', '2026-11-21']);
    expect(doc.overall.requests).toBe(2);
    expect(doc.inputs.skipped.out_of_window).toBe(2);
    expect(doc.daily.map((d: any) => [d.date, d.requests])).toEqual([['2026-11-20', 2]]);
  });

  it('UTC: both records are on 2026-11-20', async () => {
    const doc = await runJsonAsync(['cost', nyFile, '--by', 'day']);
    expect(doc.rows.map((r: any) => [r.day, r.requests])).toEqual([['2026-11-20', 2]]);
  });

  it('--tz America/New_York: 04:30Z is 2026-11-19 23:30 EST and 05:30Z is 2026-11-20 00:30 EST', async () => {
    const cost = await runJsonAsync(['cost', nyFile, '--by', 'day,hour', '--tz', 'America/New_York']);
    expect(cost.window.tz).toBe('America/New_York');
    expect(cost.rows.map((r: any) => [r.day, r.hour, r.requests]).sort()).toEqual([
      ['2026-11-19', '2026-11-19T23', 1],
      ['2026-11-20', '2026-11-20T00', 1],
    ]);
    const base = await runJsonAsync(['baseline', nyFile, '--tz', 'America/New_York']);
    expect(base.daily.map((d: any) => [d.date, d.requests, d.input_tokens])).toEqual([
      ['2026-11-19', 1, 1000],
      ['2026-11-20', 1, 2000],
    ]);
    // Week over week ends at the start of the local day after the latest record.
    expect(base.week_over_week.current).toMatchObject({ since: '2026-11-14T00:00:00-05:00', until: '2026-11-21T00:00:00-05:00' });
  });

  it('--tz local is the zone of the TZ environment variable', async () => {
    const doc = await runJsonAsync(['cost', nyFile, '--by', 'day', '--tz', 'local'], { env: { TZ: 'America/New_York' } });
    expect(doc.window.tz).toBe('America/New_York');
    expect(doc.rows.map((r: any) => r.day).sort()).toEqual(['2026-11-19', '2026-11-20']);
    // The default is UTC whatever TZ says.
    const utc = await runJsonAsync(['cost', nyFile, '--by', 'day'], { env: { TZ: 'America/New_York' } });
    expect(utc.window.tz).toBe('UTC');
    expect(utc.rows.map((r: any) => r.day)).toEqual(['2026-11-20']);
  });

  it('--tz America/New_York: a date bound is local midnight (05:00Z)', async () => {
    const doc = await runJsonAsync(['baseline', nyFile, '--tz', 'America/New_York', '--since', '2026-11-20']);
    expect(doc.window).toMatchObject({ since: '2026-11-20T00:00:00-05:00', until: null, tz: 'America/New_York' });
    expect(doc.overall.requests).toBe(1);
    expect(doc.overall.tokens.input).toBe(2000);
    expect(doc.inputs.skipped.out_of_window).toBe(1);
  });

  it('an explicit zone in --since wins over --tz', async () => {
    const doc = await runJsonAsync(['baseline', nyFile, '--tz', 'America/New_York', '--since', '2026-11-20T05:00:00Z']);
    expect(doc.overall.requests).toBe(1);
    expect(doc.window.since).toBe('2026-11-20T00:00:00-05:00');
  });

  it('zoneless timestamps are read in --tz (naive-timestamp.jsonl)', async () => {
    const utc = await runJsonAsync(['baseline', `${EDGE}/naive-timestamp.jsonl`]);
    expect(utc.daily.map((d: any) => [d.date, d.requests])).toEqual([['2026-11-20', 4]]);
    const ny = await runJsonAsync(['baseline', `${EDGE}/naive-timestamp.jsonl`, '--tz', 'America/New_York']);
    expect(ny.daily.map((d: any) => [d.date, d.requests])).toEqual([['2026-11-20', 4]]);
    // 23:30 New York time is 04:30Z the next day: a UTC window up to 2026-11-21T04:00Z excludes it.
    const cut = await runJsonAsync(['baseline', `${EDGE}/naive-timestamp.jsonl`, '--tz', 'America/New_York', '--until', '2026-11-21T04:00:00Z']);
    expect(cut.overall.requests).toBe(2);
  });

  it('offset timestamps land on their UTC day (offset-timestamp.jsonl: 3 on 11-20, 1 on 11-21)', async () => {
    const doc = await runJsonAsync(['baseline', `${EDGE}/offset-timestamp.jsonl`]);
    expect(doc.daily.map((d: any) => [d.date, d.requests])).toEqual([['2026-11-20', 3], ['2026-11-21', 1]]);
  });

  it('epoch seconds and milliseconds give the same days (3 on 11-20, 1 on 11-21)', async () => {
    for (const f of ['epoch-seconds.jsonl', 'epoch-millis.jsonl']) {
      const doc = await runJsonAsync(['baseline', `${EDGE}/${f}`]);
      expect(doc.daily.map((d: any) => [d.date, d.requests]), f).toEqual([['2026-11-20', 3], ['2026-11-21', 1]]);
      expect(doc.inputs.no_timestamp, f).toBe(0);
    }
  });

  it('with a window, records without a timestamp are out of it', async () => {
    const all = await runJsonAsync(['baseline', `${EDGE}/no-timestamp.jsonl`]);
    expect(all.overall.requests).toBe(3);
    expect(all.inputs.no_timestamp).toBe(3);
    expect(all.daily).toEqual([]);
    expect(all.week_over_week).toBeNull();
    const windowed = await runJsonAsync(['baseline', `${EDGE}/no-timestamp.jsonl`, '--since', '2000-01-01']);
    expect(windowed.overall.requests).toBe(0);
    expect(windowed.inputs.skipped.out_of_window).toBe(3);
  });
});

describe.concurrent('week over week on a hand-made dataset', () => {
  let tmp: TempDir;
  let file: string;
  // Haiku at $1 / 1M input and $5 / 1M output:
  //   previous-week records cost $1 (1M input), current-week records $2 (1M input + 200k output).
  const prev = { model: 'claude-haiku-4-5', input_tokens: 1_000_000, output_tokens: 0, feature: 'f1', stop_reason: 'end_turn' };
  const cur = { ...prev, output_tokens: 200_000 };
  beforeAll(async () => {
    tmp = tempDir();
    file = tmp.write('wow.jsonl', jsonl([
      { ...prev, ts: '2026-11-10T10:00:00Z', request_id: 'old', feature: 'old_feature' }, // in neither week
      { ...prev, ts: '2026-11-18T10:00:00Z', request_id: 'p1', latency_s: 1 },
      { ...prev, ts: '2026-11-19T10:00:00Z', request_id: 'p2', latency_s: 3 },
      { ...cur, ts: '2026-11-25T10:00:00Z', request_id: 'c1', latency_s: 2 },
      { ...cur, ts: '2026-11-26T10:00:00Z', request_id: 'c2', latency_s: 4, stop_reason: 'max_tokens' },
      { ...cur, ts: '2026-11-30T10:00:00Z', request_id: 'c3', latency_s: 6 },
    ]));
  });
  afterAll(() => tmp.cleanup());

  it('without --until: weeks end at the start of the day after the latest record', async () => {
    const w = (await runJsonAsync(['baseline', file])).week_over_week;
    expect(w.current).toMatchObject({ since: '2026-11-24T00:00:00Z', until: '2026-12-01T00:00:00Z' });
    expect(w.previous).toMatchObject({ since: '2026-11-17T00:00:00Z', until: '2026-11-24T00:00:00Z' });
    expect(w.overall.requests).toMatchObject({ current: 3, previous: 2, change: 0.5 });
    expectClose(w.overall.cost_usd.total.current, 6, 'cost current');
    expectClose(w.overall.cost_usd.total.previous, 2, 'cost previous');
    expectClose(w.overall.cost_usd.total.change, 2, 'cost change');
    expectClose(w.overall.cost_usd.mean.change, 1, 'cost mean change');
    expectClose(w.overall.latency_s.mean.current, 4, 'latency mean current');
    expectClose(w.overall.latency_s.mean.previous, 2, 'latency mean previous');
    expectClose(w.overall.latency_s.mean.change, 1, 'latency mean change');
    expectClose(w.overall.truncation_rate.current, 1 / 3, 'truncation current');
    expect(w.overall.truncation_rate.previous).toBe(0);
    expect(w.overall.truncation_rate.change).toBeNull(); // previous is 0
    expect(w.overall.refusal_rate).toMatchObject({ current: 0, previous: 0, change: null });
    // A feature with records in neither week is not listed.
    expect(w.by_feature.map((f: any) => f.feature)).toEqual(['f1']);
    expect(w.by_feature[0].requests).toMatchObject({ current: 3, previous: 2, change: 0.5 });
  });

  it('the table shows both windows and signed changes', async () => {
    const r = await runAsync(['baseline', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('current 2026-11-24T00:00:00Z → 2026-12-01T00:00:00Z, previous 2026-11-17T00:00:00Z → 2026-11-24T00:00:00Z');
    expect(r.stdout).toMatch(/│ requests\s+│\s+2 │\s+3 │\s+▲ \+50\.0% │/);
    expect(r.stdout).toMatch(/│ cost total\s+│\s+\$2\.00 │\s+\$6\.00 │\s+▲ \+200\.0% │/);
  });

  it('with --until 2026-11-27: weeks end there and later records are out of the window', async () => {
    const doc = await runJsonAsync(['baseline', file, '--until', '2026-11-27']);
    const w = doc.week_over_week;
    expect(w.current).toMatchObject({ since: '2026-11-20T00:00:00Z', until: '2026-11-27T00:00:00Z' });
    expect(w.previous).toMatchObject({ since: '2026-11-13T00:00:00Z', until: '2026-11-20T00:00:00Z' });
    expect(doc.inputs.skipped.out_of_window).toBe(1);
    expect(w.overall.requests).toMatchObject({ current: 2, previous: 2, change: 0 });
    expectClose(w.overall.cost_usd.total.current, 4, 'cost current');
    expectClose(w.overall.cost_usd.total.previous, 2, 'cost previous');
    expectClose(w.overall.cost_usd.total.change, 1, 'cost change');
  });

  it('with an --until in the middle of a day, the weeks are cut at that instant', async () => {
    // current = [11-19T09:30Z, 11-26T09:30Z): p2 ($1) and c1 ($2); previous = [11-12T09:30Z, 11-19T09:30Z): p1 ($1).
    const w = (await runJsonAsync(['baseline', file, '--until', '2026-11-26T09:30:00Z'])).week_over_week;
    expect(w.current).toMatchObject({ since: '2026-11-19T09:30:00Z', until: '2026-11-26T09:30:00Z' });
    expect(w.previous).toMatchObject({ since: '2026-11-12T09:30:00Z', until: '2026-11-19T09:30:00Z' });
    expect(w.overall.requests).toMatchObject({ current: 2, previous: 1, change: 1 });
    expectClose(w.overall.cost_usd.total.current, 3, 'cost current');
    expectClose(w.overall.cost_usd.total.previous, 1, 'cost previous');
    expectClose(w.overall.cost_usd.total.change, 2, 'cost change');
  });

  it('a feature in only one of the two weeks is listed with the other side empty (docs/json.md)', async () => {
    const f = tmp.write('one-sided.jsonl', jsonl([
      { ...prev, ts: '2026-11-18T10:00:00Z', request_id: 'g1', feature: 'gone', input_tokens: 10_000_000 }, // $10, previous only
      { ...prev, ts: '2026-11-18T11:00:00Z', request_id: 'b1', feature: 'both' }, // $1 previous
      { ...cur, ts: '2026-11-25T10:00:00Z', request_id: 'b2', feature: 'both' }, // $2 current
      { ...prev, ts: '2026-11-26T10:00:00Z', request_id: 'n1', feature: 'new' }, // $1, current only
    ]));
    const w = (await runJsonAsync(['baseline', f])).week_over_week;
    const byName = Object.fromEntries(w.by_feature.map((x: any) => [x.feature, x]));
    expect(Object.keys(byName).sort()).toEqual(['both', 'gone', 'new']);
    expect(byName.gone.requests).toMatchObject({ current: 0, previous: 1, change: -1 });
    expect(byName.gone.cost_usd.total.current).toBeNull();
    expect(byName.gone.cost_usd.total.change).toBeNull();
    expect(byName.gone.latency_s.mean.current).toBeNull();
    expect(byName.new.requests).toMatchObject({ current: 1, previous: 0, change: null });
    expect(byName.new.cost_usd.total.previous).toBeNull();
  });

  it('week_over_week.by_feature is ordered by current cost, descending, nulls last (docs/json.md)', async () => {
    // Same data as above: both ($2 current), new ($1 current), gone (no current records, $10 previous).
    const f = tmp.write('order.jsonl', jsonl([
      { ...prev, ts: '2026-11-18T10:00:00Z', request_id: 'g1', feature: 'gone', input_tokens: 10_000_000 },
      { ...prev, ts: '2026-11-18T11:00:00Z', request_id: 'b1', feature: 'both' },
      { ...cur, ts: '2026-11-25T10:00:00Z', request_id: 'b2', feature: 'both' },
      { ...prev, ts: '2026-11-26T10:00:00Z', request_id: 'n1', feature: 'new' },
    ]));
    const w = (await runJsonAsync(['baseline', f])).week_over_week;
    expect(w.by_feature.map((x: any) => x.feature)).toEqual(['both', 'new', 'gone']);
  });

  it('--tz America/New_York: a week across the DST change is seven local days', async () => {
    // DST ends in New York on 2026-11-01; the current week starts on 10-29 at local midnight (EDT, −04:00).
    const dst = tmp.write('dst.jsonl', jsonl([
      { ...prev, ts: '2026-10-30T12:00:00Z', request_id: 'd1' },
      { ...cur, ts: '2026-11-04T12:00:00Z', request_id: 'd2' },
    ]));
    const w = (await runJsonAsync(['baseline', dst, '--tz', 'America/New_York'])).week_over_week;
    expect(w.current).toMatchObject({ since: '2026-10-29T00:00:00-04:00', until: '2026-11-05T00:00:00-05:00' });
    expect(w.previous).toMatchObject({ since: '2026-10-22T00:00:00-04:00', until: '2026-10-29T00:00:00-04:00' });
    expect(w.overall.requests).toMatchObject({ current: 2, previous: 0, change: null });
  });
});
