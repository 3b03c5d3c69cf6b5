// Report document + output format → text for stdout. Commands call only this; each format's
// renderer lives in its own module.
import type { BaselineJson, CostJson } from './contract.js';
import { BASELINE_SCHEMA } from './contract.js';
import { colorEnabled, paint } from './color.js';
import { renderBaselineTable, renderCostTable } from './table.js';

export const FORMATS = ['table', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export type ReportDocument = BaselineJson | CostJson;

export interface RenderTarget {
  /** The stream the text goes to: colour only when it is a terminal (and NO_COLOR/FORCE_COLOR allow). */
  stream: { isTTY?: boolean };
}

export function renderDocument(doc: ReportDocument, format: Format, target: RenderTarget): string {
  switch (format) {
    case 'json':
      return JSON.stringify(doc, null, 2) + '\n';
    case 'table': {
      const options = { paint: paint(colorEnabled(target.stream)) };
      return doc.schema === BASELINE_SCHEMA ? renderBaselineTable(doc, options) : renderCostTable(doc as CostJson, options);
    }
  }
}
