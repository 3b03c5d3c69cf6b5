// Logged model ids → the forms a price table is keyed by: a date suffix dropped, and the provider
// wrappings (LiteLLM/OpenRouter `anthropic/…`, Bedrock `us.anthropic.…-v1:0`, Vertex `…@20250929`) undone.

/** How a logged id found its price: exactly, through a declared alias, or loosely. */
export type ResolveHow = 'exact' | 'alias' | 'date_suffix' | 'case' | 'provider_form';

/** Resolutions that are guesses worth telling the user about (a date suffix or an alias is not). */
export const LOOSE: ReadonlySet<ResolveHow> = new Set<ResolveHow>(['case', 'provider_form']);

export const DATE_SUFFIX = /-\d{8}$/;

/** `claude-sonnet-4-6-20260301` → `claude-sonnet-4-6`; null when there is no 8-digit date suffix. */
export function withoutDate(id: string): string | null {
  return DATE_SUFFIX.test(id) ? id.slice(0, -9) : null;
}

/**
 * The provider-neutral, lower-case form of an id:
 *   anthropic/claude-sonnet-4.5, openrouter/anthropic/…      → claude-sonnet-4-5
 *   us.anthropic.claude-sonnet-4-5-20250929-v1:0, anthropic.… → claude-sonnet-4-5
 *   claude-3-5-sonnet-v2@20241022 (Vertex)                    → claude-3-5-sonnet
 *   claude-sonnet-4-5[1m] (Claude Code's 1M-context marker)   → claude-sonnet-4-5
 *   anthropic/claude-3.5-sonnet:beta (OpenRouter variant)     → claude-3-5-sonnet
 */
export function normalizeModelId(id: string): string {
  let s = id.trim().toLowerCase();
  const slash = s.lastIndexOf('/');
  if (slash >= 0) s = s.slice(slash + 1);
  s = s.replace(/\[1m\]$/, '');
  s = s.replace(/^(?:[a-z][a-z-]{1,9}\.)?anthropic\./, '');
  s = s.replace(/@[\w.-]*$/, '');
  s = s.replace(/-v\d+(?::\d+)?$/, '');
  s = s.replace(/:[a-z][\w-]*$/, '');
  s = s.replace(/(\d)\.(\d)/g, '$1-$2');
  s = s.replace(DATE_SUFFIX, '');
  return s;
}
