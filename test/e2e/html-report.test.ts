// The HTML report opened in real headless Chromium (Debian's chromium + playwright-core), as a user
// would open it from disk: no console errors, no request but the file itself, every chart drawn,
// every number shown equal to the embedded JSON (which equals --json), hostile names inert.
// Screenshots (light, dark, phone) go to test-artifacts/. In CI (CI=true) a missing Chromium fails
// the file; locally it is skipped.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as format from '../../src/report/format.js';
import { renderHtml } from '../../src/report/html.js';
import { ROOT, SAMPLE, assertBuilt, expectUsageError, json, jsonl, run, tempDir, type TempDir } from './helpers.js';

// The callbacks of page.evaluate run in the page; the project compiles without the DOM library.
declare const window: any;
declare const document: any;
declare function getComputedStyle(element: unknown): any;

const CHROMIUM = process.env.LLMOPS_CHROMIUM ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
  '--no-first-run', '--disable-component-update', '--disable-sync'];

const HOSTILE = '<img src=x onerror=alert(1)>';
const HOSTILE_2 = '</script><script>alert(2)</script>';
const HOSTILE_MODEL = '<svg onload=alert(3)>';

interface Opened {
  page: Page;
  /** Console errors and warnings, page errors, dialogs: all must stay empty. */
  problems: string[];
  requests: string[];
  close(): Promise<void>;
}

let browser: Browser;

async function open(file: string, opts: { colorScheme?: 'light' | 'dark'; width?: number } = {}): Promise<Opened> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: 900 }, colorScheme: opts.colorScheme ?? 'light', deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.waitForSelector('html[data-ready]', { timeout: 10_000 });
  return { page, problems, requests, close: () => context.close() };
}

/** The page's own reading of itself: every chart's data and pixels, every number with its JSON path. */
async function inspect(page: Page) {
  return page.evaluate(() => {
    const w = window as any;
    const charts = [...document.querySelectorAll('canvas')].map((canvas: any) => {
      const chart = w.Chart.getChart(canvas);
      const ctx = canvas.getContext('2d')!;
      const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
      return {
        section: canvas.closest('section')!.id,
        label: canvas.getAttribute('aria-label'),
        width: canvas.width, height: canvas.height, painted,
        labels: chart ? chart.data.labels ?? null : null,
        datasets: chart ? chart.data.datasets.map((d: any) => ({ label: d.label, data: d.data })) : null,
      };
    });
    const numbers = [...document.querySelectorAll('[data-path]')].map((e: any) => ({
      path: e.getAttribute('data-path')!, value: e.getAttribute('data-value')!, format: e.getAttribute('data-format'), text: e.textContent!,
    }));
    return {
      charts, numbers,
      sections: [...document.querySelectorAll('section')].map((s: any) => ({ id: s.id, title: s.querySelector('h2')!.textContent })),
      data: document.getElementById('llmops-data')!.textContent!,
    };
  });
}

function at(doc: any, p: string): unknown {
  return p.split('.').reduce((v: any, k) => (v === null || v === undefined ? undefined : v[k]), doc);
}

/** The text a number must show: the terminal's formatter for its kind. */
function formatted(kind: string | null, v: number | null): string {
  switch (kind) {
    case 'formatUsd': return format.formatUsd(v);
    case 'formatCount': case 'count': return v === null ? format.DASH : format.formatCount(v);
    case 'formatSeconds': return format.formatSeconds(v);
    case 'formatPercent': return format.formatPercent(v);
    case 'pct2': return format.formatPercent(v, 2);
    case 'formatChange': return format.formatChange(v);
    default: throw new Error(`unknown number format ${kind}`);
  }
}

