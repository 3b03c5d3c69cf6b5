// The report's script, as text inlined into the page. It reads the embedded baseline document and
// builds every chart, table and summary from it; log strings only ever reach the page through
// textContent, attribute values and canvas text, never as markup. Kept free of backticks and
// dollar-brace so it can live in String.raw templates.

/**
 * The number formats of src/report/format.ts, in browser JavaScript: the report shows the same
 * text as the terminal table (test/html.test.ts holds the two to the same output).
 */
export const FORMAT_JS = String.raw`
var DASH = '\u2013';
var THOUSANDS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
function formatUsd(v) {
  if (v === null || v === undefined) return DASH;
  var abs = Math.abs(v);
  if (abs === 0) return '$0';
  if (abs >= 100) return '$' + v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  if (abs >= 1) return '$' + v.toFixed(2);
  if (abs >= 0.01) return '$' + v.toFixed(4);
  return '$' + v.toPrecision(3);
}
function formatCount(v) {
  if (v === null || v === undefined) return DASH;
  if (Math.abs(v) >= 1e9) return (v / 1e9).toFixed(2) + 'B';
  if (Math.abs(v) >= 1e6) return (v / 1e6).toFixed(2) + 'M';
  return THOUSANDS.format(v);
}
function formatSeconds(v) {
  if (v === null || v === undefined) return DASH;
  return v >= 100 ? v.toFixed(0) + ' s' : v >= 10 ? v.toFixed(1) + ' s' : v.toFixed(2) + ' s';
}
function formatPercent(v, digits) {
  if (v === null || v === undefined) return DASH;
  if (digits === undefined) digits = 1;
  var pct = v * 100;
  if (pct !== 0 && Math.abs(pct) < 0.1) return pct.toFixed(2) + '%';
  return pct.toFixed(digits) + '%';
}
function formatChange(v) {
  if (v === null || v === undefined) return DASH;
  var pct = v * 100;
  var sign = pct > 0 ? '+' : pct < 0 ? '\u2212' : '\u00b1';
  return sign + Math.abs(pct).toFixed(1) + '%';
}
`;

