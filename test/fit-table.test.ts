import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { FittingTable } from '../src/report/fit-table.js';

const plain = new Chalk({ level: 0 });
const rows = [['summarize', '1,168', '$35.50', '26.4%'], ['chat', '2,541', '$15.55', '11.6%']];
const make = (width: number | undefined) => {
  const t = new FittingTable(['feature', 'requests', 'cost', 'share'], plain, 1, width);
  t.push(...rows);
  return t.toString();
};

describe('FittingTable', () => {
  it('draws the table when there is no width limit or it fits', () => {
    for (const width of [undefined, 200]) {
      const out = make(width);
      expect(out.split('\n')[0]).toMatch(/^┌/);
      expect(out).toContain('summarize');
      expect(out).toContain('$35.50');
    }
  });

  it('prints each row as its label and wrapped "column value" pairs on a narrow terminal', () => {
    const out = make(30);
    expect(out.split('\n')).toEqual([
      'summarize',
      '  requests 1,168 · cost $35.50',
      '  share 26.4%',
      'chat',
      '  requests 2,541 · cost $15.55',
      '  share 11.6%',
    ]);
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(30);
  });
});
