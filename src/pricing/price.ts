// The cost of one call under Anthropic's usage semantics: input_tokens excludes cached tokens,
// which are priced separately as cache reads and cache writes.
import type { ModelPrice } from './price-table.js';

export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** USD for one call. */
export function costOf(tokens: TokenCounts, price: ModelPrice): number {
  return (
    tokens.inputTokens * price.input +
    tokens.cacheWriteTokens * price.cacheWrite +
    tokens.cacheReadTokens * price.cacheRead +
    tokens.outputTokens * price.output
  ) / 1e6;
}
