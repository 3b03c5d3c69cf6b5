// Interned strings read from bytes (byte-strings.ts): a span is known by its length, its first four
// bytes and its last four, and the words in between; spans alike in all but one byte must still be
// told apart, at every length and every position of that byte.
import { describe, expect, it } from 'vitest';
import { ByteStrings } from '../src/ingest/byte-strings.js';

function lookUp(strings: ByteStrings, text: string): string {
  // Surrounding bytes, so a read past either end of the span would show.
  const b = Buffer.from(`[${text}]`);
  return strings.get(new DataView(b.buffer, b.byteOffset, b.length), b, 1, b.length - 1).text;
}

describe('ByteStrings', () => {
  it('tells apart spans that differ in one byte, at every length and position', () => {
    const strings = new ByteStrings();
    for (let length = 1; length <= 40; length++) {
      const base = Array.from({ length }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('');
      expect(lookUp(strings, base)).toBe(base);
      for (let at = 0; at < length; at++) {
        const other = base.slice(0, at) + 'Z' + base.slice(at + 1);
        expect(lookUp(strings, other), `length ${length}, byte ${at}`).toBe(other);
        expect(lookUp(strings, base)).toBe(base);
      }
    }
  });

  it('gives the same string object for the same bytes, and decodes UTF-8', () => {
    const strings = new ByteStrings();
    expect(lookUp(strings, 'claude-sonnet-4-6')).toBe('claude-sonnet-4-6');
    const b1 = Buffer.from('x claude-sonnet-4-6 y');
    const b2 = Buffer.from('claude-sonnet-4-6');
    const a = strings.get(new DataView(b1.buffer, b1.byteOffset, b1.length), b1, 2, 19);
    const c = strings.get(new DataView(b2.buffer, b2.byteOffset, b2.length), b2, 0, b2.length);
    expect(c).toBe(a);
    expect(lookUp(strings, 'résumé')).toBe('résumé');
    expect(lookUp(strings, 'résumè')).toBe('résumè');
  });
});
