// What pricing had to assume or match loosely, as lines for stderr. Kept apart from the prices
// report so every command can print them without loading table rendering.
import { LOOSE, type ResolveHow } from '../pricing/model-id.js';
import type { PricingTally } from '../pricing/price.js';
import { formatCount, safeText } from './format.js';

export const HOW_TEXT: Record<ResolveHow, string> = {
  exact: 'exact',
  alias: 'alias',
  date_suffix: 'without date suffix',
  case: 'ignoring case',
  provider_form: 'provider form',
};

/** Lines for stderr: ids priced by a loose match, and records a cost mode or an effective date left unpriced. */
export function pricingNotes(t: PricingTally): string[] {
  const lines: string[] = [];
  const loose = [...t.models].filter(([, u]) => u.resolution.how !== null && LOOSE.has(u.resolution.how) && u.resolution.prices !== null);
  if (loose.length > 0) {
    const list = loose.map(([model, u]) => `${safeText(model)} as ${safeText(u.resolution.prices!.id)} (${HOW_TEXT[u.resolution.how!]}, ${formatCount(u.records)})`);
    lines.push(`llmops: note: priced ${list.join('; ')}`);
  }
  if (t.noLoggedCost > 0) {
    lines.push(`llmops: warning: --cost-mode logged: ${formatCount(t.noLoggedCost)} record${t.noLoggedCost === 1 ? '' : 's'} without cost_usd left unpriced (--cost-mode auto calculates them)`);
  }
  if (t.beforeFirstPrice > 0) {
    lines.push(`llmops: warning: ${formatCount(t.beforeFirstPrice)} record${t.beforeFirstPrice === 1 ? ' is' : 's are'} dated before their model's first price (since) and left unpriced`);
  }
  return lines;
}

