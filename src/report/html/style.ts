// The report's stylesheet: system fonts only (no web fonts, nothing fetched), light and dark from
// prefers-color-scheme, one column on a phone. Charts read their colours from these variables.

export const STYLE_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --grid: #e1e6eb; --axis: #8c959f;
  --panel: #f6f8fa; --border: #d1d9e0; --accent: #0969da;
  --bad: #cf222e; --good: #1a7f37; --warn: #9a6700; --bar: #0969da33;
  --p50: #1f2328; --p95: #cf222e;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --grid: #262c36; --axis: #656c76;
    --panel: #151b23; --border: #3d444d; --accent: #4493f8;
    --bad: #f85149; --good: #3fb950; --warn: #d29922; --bar: #4493f855;
    --p50: #e6edf3; --p95: #ff7b72;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
.wrap { max-width: 1180px; margin: 0 auto; padding: 20px 24px 48px; }
header h1 { font-size: 1.5rem; margin: 0 0 4px; }
header p { margin: 0; color: var(--muted); }
nav { margin: 14px 0 4px; display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 0.9rem; }
nav a { color: var(--accent); text-decoration: none; }
nav a:hover, nav a:focus { text-decoration: underline; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 18px 0 8px; }
.kpi { background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 10px 12px; }
.kpi .label { color: var(--muted); font-size: 0.8rem; }
.kpi .value { font-size: 1.3rem; font-weight: 600; font-variant-numeric: tabular-nums; }
section { margin-top: 34px; }
h2 { font-size: 1.2rem; margin: 0 0 4px; border-bottom: 1px solid var(--border); padding-bottom: 6px; }
h3 { font-size: 1rem; margin: 16px 0 6px; }
.lede { color: var(--muted); margin: 6px 0 12px; font-size: 0.92rem; }
.panel { display: grid; grid-template-columns: minmax(0, 3fr) minmax(220px, 1fr); gap: 16px; align-items: start; }
.charts { display: grid; gap: 14px; min-width: 0; }
.chart { position: relative; height: 300px; min-width: 0; }
.chart.short { height: 190px; }
.chart canvas { display: block; }
.summary { background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 10px 12px; font-size: 0.9rem; }
.summary dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 4px 10px; }
.summary dt { color: var(--muted); }
.summary dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.summary p { margin: 8px 0 0; }
.summary .scroll { margin-top: 10px; }
.summary table { width: 100%; font-size: 0.82rem; }
.summary th, .summary td { padding: 3px 4px; background: transparent; }
.cols2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 8px 24px; align-items: start; }
.multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 12px 18px; }
.multiple { background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 8px 10px 6px; min-width: 0; }
.multiple h3 { margin: 0; font-size: 0.95rem; display: flex; align-items: center; gap: 6px; overflow-wrap: anywhere; }
.multiple .stats { color: var(--muted); font-size: 0.8rem; margin: 2px 0 4px; font-variant-numeric: tabular-nums; }
.multiple .chart { height: 150px; }
details { margin-top: 10px; }
details > summary { cursor: pointer; color: var(--accent); font-size: 0.9rem; }
.scroll { overflow-x: auto; max-width: 100%; }
details .scroll { max-height: 420px; overflow-y: auto; margin-top: 6px; }
table { border-collapse: collapse; font-size: 0.86rem; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--border); text-align: right; white-space: nowrap; }
th { font-weight: 600; background: var(--panel); position: sticky; top: 0; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
td.name { max-width: 22ch; overflow: hidden; text-overflow: ellipsis; }
td.wrap-text { white-space: normal; overflow-wrap: anywhere; text-align: left; min-width: 16ch; }
tr.total td { font-weight: 600; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; flex: none; }
.sharebar { display: inline-block; height: 9px; background: var(--accent); border-radius: 2px; vertical-align: middle; margin-right: 6px; }
.up-bad, .down-bad { color: var(--bad); }
.up-good, .down-good { color: var(--good); }
.sig { font-weight: 700; }
.sig::after { content: " \\25CF"; font-size: 0.75em; vertical-align: middle; }
.flag { color: var(--warn); font-weight: 600; }
.muted { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; padding: 20px 0; }
footer { margin-top: 44px; color: var(--muted); font-size: 0.82rem; border-top: 1px solid var(--border); padding-top: 10px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
@media (max-width: 900px) {
  .panel { grid-template-columns: minmax(0, 1fr); }
}
@media (max-width: 600px) {
  .wrap { padding: 14px 12px 36px; }
  body { font-size: 14px; }
  .chart { height: 240px; }
  .chart.short { height: 170px; }
  .multiples { grid-template-columns: minmax(0, 1fr); }
  .kpi .value { font-size: 1.1rem; }
}
@media print {
  nav, details > summary { display: none; }
  section { break-inside: avoid; }
}
`;
