// A UsageRecord for unit tests: zero tokens, no optional fields, overridden as needed.
import type { UsageRecord } from '../../src/types.js';

export function usageRecord(model: string, fields: Partial<UsageRecord> = {}): UsageRecord {
  return {
    requestId: null, model, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0,
    cacheWrite1hTokens: null, batch: false, webSearchRequests: 0, loggedCostUsd: null, latencyS: null,
    stopReason: 'end_turn', feature: 'f', timestampMs: null, shape: 'wrapper', source: {}, ...fields,
  };
}
