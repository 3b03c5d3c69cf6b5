// A table that fits the terminal: drawn with cli-table3 when it is narrow enough, else each row is
// printed as its label followed by "column value" pairs wrapped to the width, so a narrow terminal
// gets readable lines instead of wrapped box drawing. Pipes and files always get the full table.
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const visibleWidth = (s: string): number => [...s.replace(ANSI, '')].length;

/** A cell: text, or text with its own alignment. */
export type Cell = string | { content: string; hAlign?: 'left' | 'center' | 'right' };
const text = (c: Cell): string => (typeof c === 'string' ? c : c.content);

export class FittingTable {
  private readonly rows: Cell[][] = [];

  /** `alignLeft`: how many leading columns label a row (left-aligned; the rest right-aligned unless
   *  `aligns` says otherwise). `width`: the terminal's columns, or undefined to never stack. */
  constructor(
    private readonly head: string[],
    private readonly p: ChalkInstance,
    private readonly alignLeft: number,
    private readonly width: number | undefined,
    private readonly aligns?: ReadonlyArray<'left' | 'right'>,
  ) {}

  push(...rows: Cell[][]): void {
    this.rows.push(...rows);
  }

  toString(): string {
    const table = new Table({
      head: this.head.map((h) => this.p.bold(h)),
      style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
      colAligns: this.aligns ? [...this.aligns] : this.head.map((_, i) => (i < this.alignLeft ? 'left' : 'right')),
    });
    table.push(...(this.rows as Table.HorizontalTableRow[]));
    const drawn = table.toString();
    if (this.width === undefined || visibleWidth(drawn.split('\n')[0]) <= this.width) return drawn;
    return this.rows.map((row) => this.stacked(row)).join('\n');
  }

  /** One row as its label line and wrapped "column value" pairs. */
  private stacked(cells: Cell[]): string {
    const row = cells.map(text);
    const labels = row.slice(0, this.alignLeft).filter((c) => c !== '');
    const pairs = row.slice(this.alignLeft)
      .map((cell, i) => ({ name: this.head[this.alignLeft + i], cell }))
      .filter(({ name, cell }) => cell !== '' && name !== '')
      .map(({ name, cell }) => `${name} ${cell}`);
    const lines = [labels.length > 0 ? this.p.bold(labels.join(' · ')) : ''];
    let line = ' ';
    for (const pair of pairs) {
      if (line.trim() !== '' && visibleWidth(line) + 3 + visibleWidth(pair) > (this.width ?? Infinity)) {
        lines.push(line);
        line = ' ';
      }
      line += line.trim() === '' ? ` ${pair}` : ` · ${pair}`;
    }
    if (line.trim() !== '') lines.push(line);
    return lines.filter((l) => l !== '').join('\n');
  }
}