function everyDay(daily: Array<{ date: string }>): string[] {
  if (daily.length === 0) return [];
  const out: string[] = [];
  for (let t = Date.parse(`${daily[0].date}T00:00:00Z`); t <= Date.parse(`${daily[daily.length - 1].date}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/** What each chart must hold, computed here from the JSON document alone. */
function expectedCharts(doc: any): Map<string, Map<string, Array<number | null>>> {
  const days = everyDay(doc.daily);
  const daily = new Map<string, any>(doc.daily.map((d: any) => [d.date, d]));
  const dbf = new Map<string, any>(doc.daily_by_feature.map((r: any) => [`${r.date}|${r.feature}`, r]));
  const dsr = new Map<string, any>(doc.daily_stop_reasons.map((r: any) => [`${r.date}|${r.stop_reason}`, r]));
  const features = doc.by_feature.map((f: any) => f.feature).slice(0, 10);
  const out = new Map<string, Map<string, Array<number | null>>>();
  const byFeature = (key: string) => new Map<string, Array<number | null>>(features.map((f: string) => [f, days.map((d) => dbf.get(`${d}|${f}`)?.[key] ?? null)]));
  const dailyOf = (key: string) => days.map((d) => daily.get(d)?.[key] ?? null);
  out.set('cost', byFeature('cost_usd'));
  out.set('traffic', new Map([['requests', dailyOf('requests')], ['input', dailyOf('input_tokens')], ['cache read', dailyOf('cache_read_tokens')],
    ['cache write', dailyOf('cache_write_tokens')], ['output', dailyOf('output_tokens')]]));
  const latency = byFeature('latency_s_p95');
  latency.set('all features', dailyOf('latency_s_p95'));
  out.set('latency', latency);
  const stops = new Map<string, Array<number | null>>(doc.stop_reasons.map((r: any) => [r.stop_reason,
    days.map((d) => dsr.get(`${d}|${r.stop_reason}`)?.share ?? (daily.has(d) ? 0 : null))]));
  stops.set('truncation rate', dailyOf('truncation_rate'));
  stops.set('refusal rate', dailyOf('refusal_rate'));
  out.set('stops', stops);
  out.set('distribution', new Map(doc.by_feature.filter((f: any) => f.priced_requests > 0).slice(0, 12)
    .map((f: any) => [f.feature, f.cost_histogram.counts.map((n: number) => (n === 0 ? null : n))])));
  return out;
}

function expectNumbersEqualJson(numbers: Array<{ path: string; value: string; format: string | null; text: string }>, doc: any): void {
  expect(numbers.length).toBeGreaterThan(0);
  for (const n of numbers) {
    const v = at(doc, n.path);
    expect(v === null || typeof v === 'number', `${n.path} is a number in the JSON (${String(v)})`).toBe(true);
    expect(n.value, n.path).toBe(v === null ? 'null' : String(v));
    // Change cells lead with an arrow; the rest is the formatted number.
    expect(n.text.replace(/^[▲▼] /, ''), `${n.path} (${n.format})`).toBe(formatted(n.format, v as number | null));
  }
}

function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

describe('headless Chromium for the HTML report', () => {
  it.runIf(IN_CI && !HAVE_CHROMIUM)(`is installed at ${CHROMIUM} (required in CI)`, () => {
    expect.fail(`Chromium is not at ${CHROMIUM}: .ci/run installs Debian's chromium; in CI the browser test must run, not skip`);
  });
});

