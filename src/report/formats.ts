// The output formats, on their own so flag parsing need not load any renderer.
export const FORMATS = ['table', 'json', 'markdown', 'csv', 'html'] as const;
export type Format = (typeof FORMATS)[number];