export const CLIENT_JS = String.raw`
(function () {
'use strict';
var doc = JSON.parse(document.getElementById('llmops-data').textContent);
var root = document.getElementById('report');
var MAX_SERIES = 10;
var MAX_MULTIPLES = 12;
var PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#86bcb6'];
var OTHER_COLOR = '#a0a7b0';
var STOP_COLORS = {
  end_turn: '#8fb996', tool_use: '#4e79a7', stop_sequence: '#76b7b2', pause_turn: '#edc948',
  max_tokens: '#f28e2b', model_context_window_exceeded: '#e15759', refusal: '#b07aa1', unknown: '#a0a7b0'
};
var FLAGGED = { max_tokens: 1, model_context_window_exceeded: 1, refusal: 1 };
var pct2 = function (v) { return formatPercent(v, 2); };

// ---- DOM helpers: text only ever through text nodes and attribute values ----
function el(tag, props, kids) {
  var e = document.createElement(tag);
  if (props) {
    Object.keys(props).forEach(function (k) {
      var v = props[k];
      if (v === undefined || v === null || v === false) return;
      if (k === 'text') e.textContent = String(v);
      else if (k === 'class') e.className = v;
      else e.setAttribute(k, String(v));
    });
  }
  (kids || []).forEach(function (c) {
    if (c === null || c === undefined || c === false) return;
    e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  });
  return e;
}
function get(path) {
  var v = doc;
  var parts = path.split('.');
  for (var i = 0; i < parts.length; i++) {
    if (v === null || v === undefined) return undefined;
    v = v[parts[i]];
  }
  return v;
}
/** A number from the document, formatted; data-path and data-value say exactly which JSON value it shows. */
function num(tag, path, fmt, cls) {
  var v = get(path);
  if (v === undefined) v = null;
  var e = el(tag, { class: cls });
  e.textContent = fmt(v);
  e.setAttribute('data-path', path);
  e.setAttribute('data-value', v === null ? 'null' : String(v));
  e.setAttribute('data-format', fmt.name);
  return e;
}
function td(text, cls) { return el('td', { class: cls, text: text }); }
function table(head, rows, opts) {
  opts = opts || {};
  var thead = el('thead', null, [el('tr', null, head.map(function (h, i) {
    return el('th', { scope: 'col', class: opts.leftCols && i < opts.leftCols ? 'text' : null, text: h });
  }))]);
  return el('div', { class: 'scroll' }, [el('table', { 'aria-label': opts.label }, [thead, el('tbody', null, rows)])]);
}
function details(label, content) {
  return el('details', null, [el('summary', { text: label }), content]);
}
function swatch(color) {
  var s = el('span', { class: 'swatch', 'aria-hidden': 'true' });
  s.style.background = color;
  return s;
}
function nameCell(name, color) {
  var c = el('td', { class: 'name text', title: name });
  if (color) c.appendChild(swatch(color));
  c.appendChild(document.createTextNode(name));
  return c;
}
var ids = 0;
function section(id, title, lede) {
  var s = el('section', { id: id, 'aria-labelledby': id + '-h' }, [el('h2', { id: id + '-h', text: title })]);
  if (lede) s.appendChild(el('p', { class: 'lede', text: lede }));
  root.appendChild(s);
  return s;
}
function summaryBox(entries, notes) {
  var id = 'summary-' + (++ids);
  var dl = el('dl');
  entries.forEach(function (e) {
    dl.appendChild(el('dt', { text: e[0] }));
    dl.appendChild(e[1]);
  });
  var box = el('div', { class: 'summary', id: id }, [dl]);
  (notes || []).forEach(function (n) { box.appendChild(el('p', { class: 'muted', text: n })); });
  return box;
}
function dd(text) { return el('dd', { text: text }); }
/** A date and the number shown for it, on one line. */
function ddOn(date, path, fmt) { return el('dd', null, [date + ' · ', num('span', path, fmt)]); }
function empty(text) { return el('p', { class: 'empty', text: text }); }

// ---- the days of the report, with gaps for days without records ----
function everyDay(rows) {
  if (rows.length === 0) return [];
  var out = [];
  var first = Date.parse(rows[0].date + 'T00:00:00Z');
  var last = Date.parse(rows[rows.length - 1].date + 'T00:00:00Z');
  for (var t = first; t <= last; t += 86400000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
var days = everyDay(doc.daily);
var dayPos = new Map(days.map(function (d, i) { return [d, i]; }));
var dailyIndex = new Map(doc.daily.map(function (d, i) { return [d.date, i]; }));
var dbfIndex = new Map();
(doc.daily_by_feature || []).forEach(function (r, i) { dbfIndex.set(r.date + '\u0000' + r.feature, i); });
var features = doc.by_feature.map(function (f) { return f.feature; });
var featureColor = new Map(features.map(function (f, i) { return [f, i < MAX_SERIES ? PALETTE[i % PALETTE.length] : OTHER_COLOR]; }));
var charted = features.slice(0, MAX_SERIES);
var uncharted = features.slice(MAX_SERIES);

/** Per calendar day: the daily_by_feature value of one feature, null where it had no records. */
function featureSeries(feature, key) {
  var out = days.map(function () { return null; });
  (doc.daily_by_feature || []).forEach(function (r) {
    if (r.feature === feature) out[dayPos.get(r.date)] = r[key];
  });
  return out;
}
function dailySeries(key) {
  var out = days.map(function () { return null; });
  doc.daily.forEach(function (r) { out[dayPos.get(r.date)] = r[key]; });
  return out;
}

// ---- charts: Chart.js, coloured from the stylesheet, redrawn when the colour scheme changes ----
var charts = [];
function css(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }
function applyTheme() {
  Chart.defaults.color = css('--muted');
  Chart.defaults.borderColor = css('--grid');
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.tooltip.backgroundColor = css('--fg');
  Chart.defaults.plugins.tooltip.titleColor = css('--bg');
  Chart.defaults.plugins.tooltip.bodyColor = css('--bg');
  Chart.defaults.plugins.tooltip.footerColor = css('--bg');
  Chart.defaults.plugins.legend.labels.boxWidth = 12;
  Chart.defaults.plugins.legend.labels.boxHeight = 12;
}
function chartBox(label, describedBy, cls) {
  var canvas = el('canvas', { role: 'img', 'aria-label': label, 'aria-describedby': describedBy });
  return { box: el('div', { class: 'chart' + (cls ? ' ' + cls : '') }, [canvas]), canvas: canvas };
}
function addChart(canvas, make) {
  var entry = { canvas: canvas, make: make, chart: null };
  charts.push(entry);
  return entry;
}
function drawAll() {
  applyTheme();
  charts.forEach(function (c) {
    if (c.chart) c.chart.destroy();
    c.chart = new Chart(c.canvas, c.make());
  });
}
function shortDate(label) { return String(label).slice(5); }
var dayAxis = {
  ticks: { autoSkip: true, maxRotation: 0, callback: function (v) { return shortDate(this.getLabelForValue(v)); } },
  grid: { display: false }
};
function usdTick(v) { return formatUsd(v); }
function countTick(v) { return formatCount(v); }
function pctTick(v) { return formatPercent(v, 0); }
function tooltipTitle(items) { return items.length ? items[0].label : ''; }
function indexTooltip(fmt, footer) {
  return {
    mode: 'index', intersect: false,
    filter: function (item) { return item.raw !== null && item.raw !== undefined; },
    callbacks: {
      title: tooltipTitle,
      label: function (item) { return item.dataset.label + ': ' + fmt(item.raw); },
      footer: footer
    }
  };
}

// ---- header ----
function header() {
  var w = doc.window, o = doc.overall, i = doc.inputs;
  var span = w.since === null && w.until === null ? 'all records' : (w.since || '\u2026') + ' \u2192 ' + (w.until || '\u2026');
  var dayText = days.length ? days.length + ' day' + (days.length === 1 ? '' : 's') + ', ' + days[0] + ' \u2192 ' + days[days.length - 1] : 'no timestamped records';
  var h = document.getElementById('top');
  h.appendChild(el('p', { text: span + ' (' + w.tz + ') \u00b7 ' + dayText + ' \u00b7 ' + formatCount(i.lines) + ' lines from ' + formatCount(i.files) + ' file' + (i.files === 1 ? '' : 's') }));
  var nav = el('nav', { 'aria-label': 'Sections' });
  [['cost', 'Daily cost'], ['traffic', 'Requests & tokens'], ['distribution', 'Cost per request'], ['latency', 'Latency'],
   ['stops', 'Stop reasons'], ['wow', 'Week over week'], ['features', 'By feature'], ['quality', 'Data quality']].forEach(function (s) {
    nav.appendChild(el('a', { href: '#' + s[0], text: s[1] }));
  });
  h.appendChild(nav);
  var kpis = el('div', { class: 'kpis', role: 'list', 'aria-label': 'Overall figures' });
  [['Total cost', 'overall.cost_usd.total', formatUsd], ['Requests', 'overall.requests', formatCount],
   ['Mean cost / request', 'overall.cost_usd.mean', formatUsd], ['p95 cost / request', 'overall.cost_usd.p95', formatUsd],
   ['p95 latency', 'overall.latency_s.p95', formatSeconds], ['Truncation rate', 'rates.truncation', pct2],
   ['Refusal rate', 'rates.refusal', pct2]].forEach(function (k) {
    kpis.appendChild(el('div', { class: 'kpi', role: 'listitem' }, [el('div', { class: 'label', text: k[0] }), num('div', k[1], k[2], 'value')]));
  });
  h.appendChild(kpis);
  document.title = 'llmops baseline \u00b7 ' + formatUsd(o.cost_usd.total) + ' \u00b7 ' + (days.length ? days[0] + ' \u2192 ' + days[days.length - 1] : span);
}

// ---- daily cost by feature ----
function costPanel() {
  var s = section('cost', 'Daily cost by feature', 'Cost of priced requests per calendar day (' + doc.window.tz + '), stacked by feature, largest feature at the bottom.');
  if (days.length === 0) { s.appendChild(empty('No timestamped records: nothing to draw by day.')); return; }
  var otherSeries = null;
  if (uncharted.length) {
    otherSeries = days.map(function () { return null; });
    (doc.daily_by_feature || []).forEach(function (r) {
      if (featureColor.get(r.feature) !== OTHER_COLOR || r.cost_usd === null) return;
      var p = dayPos.get(r.date);
      otherSeries[p] = (otherSeries[p] || 0) + r.cost_usd;
    });
  }
  var peak = null, low = null;
  doc.daily.forEach(function (d, i) {
    if (d.cost_usd === null) return;
    if (peak === null || d.cost_usd > doc.daily[peak].cost_usd) peak = i;
    if (low === null || d.cost_usd < doc.daily[low].cost_usd) low = i;
  });
  var entries = [['Total cost', num('dd', 'overall.cost_usd.total', formatUsd)], ['Days', dd(String(days.length))]];
  if (peak !== null) {
    entries.push(['Highest day', ddOn(doc.daily[peak].date, 'daily.' + peak + '.cost_usd', formatUsd)]);
    entries.push(['Lowest day', ddOn(doc.daily[low].date, 'daily.' + low + '.cost_usd', formatUsd)]);
  }
  if (doc.by_feature.length && doc.by_feature[0].cost_usd.total !== null) {
    entries.push(['Largest feature', dd(doc.by_feature[0].feature)], ['its share', num('dd', 'by_feature.0.cost_share', formatPercent)]);
  }
  var notes = uncharted.length ? ['"other" sums the ' + uncharted.length + ' smaller features; the table lists each one.'] : [];
  var box = summaryBox(entries, notes);
  var c = chartBox('Stacked bar chart of daily cost by feature over ' + days.length + ' days', box.id);
  s.appendChild(el('div', { class: 'panel' }, [el('div', { class: 'charts' }, [c.box]), box]));
  addChart(c.canvas, function () {
    var sets = charted.map(function (f) {
      return { label: f, data: featureSeries(f, 'cost_usd'), backgroundColor: featureColor.get(f), stack: 'cost' };
    });
    if (otherSeries) sets.push({ label: 'other (' + uncharted.length + ' features)', data: otherSeries, backgroundColor: OTHER_COLOR, stack: 'cost' });
    return {
      type: 'bar',
      data: { labels: days, datasets: sets },
      options: {
        scales: { x: Object.assign({ stacked: true }, dayAxis), y: { stacked: true, beginAtZero: true, ticks: { callback: usdTick } } },
        plugins: { tooltip: indexTooltip(formatUsd, function (items) {
          if (!items.length) return '';
          var i = dailyIndex.get(items[0].label);
          return i === undefined ? 'no records' : 'day total ' + formatUsd(doc.daily[i].cost_usd);
        }) }
      }
    };
  });
  var head = ['date'].concat(charted, uncharted, ['total']);
  var rows = days.map(function (d) {
    var cells = [td(d, 'text')];
    charted.concat(uncharted).forEach(function (f) {
      var i = dbfIndex.get(d + '\u0000' + f);
      cells.push(i === undefined ? td(DASH) : num('td', 'daily_by_feature.' + i + '.cost_usd', formatUsd));
    });
    var di = dailyIndex.get(d);
    cells.push(di === undefined ? td(DASH) : num('td', 'daily.' + di + '.cost_usd', formatUsd));
    return el('tr', null, cells);
  });
  s.appendChild(details('Daily cost by feature as a table', table(head, rows, { label: 'Daily cost by feature', leftCols: 1 })));
}

// ---- requests and tokens ----
function trafficPanel() {
  var s = section('traffic', 'Daily requests and tokens', 'Requests per day, and tokens per day by kind: input (uncached), cache read, cache write and output.');
  if (days.length === 0) { s.appendChild(empty('No timestamped records: nothing to draw by day.')); return; }
  var busiest = 0, quietest = 0;
  doc.daily.forEach(function (d, i) {
    if (d.requests > doc.daily[busiest].requests) busiest = i;
    if (d.requests < doc.daily[quietest].requests) quietest = i;
  });
  var box = summaryBox([
    ['Requests', num('dd', 'overall.requests', formatCount)],
    ['Busiest day', ddOn(doc.daily[busiest].date, 'daily.' + busiest + '.requests', formatCount)],
    ['Quietest day', ddOn(doc.daily[quietest].date, 'daily.' + quietest + '.requests', formatCount)],
    ['Input tokens', num('dd', 'overall.tokens.input', formatCount)],
    ['Cache read', num('dd', 'overall.tokens.cache_read', formatCount)],
    ['Cache write', num('dd', 'overall.tokens.cache_write', formatCount)],
    ['Output tokens', num('dd', 'overall.tokens.output', formatCount)]
  ], doc.inputs.no_timestamp ? [formatCount(doc.inputs.no_timestamp) + ' requests without a timestamp are in the totals but in no day.'] : []);
  var req = chartBox('Bar chart of requests per day', box.id, 'short');
  var tok = chartBox('Stacked bar chart of tokens per day by kind', box.id);
  s.appendChild(el('div', { class: 'panel' }, [el('div', { class: 'charts' }, [req.box, tok.box]), box]));
  addChart(req.canvas, function () {
    return {
      type: 'bar',
      data: { labels: days, datasets: [{ label: 'requests', data: dailySeries('requests'), backgroundColor: css('--accent') }] },
      options: {
        scales: { x: dayAxis, y: { beginAtZero: true, ticks: { callback: countTick } } },
        plugins: { legend: { display: false }, tooltip: indexTooltip(formatCount) }
      }
    };
  });
  var kinds = [['input', 'input_tokens', '#4e79a7'], ['cache read', 'cache_read_tokens', '#76b7b2'],
               ['cache write', 'cache_write_tokens', '#f28e2b'], ['output', 'output_tokens', '#b07aa1']];
  addChart(tok.canvas, function () {
    return {
      type: 'bar',
      data: { labels: days, datasets: kinds.map(function (k) { return { label: k[0], data: dailySeries(k[1]), backgroundColor: k[2], stack: 't' }; }) },
      options: {
        scales: { x: Object.assign({ stacked: true }, dayAxis), y: { stacked: true, beginAtZero: true, ticks: { callback: countTick } } },
        plugins: { tooltip: indexTooltip(formatCount) }
      }
    };
  });
  var rows = days.map(function (d) {
    var i = dailyIndex.get(d);
    if (i === undefined) return el('tr', null, [td(d, 'text'), td('no records', 'muted'), td(''), td(''), td(''), td('')]);
    return el('tr', null, [td(d, 'text')].concat(['requests', 'input_tokens', 'cache_read_tokens', 'cache_write_tokens', 'output_tokens'].map(function (k) {
      return num('td', 'daily.' + i + '.' + k, formatCount);
    })));
  });
  s.appendChild(details('Daily requests and tokens as a table', table(['date', 'requests', 'input', 'cache read', 'cache write', 'output'], rows, { label: 'Daily requests and tokens', leftCols: 1 })));
}

// ---- cost per request: the long tail, per feature ----
var markerPlugin = {
  id: 'llmopsMarkers',
  afterDatasetsDraw: function (chart, args, opts) {
    var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
    (opts.lines || []).forEach(function (m) {
      if (m.value === null || !(m.value > 0)) return;
      var px = x.getPixelForValue(Math.log10(m.value));
      if (px < area.left - 1 || px > area.right + 1) return;
      ctx.save();
      ctx.strokeStyle = m.color;
      ctx.fillStyle = m.color;
      ctx.lineWidth = 1.5;
      ctx.setLineDash(m.dash);
      ctx.beginPath();
      ctx.moveTo(px, area.top);
      ctx.lineTo(px, area.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.font = '600 11px ' + Chart.defaults.font.family;
      ctx.textAlign = m.align;
      ctx.textBaseline = 'top';
      ctx.fillText(m.label, px + (m.align === 'left' ? 4 : -4), area.top + 1);
      ctx.restore();
    });
  }
};
function usdAxisLabel(logValue) {
  var v = Math.pow(10, logValue);
  return '$' + Number(v.toPrecision(1)).toString();
}
function distributionPanel() {
  var s = section('distribution', 'Cost per request by feature', 'How cost per request is spread, on a log scale of cost shared by every feature: each bar counts the requests in one cost bin. The solid line marks the median (p50), the dashed line the 95th percentile (p95); what lies right of p95 is the long tail.');
  var shown = doc.by_feature.map(function (f, i) { return i; }).filter(function (i) {
    var h = doc.by_feature[i].cost_histogram;
    return h && h.counts.length > 0 && doc.by_feature[i].priced_requests > 0;
  });
  if (shown.length === 0) { s.appendChild(empty('No priced requests: no cost to draw.')); }
  var grid = el('div', { class: 'multiples' });
  shown.slice(0, MAX_MULTIPLES).forEach(function (i) {
    var f = doc.by_feature[i];
    var h = f.cost_histogram;
    var stats = el('div', { class: 'stats', id: 'summary-' + (++ids) }, [
      'p50 ', num('span', 'by_feature.' + i + '.cost_usd.p50', formatUsd), ' \u00b7 p95 ', num('span', 'by_feature.' + i + '.cost_usd.p95', formatUsd),
      ' \u00b7 max ', num('span', 'by_feature.' + i + '.cost_usd.max', formatUsd), ' \u00b7 ', num('span', 'by_feature.' + i + '.priced_requests', formatCount), ' priced'
    ]);
    if (h.zero > 0) stats.appendChild(document.createTextNode(' (' + formatCount(h.zero) + ' at $0, not on the log axis)'));
    var c = chartBox('Histogram of cost per request for feature ' + f.feature + ' on a log scale, with p50 and p95 marked', stats.id);
    grid.appendChild(el('div', { class: 'multiple' }, [el('h3', null, [swatch(featureColor.get(f.feature)), f.feature]), stats, c.box]));
    var lo = Math.log10(h.edges[0]), hi = Math.log10(h.edges[h.edges.length - 1]);
    addChart(c.canvas, function () {
      return {
        type: 'bar',
        plugins: [markerPlugin],
        data: { datasets: [{
          label: f.feature,
          // Empty bins are null, not 0, so minBarLength (which keeps a bin of 1 visible) draws nothing there.
          data: h.counts.map(function (n, b) { return { x: (Math.log10(h.edges[b]) + Math.log10(h.edges[b + 1])) / 2, y: n === 0 ? null : n }; }),
          backgroundColor: featureColor.get(f.feature), barPercentage: 1, categoryPercentage: 1, minBarLength: 2, borderWidth: 0,
          grouped: false
        }] },
        options: {
          scales: {
            x: { type: 'linear', min: lo, max: hi, offset: false, grid: { display: false },
                 afterBuildTicks: function (axis) {
                   var t = [];
                   for (var d = Math.ceil(lo - 1e-9); d <= hi + 1e-9; d++) t.push({ value: d });
                   axis.ticks = t;
                 },
                 ticks: { autoSkip: false, maxRotation: 0, callback: usdAxisLabel } },
            y: { beginAtZero: true, ticks: { precision: 0, maxTicksLimit: 4 } }
          },
          plugins: {
            legend: { display: false },
            llmopsMarkers: { lines: [
              { value: f.cost_usd.p50, label: 'p50', color: css('--p50'), dash: [], align: 'right' },
              { value: f.cost_usd.p95, label: 'p95', color: css('--p95'), dash: [5, 3], align: 'left' }
            ] },
            tooltip: {
              filter: function (item) { return item.raw.y !== null; },
              callbacks: {
                title: function (items) { var b = items[0].dataIndex; return formatUsd(h.edges[b]) + ' \u2013 ' + formatUsd(h.edges[b + 1]); },
                label: function (item) { return formatCount(item.raw.y) + ' request' + (item.raw.y === 1 ? '' : 's'); }
              }
            }
          }
        }
      };
    });
  });
  s.appendChild(grid);
  if (shown.length > MAX_MULTIPLES) s.appendChild(el('p', { class: 'muted', text: 'Drawn: the ' + MAX_MULTIPLES + ' features with the largest cost; the table lists every feature.' }));
  var rows = doc.by_feature.map(function (f, i) {
    var p = 'by_feature.' + i + '.';
    return el('tr', null, [nameCell(f.feature, featureColor.get(f.feature)), num('td', p + 'priced_requests', formatCount),
      num('td', p + 'cost_usd.mean', formatUsd), num('td', p + 'cost_usd.p50', formatUsd), num('td', p + 'cost_usd.p95', formatUsd),
      num('td', p + 'cost_usd.max', formatUsd), num('td', p + 'cost_histogram.zero', formatCount)]);
  });
  s.appendChild(details('Cost per request by feature as a table', table(['feature', 'priced requests', 'mean', 'p50', 'p95', 'max', 'at $0'], rows, { label: 'Cost per request by feature', leftCols: 1 })));
}

// ---- latency ----
function latencyPanel() {
  var s = section('latency', 'Daily p95 latency by feature', '95th percentile of latency per day: one line per feature, and all features together (dashed). A gap is a day without latency values for that feature.');
  if (days.length === 0) { s.appendChild(empty('No timestamped records: nothing to draw by day.')); return; }
  var worst = null;
  (doc.daily_by_feature || []).forEach(function (r, i) {
    if (r.latency_s_p95 !== null && (worst === null || r.latency_s_p95 > doc.daily_by_feature[worst].latency_s_p95)) worst = i;
  });
  var entries = [['p95 latency, all', num('dd', 'overall.latency_s.p95', formatSeconds)], ['p50 latency, all', num('dd', 'overall.latency_s.p50', formatSeconds)]];
  if (worst !== null) {
    var w = doc.daily_by_feature[worst];
    entries.push(['Slowest feature-day', ddOn(w.date, 'daily_by_feature.' + worst + '.latency_s_p95', formatSeconds)], ['feature', dd(w.feature)]);
  }
  var box = summaryBox(entries, uncharted.length ? ['Lines: the ' + charted.length + ' features with the largest cost; the table lists every feature.'] : []);
  var c = chartBox('Line chart of daily p95 latency per feature', box.id);
  s.appendChild(el('div', { class: 'panel' }, [el('div', { class: 'charts' }, [c.box]), box]));
  addChart(c.canvas, function () {
    var sets = charted.map(function (f) {
      return { label: f, data: featureSeries(f, 'latency_s_p95'), borderColor: featureColor.get(f), backgroundColor: featureColor.get(f), pointRadius: 2, borderWidth: 2, spanGaps: false };
    });
    sets.push({ label: 'all features', data: dailySeries('latency_s_p95'), borderColor: css('--fg'), backgroundColor: 'transparent', borderDash: [6, 4], pointRadius: 0, borderWidth: 2, spanGaps: false });
    return {
      type: 'line',
      data: { labels: days, datasets: sets },
      options: {
        scales: { x: dayAxis, y: { beginAtZero: true, ticks: { callback: function (v) { return v + ' s'; } } } },
        plugins: { tooltip: indexTooltip(formatSeconds) }
      }
    };
  });
  var all = charted.concat(uncharted);
  var rows = days.map(function (d) {
    var cells = [td(d, 'text')];
    all.forEach(function (f) {
      var i = dbfIndex.get(d + '\u0000' + f);
      cells.push(i === undefined ? td(DASH) : num('td', 'daily_by_feature.' + i + '.latency_s_p95', formatSeconds));
    });
    var di = dailyIndex.get(d);
    cells.push(di === undefined ? td(DASH) : num('td', 'daily.' + di + '.latency_s_p95', formatSeconds));
    return el('tr', null, cells);
  });
  s.appendChild(details('Daily p95 latency by feature as a table', table(['date'].concat(all, ['all']), rows, { label: 'Daily p95 latency by feature', leftCols: 1 })));
}

// ---- stop reasons ----
function stopsPanel() {
  var s = section('stops', 'Stop reasons over time', 'Share of each day\'s requests by stop_reason, and the daily truncation rate (max_tokens, model_context_window_exceeded) and refusal rate.');
  var reasons = doc.stop_reasons.map(function (r) { return r.stop_reason; });
  var color = function (r, i) { return STOP_COLORS[r] || PALETTE[(i + 3) % PALETTE.length]; };
  var overall = table(['stop_reason', 'count', 'share'], doc.stop_reasons.map(function (r, i) {
    var name = nameCell(r.stop_reason, color(r.stop_reason, i));
    if (FLAGGED[r.stop_reason]) name.classList.add('flag');
    return el('tr', null, [name, num('td', 'stop_reasons.' + i + '.count', formatCount), num('td', 'stop_reasons.' + i + '.share', pct2)]);
  }), { label: 'Stop reasons, all days', leftCols: 1 });
  var box = el('div', { class: 'summary', id: 'summary-' + (++ids) }, [
    el('dl', null, [el('dt', { text: 'Truncation rate' }), num('dd', 'rates.truncation', pct2), el('dt', { text: 'Refusal rate' }), num('dd', 'rates.refusal', pct2)]),
    overall
  ]);
  if (days.length === 0) {
    s.appendChild(el('div', { class: 'panel' }, [empty('No timestamped records: nothing to draw by day.'), box]));
    return;
  }
  var shares = chartBox('Stacked bar chart of stop reason shares per day', box.id);
  var rates = chartBox('Line chart of daily truncation and refusal rates', box.id, 'short');
  s.appendChild(el('div', { class: 'panel' }, [el('div', { class: 'charts' }, [shares.box, rates.box]), box]));
  var dsrIndex = new Map();
  (doc.daily_stop_reasons || []).forEach(function (r, i) { dsrIndex.set(r.date + '\u0000' + r.stop_reason, i); });
  function reasonSeries(reason, key) {
    return days.map(function (d) { var i = dsrIndex.get(d + '\u0000' + reason); return i === undefined ? (dailyIndex.has(d) ? 0 : null) : doc.daily_stop_reasons[i][key]; });
  }
  addChart(shares.canvas, function () {
    return {
      type: 'bar',
      data: { labels: days, datasets: reasons.map(function (r, i) { return { label: r, data: reasonSeries(r, 'share'), backgroundColor: color(r, i), stack: 's' }; }) },
      options: {
        scales: { x: Object.assign({ stacked: true }, dayAxis), y: { stacked: true, min: 0, max: 1, ticks: { callback: pctTick } } },
        plugins: { tooltip: indexTooltip(pct2) }
      }
    };
  });
  addChart(rates.canvas, function () {
    return {
      type: 'line',
      data: { labels: days, datasets: [
        { label: 'truncation rate', data: dailySeries('truncation_rate'), borderColor: STOP_COLORS.max_tokens, backgroundColor: STOP_COLORS.max_tokens, pointRadius: 2, borderWidth: 2 },
        { label: 'refusal rate', data: dailySeries('refusal_rate'), borderColor: STOP_COLORS.refusal, backgroundColor: STOP_COLORS.refusal, pointRadius: 2, borderWidth: 2 }
      ] },
      options: {
        scales: { x: dayAxis, y: { beginAtZero: true, ticks: { callback: function (v) { return formatPercent(v, 1); } } } },
        plugins: { tooltip: indexTooltip(pct2) }
      }
    };
  });
  var rows = days.map(function (d) {
    var di = dailyIndex.get(d);
    if (di === undefined) return el('tr', null, [td(d, 'text'), td('no records', 'muted')]);
    var cells = [td(d, 'text'), num('td', 'daily.' + di + '.requests', formatCount), num('td', 'daily.' + di + '.truncation_rate', pct2), num('td', 'daily.' + di + '.refusal_rate', pct2)];
    reasons.forEach(function (r) {
      var i = dsrIndex.get(d + '\u0000' + r);
      cells.push(i === undefined ? td(DASH) : num('td', 'daily_stop_reasons.' + i + '.share', pct2));
    });
    return el('tr', null, cells);
  });
  s.appendChild(details('Daily stop reasons as a table', table(['date', 'requests', 'truncation', 'refusal'].concat(reasons), rows, { label: 'Daily stop reason shares', leftCols: 1 })));
}

// ---- week over week ----
function hasSignificance(o) {
  if (o === null || typeof o !== 'object') return false;
  if (Object.prototype.hasOwnProperty.call(o, 'significant')) return true;
  return Object.keys(o).some(function (k) { return hasSignificance(o[k]); });
}
/** A change cell: arrow and sign, coloured when up is bad (cost, latency, failure rates), bold and dotted when flagged significant. */
function changeCell(path, upIsBad, withTitle, fmt) {
  var c = get(path);
  var cell = num('td', path + '.change', formatChange);
  if (!c) return cell;
  if (c.change !== null && c.change !== 0) {
    cell.textContent = (c.change > 0 ? '\u25b2 ' : '\u25bc ') + cell.textContent;
    if (upIsBad !== null) cell.classList.add(c.change > 0 ? (upIsBad ? 'up-bad' : 'up-good') : (upIsBad ? 'down-good' : 'down-bad'));
  }
  if (c.significant === true) {
    cell.classList.add('sig');
    cell.setAttribute('aria-label', cell.textContent + ', significant');
  }
  if (withTitle) cell.title = fmt(c.previous) + ' \u2192 ' + fmt(c.current);
  return cell;
}
function wowPanel() {
  var s = section('wow', 'Week over week', null);
  var w = doc.week_over_week;
  if (w === null) { s.appendChild(empty('No timestamped records: no weeks to compare.')); return; }
  s.appendChild(el('p', { class: 'lede', text: 'Current week ' + w.current.since + ' \u2192 ' + w.current.until + ', previous week ' + w.previous.since + ' \u2192 ' + w.previous.until + '. Change = (current \u2212 previous) / previous; red is worse, green better.' }));
  var sig = hasSignificance(w);
  if (sig) s.appendChild(el('p', { class: 'lede', text: '\u25cf and bold: a change flagged significant; the others may be noise.' }));
  var count = function (v) { return v === null ? DASH : formatCount(v); };
  var metrics = [['requests', 'requests', count, null], ['cost total', 'cost_usd.total', formatUsd, true], ['cost mean', 'cost_usd.mean', formatUsd, true],
    ['cost p95', 'cost_usd.p95', formatUsd, true], ['latency mean', 'latency_s.mean', formatSeconds, true], ['latency p95', 'latency_s.p95', formatSeconds, true],
    ['truncation rate', 'truncation_rate', pct2, true], ['refusal rate', 'refusal_rate', pct2, true]];
  var rows = metrics.map(function (m) {
    var p = 'week_over_week.overall.' + m[1];
    return el('tr', null, [td(m[0], 'text'), num('td', p + '.previous', m[2]), num('td', p + '.current', m[2]), changeCell(p, m[3], false, m[2])]);
  });
  s.appendChild(el('h3', { text: 'All features' }));
  s.appendChild(table(['metric', 'previous', 'current', 'change'], rows, { label: 'Week over week, all features', leftCols: 1 }));
  if (w.by_feature.length) {
    var cols = metrics.filter(function (m) { return m[0] !== 'latency mean'; });
    s.appendChild(el('h3', { text: 'By feature' }));
    s.appendChild(el('p', { class: 'lede', text: 'Change per feature (hover a cell for previous \u2192 current).' }));
    var frows = w.by_feature.map(function (f, i) {
      return el('tr', null, [nameCell(f.feature, featureColor.get(f.feature))].concat(cols.map(function (m) {
        return changeCell('week_over_week.by_feature.' + i + '.' + m[1], m[3], true, m[2]);
      })));
    });
    s.appendChild(table(['feature'].concat(cols.map(function (m) { return m[0]; })), frows, { label: 'Week over week by feature', leftCols: 1 }));
  }
}

// ---- by feature ----
function featuresPanel() {
  var s = section('features', 'By feature', 'Every feature, largest cost first. Cost statistics are over priced requests; latency over requests that logged one.');
  if (doc.by_feature.length === 0) { s.appendChild(empty('No requests.')); return; }
  var rows = doc.by_feature.map(function (f, i) {
    var p = 'by_feature.' + i + '.';
    var bar = el('span', { class: 'sharebar', 'aria-hidden': 'true' });
    bar.style.width = f.cost_share === null ? '0' : Math.max(1, Math.round(f.cost_share * 60)) + 'px';
    var shareCell = num('td', p + 'cost_share', formatPercent);
    shareCell.insertBefore(bar, shareCell.firstChild);
    return el('tr', null, [nameCell(f.feature, featureColor.get(f.feature)), num('td', p + 'requests', formatCount), num('td', p + 'cost_usd.total', formatUsd),
      shareCell,
      num('td', p + 'cost_usd.mean', formatUsd), num('td', p + 'cost_usd.p50', formatUsd), num('td', p + 'cost_usd.p95', formatUsd), num('td', p + 'cost_usd.max', formatUsd),
      num('td', p + 'latency_s.mean', formatSeconds), num('td', p + 'latency_s.p95', formatSeconds),
      num('td', p + 'truncation_rate', formatPercent), num('td', p + 'refusal_rate', formatPercent)]);
  });
  var o = 'overall.';
  rows.push(el('tr', { class: 'total' }, [td('all features', 'text'), num('td', o + 'requests', formatCount), num('td', o + 'cost_usd.total', formatUsd), td(''),
    num('td', o + 'cost_usd.mean', formatUsd), num('td', o + 'cost_usd.p50', formatUsd), num('td', o + 'cost_usd.p95', formatUsd), num('td', o + 'cost_usd.max', formatUsd),
    num('td', o + 'latency_s.mean', formatSeconds), num('td', o + 'latency_s.p95', formatSeconds),
    num('td', o + 'truncation_rate', formatPercent), num('td', o + 'refusal_rate', formatPercent)]));
  s.appendChild(table(['feature', 'requests', 'cost', 'share', 'mean cost', 'p50 cost', 'p95 cost', 'max cost', 'mean latency', 'p95 latency', 'truncation', 'refusal'], rows, { label: 'By feature', leftCols: 1 }));
}

// ---- data quality ----
function numberEntries(o) {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return [];
  return Object.keys(o).filter(function (k) { return typeof o[k] === 'number'; });
}
function qualityPanel() {
  var s = section('quality', 'Data quality', 'Every line read lands in exactly one count: lines = records \u2212 extra records + blank + malformed (extra records: the second and later records of a line that holds several, as OpenTelemetry exports do); requests = records \u2212 duplicates \u2212 out of window.');
  var i = doc.inputs;
  var acct = [['lines read', 'inputs.lines'], ['records', 'inputs.records'], ['blank lines', 'inputs.skipped.blank'], ['malformed lines (skipped)', 'inputs.skipped.malformed'],
    ['duplicates dropped', 'inputs.skipped.duplicate'], ['out of window', 'inputs.skipped.out_of_window'], ['requests used', 'overall.requests'],
    ['without timestamp', 'inputs.no_timestamp'], ['unpriced', 'inputs.unpriced.records'], ['files', 'inputs.files']];
  if (typeof i.extra_records === 'number') acct.splice(2, 0, ['extra records on multi-record lines', 'inputs.extra_records']);
  var left = el('div', null, [el('h3', { text: 'Lines and records' }), table(['', 'count'], acct.map(function (a) {
    return el('tr', null, [td(a[0], 'text'), num('td', a[1], formatCount)]);
  }), { label: 'Line accounting', leftCols: 1 })]);
  var right = el('div');
  var reasons = i.skipped && i.skipped.by_reason;
  if (reasons && typeof reasons === 'object') {
    var rrows = Array.isArray(reasons)
      ? reasons.map(function (r, k) { return el('tr', null, [td(String(r.reason !== undefined ? r.reason : r.kind), 'text'), num('td', 'inputs.skipped.by_reason.' + k + '.count', formatCount)]); })
      : numberEntries(reasons).map(function (k) { return el('tr', null, [td(k, 'text'), num('td', 'inputs.skipped.by_reason.' + k, formatCount)]); });
    right.appendChild(el('h3', { text: 'Skipped lines by reason' }));
    right.appendChild(table(['reason', 'lines'], rrows, { label: 'Skipped lines by reason', leftCols: 1 }));
  }
  right.appendChild(el('h3', { text: 'Unpriced models' }));
  right.appendChild(i.unpriced.models.length
    ? el('p', null, [num('span', 'inputs.unpriced.records', formatCount), ' requests left out of cost statistics, from: ' + i.unpriced.models.join(', ') + '. Add prices with --prices FILE.'])
    : el('p', { class: 'muted', text: 'None: every model had a price.' }));
  if (numberEntries(i.formats).length) {
    right.appendChild(el('h3', { text: 'Records by log shape' }));
    right.appendChild(table(['shape', 'records'], numberEntries(i.formats).map(function (k) { return el('tr', null, [td(k, 'text'), num('td', 'inputs.formats.' + k, formatCount)]); }), { label: 'Records by log shape', leftCols: 1 }));
  }
  s.appendChild(el('div', { class: 'cols2' }, [left, right]));
  if (i.skipped_examples.length) {
    s.appendChild(el('h3', { text: 'First skipped lines' }));
    var hasKind = i.skipped_examples.some(function (e) { return e.kind !== undefined; });
    s.appendChild(table(['at'].concat(hasKind ? ['kind'] : [], ['reason']), i.skipped_examples.map(function (e) {
      return el('tr', null, [td(e.at, 'wrap-text')].concat(hasKind ? [td(String(e.kind), 'text')] : [], [td(e.reason, 'wrap-text')]));
    }), { label: 'First skipped lines', leftCols: 3 }));
  }
  if (i.read_errors.length) {
    s.appendChild(el('h3', { text: 'Read errors' }));
    s.appendChild(el('ul', null, i.read_errors.map(function (e) { return el('li', { text: e }); })));
  }
}

header();
[costPanel, trafficPanel, distributionPanel, latencyPanel, stopsPanel, wowPanel, featuresPanel, qualityPanel].forEach(function (panel) { panel(); });
drawAll();
var scheme = window.matchMedia('(prefers-color-scheme: dark)');
if (scheme.addEventListener) scheme.addEventListener('change', drawAll);
document.documentElement.setAttribute('data-ready', String(charts.length));
})();
`;
