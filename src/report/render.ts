// Report document + output format → text for stdout. Commands call only this; each format's
// renderer lives in its own module.
import type { BaselineJson, CostJson } from './contract.js';
import { BASELINE_SCHEMA, COST_SCHEMA } from './contract.js';
import { CHECK_SCHEMA, type CheckJson } from './check.js';
import { renderCheckTable } from './check-table.js';
import { COMPARE_SCHEMA, type CompareJson } from './compare.js';
import { renderCompareTable } from './compare-table.js';
import { renderBaselineCsv, renderCheckCsv, renderCompareCsv, renderCostCsv } from './csv.js';
import { renderBaselineMarkdown, renderCheckMarkdown, renderCompareMarkdown, renderCostMarkdown } from './markdown.js';
import { colorEnabled, paint } from './color.js';
import { renderHtml } from './html.js';
import { unicodeEnabled } from './sparkline.js';
import { renderBaselineTable, renderCostTable } from './table.js';
import { UsageError } from '../errors.js';
import { renderJson } from './json.js';

export { FORMATS, type Format } from './formats.js';
import type { Format } from './formats.js';

export type ReportDocument = BaselineJson | CostJson | CheckJson | CompareJson;

export interface RenderTarget {
  /** The stream the text goes to: colour only when it is a terminal (and NO_COLOR/FORCE_COLOR allow). */
  stream: { isTTY?: boolean; columns?: number };
}

/** Columns of the terminal the text goes to; undefined for a pipe or file (they get full tables). */
function terminalWidth(stream: { isTTY?: boolean; columns?: number }): number | undefined {
  return stream.isTTY === true && typeof stream.columns === 'number' && stream.columns > 0 ? stream.columns : undefined;
}

export function renderDocument(doc: ReportDocument, format: Format, target: RenderTarget): string {
  switch (format) {
    case 'json':
      return renderJson(doc);
    case 'table': {
      const options = { paint: paint(colorEnabled(target.stream)), unicode: unicodeEnabled(), width: terminalWidth(target.stream) };
      switch (doc.schema) {
        case BASELINE_SCHEMA: return renderBaselineTable(doc, options);
        case COST_SCHEMA: return renderCostTable(doc, options);
        case CHECK_SCHEMA: return renderCheckTable(doc, options);
        case COMPARE_SCHEMA: return renderCompareTable(doc, options);
      }
      break;
    }
    case 'markdown':
      switch (doc.schema) {
        case BASELINE_SCHEMA: return renderBaselineMarkdown(doc);
        case COST_SCHEMA: return renderCostMarkdown(doc);
        case CHECK_SCHEMA: return renderCheckMarkdown(doc);
        case COMPARE_SCHEMA: return renderCompareMarkdown(doc);
      }
      break;
    case 'csv':
      switch (doc.schema) {
        case BASELINE_SCHEMA: return renderBaselineCsv(doc);
        case COST_SCHEMA: return renderCostCsv(doc);
        case CHECK_SCHEMA: return renderCheckCsv(doc);
        case COMPARE_SCHEMA: return renderCompareCsv(doc);
      }
      break;
    case 'html':
      if (doc.schema !== BASELINE_SCHEMA) throw new UsageError('html output is only for baseline');
      return renderHtml(doc);
  }
  throw new Error(`no ${format} renderer for ${(doc as { schema: string }).schema}`);
}
