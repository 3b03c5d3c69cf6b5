// `--json`: the document as it is, indented. Its own module, so a JSON run does not load the
// other renderers (render.ts imports them all, with chalk and cli-table3: ~3 ms of a run).
export function renderJson(doc: unknown): string {
  return JSON.stringify(doc, null, 2) + '\n';
}