describe.skipIf(!HAVE_CHROMIUM)('the HTML report in headless Chromium', () => {
  let t: TempDir;
  let sampleHtml: string;
  let sampleDoc: any;

  beforeAll(async () => {
    assertBuilt();
    t = tempDir('llmops-html-');
    sampleHtml = path.join(t.dir, 'sample report.html');
    const r = run(['baseline', SAMPLE, '--json', '--html', sampleHtml, '-q']);
    expect(r.code, r.stderr).toBe(0);
    sampleDoc = json(r);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    t?.cleanup();
  });

  it('the sample report is one file under 1 MB that embeds exactly the --json document', () => {
    expect(statSync(sampleHtml).size).toBeLessThan(1_000_000);
    const html = readFileSync(sampleHtml, 'utf8');
    const data = /<script type="application\/json" id="llmops-data">([\s\S]*?)<\/script>/.exec(html)![1];
    expect(JSON.parse(data)).toEqual(sampleDoc);
    // --format html prints the same page.
    expect(run(['baseline', SAMPLE, '--format', 'html', '-q']).stdout).toBe(html);
  });

  it('opens from disk with no console error and no request but the file itself; every panel and chart drawn', async () => {
    const o = await open(sampleHtml);
    try {
      const seen = await inspect(o.page);
      expect(o.problems).toEqual([]);
      expect(o.requests).toEqual([pathToFileURL(sampleHtml).href]);
      expect(JSON.parse(seen.data)).toEqual(sampleDoc);
      expect(seen.sections.map((s) => s.id)).toEqual(['cost', 'traffic', 'distribution', 'latency', 'stops', 'wow', 'features', 'quality']);
      // 1 cost + 2 traffic + 6 histograms + 1 latency + 2 stop-reason charts.
      expect(seen.charts.map((c) => c.section)).toEqual(['cost', 'traffic', 'traffic', ...Array(6).fill('distribution'), 'latency', 'stops', 'stops']);
      for (const c of seen.charts) {
        expect(c.datasets, `${c.label}: a Chart.js chart`).not.toBeNull();
        expect(c.width * c.height, c.label!).toBeGreaterThan(10_000);
        // Axes, labels and bars: well over a few stray pixels.
        expect(c.painted / (c.width * c.height), `${c.label}: painted share`).toBeGreaterThan(0.02);
      }
      await o.page.screenshot({ path: artifact('html-report-light.png'), fullPage: true });
    } finally {
      await o.close();
    }
  }, 60_000);

  it('shows numbers equal to the JSON: every figure by its JSON path, every chart series', async () => {
    const o = await open(sampleHtml);
    try {
      const seen = await inspect(o.page);
      expectNumbersEqualJson(seen.numbers, sampleDoc);
      // Every by-feature figure and the overall KPIs are among them.
      const paths = new Set(seen.numbers.map((n) => n.path));
      for (const p of ['overall.cost_usd.total', 'overall.requests', 'overall.latency_s.p95', 'rates.truncation', 'rates.refusal',
        'by_feature.0.cost_usd.p95', 'by_feature.5.cost_share', 'week_over_week.overall.cost_usd.total.change', 'inputs.unpriced.records']) {
        expect(paths.has(p), p).toBe(true);
      }
      const want = expectedCharts(sampleDoc);
      const days = everyDay(sampleDoc.daily);
      for (const c of seen.charts) {
        const series = want.get(c.section)!;
        if (c.section !== 'distribution') expect(c.labels, c.label!).toEqual(days);
        for (const d of c.datasets!) {
          const data = c.section === 'distribution' ? d.data.map((p: any) => p.y) : d.data;
          expect(series.has(d.label), `${c.section}: series ${d.label}`).toBe(true);
          expect(data, `${c.section}: ${d.label}`).toEqual(series.get(d.label));
        }
      }
      const drawn = seen.charts.flatMap((c) => c.datasets!.map((d: any) => `${c.section}:${d.label}`));
      for (const [section, series] of want) for (const label of series.keys()) expect(drawn, `${section}:${label} drawn`).toContain(`${section}:${label}`);
    } finally {
      await o.close();
    }
  }, 60_000);

  it('dark scheme and a phone width: dark background, nothing wider than the screen', async () => {
    const dark = await open(sampleHtml, { colorScheme: 'dark' });
    try {
      expect(dark.problems).toEqual([]);
      const bg = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(bg).toBe('rgb(13, 17, 23)');
      await dark.page.screenshot({ path: artifact('html-report-dark.png'), fullPage: true });
      // Switching the scheme with the page open redraws the charts in the new colours.
      const tickColour = () => dark.page.evaluate(() => (window as any).Chart.getChart(document.querySelector('canvas')).options.scales.x.ticks.color);
      const before = await tickColour();
      await dark.page.emulateMedia({ colorScheme: 'light' });
      await dark.page.waitForFunction((c) => (window as any).Chart.getChart(document.querySelector('canvas')).options.scales.x.ticks.color !== c, before);
      expect(await tickColour()).toBe('#59636e');
      expect(dark.problems).toEqual([]);
    } finally {
      await dark.close();
    }
    const phone = await open(sampleHtml, { width: 390 });
    try {
      expect(phone.problems).toEqual([]);
      const sizes = await phone.page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth,
        canvases: [...document.querySelectorAll('canvas')].map((c) => c.getBoundingClientRect().width) }));
      expect(sizes.page).toBeLessThanOrEqual(sizes.screen);
      for (const w of sizes.canvases) expect(w).toBeLessThanOrEqual(sizes.screen);
      await phone.page.screenshot({ path: artifact('html-report-phone.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  }, 60_000);

  it('renders hostile feature and model names as text: no element, no script, no dialog, no request', async () => {
    const base = { model: 'claude-haiku-4-5', input_tokens: 1000, output_tokens: 50, latency_s: 1.2, stop_reason: 'end_turn' };
    const logs = t.write('hostile/logs.jsonl', jsonl([
      { ...base, ts: '2026-11-20T10:00:00Z', feature: HOSTILE },
      { ...base, ts: '2026-11-21T10:00:00Z', feature: HOSTILE, output_tokens: 900, stop_reason: 'max_tokens' },
      { ...base, ts: '2026-11-21T11:00:00Z', feature: HOSTILE_2 },
      { ...base, ts: '2026-11-28T11:00:00Z', feature: 'ok\u2028line' },
      { ...base, ts: '2026-11-28T12:00:00Z', feature: 'chat', model: HOSTILE_MODEL },
    ]));
    const file = path.join(t.dir, 'hostile.html');
    const r = run(['baseline', logs, '--html', file, '-q']);
    expect(r.code, r.stderr).toBe(0);
    const o = await open(file);
    try {
      const seen = await o.page.evaluate(() => ({
        injected: document.querySelectorAll('img, svg, iframe, object, embed, script:not([id]):not([type])').length,
        scripts: document.querySelectorAll('script').length,
        cells: [...document.querySelectorAll('#features td.name')].map((c) => c.textContent),
        quality: document.getElementById('quality')!.textContent!,
        legend: (window as any).Chart.getChart(document.querySelector('#cost canvas')).data.datasets.map((d: any) => d.label),
      }));
      expect(o.problems).toEqual([]);
      expect(o.requests).toEqual([pathToFileURL(file).href]);
      expect(seen.scripts).toBe(3);
      // The two inline scripts are Chart.js and the report; nothing else became an element.
      expect(seen.injected).toBe(2);
      expect(seen.cells).toEqual(expect.arrayContaining([HOSTILE, HOSTILE_2, 'ok\u2028line']));
      expect(seen.legend).toEqual(expect.arrayContaining([HOSTILE, HOSTILE_2]));
      expect(seen.quality).toContain(HOSTILE_MODEL);
      expectNumbersEqualJson((await inspect(o.page)).numbers, JSON.parse(readFileSync(file, 'utf8').match(/id="llmops-data">([\s\S]*?)<\/script>/)![1]));
      await o.page.screenshot({ path: artifact('html-report-hostile.png'), fullPage: true });
    } finally {
      await o.close();
    }
  }, 60_000);

  it('marks week-over-week changes flagged significant (when the document has the flag)', async () => {
    const doc = structuredClone(sampleDoc);
    // Start from no flags (the real document carries its own), then flag exactly two changes.
    const clear = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(clear);
      else if (v !== null && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if ('significant' in o) o.significant = false;
        Object.values(o).forEach(clear);
      }
    };
    clear(doc.week_over_week);
    doc.week_over_week.overall.cost_usd.total.significant = true;
    doc.week_over_week.overall.requests.significant = false;
    doc.week_over_week.by_feature[0].cost_usd.p95.significant = true;
    const file = t.write('significant.html', renderHtml(doc));
    const o = await open(file);
    try {
      const cells = await o.page.evaluate(() => [...document.querySelectorAll('#wow td.sig')].map((c) => ({
        path: c.getAttribute('data-path'), label: c.getAttribute('aria-label') })));
      expect(o.problems).toEqual([]);
      expect(cells.map((c) => c.path)).toEqual(['week_over_week.overall.cost_usd.total.change', 'week_over_week.by_feature.0.cost_usd.p95.change']);
      for (const c of cells) expect(c.label).toMatch(/significant$/);
      expect(await o.page.textContent('#wow')).toContain('flagged significant');
    } finally {
      await o.close();
    }
    // Without the flag (a document from before significance tests) there is no mark and no legend for it.
    const unflagged = structuredClone(sampleDoc);
    const strip = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(strip);
      else if (v !== null && typeof v === 'object') {
        delete (v as Record<string, unknown>).significant;
        Object.values(v as Record<string, unknown>).forEach(strip);
      }
    };
    strip(unflagged.week_over_week);
    const unflaggedFile = t.write('unflagged.html', renderHtml(unflagged));
    expect(await (async () => {
      const p = await open(unflaggedFile);
      try { return [await p.page.locator('#wow td.sig').count(), (await p.page.textContent('#wow'))!.includes('flagged significant')]; } finally { await p.close(); }
    })()).toEqual([0, false]);
  }, 60_000);

  it('more than ten features: the ten largest drawn, the rest summed as "other", every one in the tables', async () => {
    const records = [];
    for (let f = 0; f < 13; f++) {
      for (const day of ['2026-11-20', '2026-11-21']) {
        records.push({ ts: `${day}T10:00:00Z`, model: 'claude-haiku-4-5', input_tokens: 1000 * (f + 1), output_tokens: 10, latency_s: 1, feature: `f${String(f).padStart(2, '0')}` });
      }
    }
    const file = path.join(t.dir, 'many.html');
    expect(run(['baseline', t.write('many.jsonl', jsonl(records)), '--html', file, '-q']).code).toBe(0);
    const o = await open(file);
    try {
      const seen = await inspect(o.page);
      const doc = JSON.parse(seen.data);
      expect(o.problems).toEqual([]);
      const cost = seen.charts.find((c) => c.section === 'cost')!;
      expect(cost.datasets!.map((d: any) => d.label)).toEqual([...doc.by_feature.slice(0, 10).map((f: any) => f.feature), 'other (3 features)']);
      const rest = doc.by_feature.slice(10).map((f: any) => f.feature);
      const other = cost.datasets![10].data as number[];
      ['2026-11-20', '2026-11-21'].forEach((day, i) => {
        const want = doc.daily_by_feature.filter((r: any) => r.date === day && rest.includes(r.feature)).reduce((a: number, r: any) => a + r.cost_usd, 0);
        expect(other[i]).toBeCloseTo(want, 12);
      });
      expect(seen.charts.filter((c) => c.section === 'distribution')).toHaveLength(12);
      expect(await o.page.locator('#features tbody tr').count()).toBe(14);
      expectNumbersEqualJson(seen.numbers, doc);
    } finally {
      await o.close();
    }
  }, 60_000);

  it('an empty log and one without timestamps still give a complete page, with no error', async () => {
    const empty = path.join(t.dir, 'empty.html');
    expect(run(['baseline', t.write('empty.jsonl', ''), '--html', empty, '-q']).code).toBe(0);
    const undated = path.join(t.dir, 'undated.html');
    expect(run(['baseline', t.write('undated.jsonl', jsonl([{ model: 'claude-haiku-4-5', input_tokens: 10, output_tokens: 2, feature: 'a' }])),
      '--html', undated, '-q']).code).toBe(0);
    for (const [file, charts] of [[empty, 0], [undated, 1]] as const) {
      const o = await open(file);
      try {
        const seen = await inspect(o.page);
        expect(o.problems, file).toEqual([]);
        expect(seen.sections).toHaveLength(8);
        expect(seen.charts, file).toHaveLength(charts);
        expect(await o.page.textContent('#cost')).toContain('No timestamped records');
        expectNumbersEqualJson(seen.numbers, JSON.parse(seen.data));
      } finally {
        await o.close();
      }
    }
  }, 60_000);
});

describe('--html and --format html on the command line', () => {
  it('--html writes the file and still prints the table; a bad target fails before reading, exit 2', () => {
    const t = tempDir();
    try {
      const file = path.join(t.dir, 'r.html');
      const r = run(['baseline', SAMPLE, '--html', file, '-q']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^llmops baseline: 8,487 requests/);
      expect(readFileSync(file, 'utf8').startsWith('<!doctype html>')).toBe(true);
      expectUsageError(run(['baseline', SAMPLE, '--html', path.join(t.dir, 'missing', 'r.html')]), /--html .*missing.*does not exist/);
      expectUsageError(run(['baseline', SAMPLE, '--html', t.dir]), /is a folder/);
      expectUsageError(run(['baseline', SAMPLE, '--html', '-']), /--format html/);
    } finally {
      t.cleanup();
    }
  });

  it('--format html is only for baseline', () => {
    expectUsageError(run(['cost', SAMPLE, '--format', 'html', '-q']), /--format html is only for baseline/);
  });
});
