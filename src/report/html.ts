// `--format html` / `--html FILE`: one self-contained page that embeds the baseline document exactly
// as `--json` prints it and draws every chart and table from it in the browser. Chart.js, the
// stylesheet and the script are inlined; a Content-Security-Policy forbids every fetch.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BaselineJson } from './contract.js';
import { CLIENT_JS, FORMAT_JS } from './html/client.js';
import { STYLE_CSS } from './html/style.js';

/**
 * Chart.js's UMD build, minified. The package's `exports` map does not expose dist/ files, so the
 * main entry is resolved and its folder (dist/) used.
 */
export function chartJsPath(): string {
  const main = createRequire(import.meta.url).resolve('chart.js');
  return path.join(path.dirname(main), 'chart.umd.min.js');
}

let chartJs: string | null = null;

/**
 * The library text to inline: without its source-map comment (a map the page never has) and with
 * the scheme taken off the two URLs in its licence comments, so the page names no URL at all.
 */
export function chartJsSource(): string {
  if (chartJs === null) {
    chartJs = readFileSync(chartJsPath(), 'utf8')
      .replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, '\n')
      .replace(/\/\*![\s\S]*?\*\//g, (comment) => comment.replace(/https?:\/\//g, ''));
  }
  return chartJs;
}

/**
 * JSON for a `<script type="application/json">` element: `<` is written \u003c so no string can close
 * the element or open a comment, and U+2028/U+2029 escaped for old parsers. JSON.parse reads it back
 * unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Inline code must not be able to end its own element. */
function assertInlineSafe(name: string, text: string): string {
  if (/<\/(script|style)/i.test(text) || text.includes('<!--')) throw new Error(`${name} cannot be inlined: it contains </script, </style or <!--`);
  return text;
}

/** node:crypto is loaded here, when a page is made: as an import it loaded with every other output
 *  format too (render.ts imports every renderer), ~16 internal modules and ~2 ms of each run. */
function sha256(text: string): string {
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export function renderHtml(doc: BaselineJson): string {
  const library = assertInlineSafe('chart.js', chartJsSource());
  const client = assertInlineSafe('client script', `(function () {\n${FORMAT_JS}\n${CLIENT_JS}\n})();\n`);
  const style = assertInlineSafe('stylesheet', STYLE_CSS);
  // Only these two scripts may run, and nothing may be fetched: no images, fonts, frames or connections.
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(library)} ${sha256(client)}`,
    "style-src 'unsafe-inline'",
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="generator" content="llmops">
<title>llmops baseline</title>
<style>${style}</style>
</head>
<body>
<div class="wrap">
<header id="top">
<h1>llmops baseline</h1>
<noscript><p>This report draws its charts and tables with JavaScript. The data is in this file as JSON: the
<code>script</code> element with id <code>llmops-data</code> holds the <code>llmops baseline --json</code> document.</p></noscript>
</header>
<main id="report"></main>
<footer>
<p>Made by llmops from the <code>llmops.baseline/v1</code> document embedded in this file (the <code>script</code> element
<code>#llmops-data</code>, the same JSON as <code>llmops baseline --json</code>). Charts drawn with Chart.js (MIT licence), inlined.
The page makes no network requests.</p>
</footer>
</div>
<script type="application/json" id="llmops-data">${jsonForScript(doc)}</script>
<script>${library}</script>
<script>${client}</script>
</body>
</html>
`;
}
