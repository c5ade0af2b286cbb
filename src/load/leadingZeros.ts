/**
 * Excel's lost leading zeros: Excel reads a column of digits as numbers and saves `01067` as `1067`.
 * The sign, decided once the whole file is read (a column's first values say nothing of its last):
 * - the field is text by its describe (a text type with a `length`, the most characters it holds:
 *   `ColumnRule.maxLength`), so the zeros were part of the value and Salesforce keeps what it gets;
 * - the column's values that are digits only have one length L, the column's fixed length: at least
 *   `MIN_SAME` of them have L digits, none has more, those with L digits are at least as many as the
 *   shorter ones together (Excel keeps the codes that did not start with 0 whole), and L fits the
 *   field (L ≤ its `length`);
 * - the value is digits only and shorter than L: it is flagged at its place, with what it probably
 *   was (zeros put back). Values with their zeros (`00042`) count as L digits like any other.
 * A column that does not meet this flags nothing: phone numbers of several lengths, counts kept as
 * text, or too few values to tell. Memory: counts per length, and per length the rows (numbers) and
 * the first `cap` places, for the columns that hold digits only. Pure: no vscode.
 */
import type { Translate } from '../job/format';
import type { ColumnRule, Finding } from './preflightColumns';

/** Values of the fixed length a column needs before a shorter one counts as damaged. */
export const MIN_SAME = 3;

const DIGITS = /^\d+$/;

interface Place {
  line: number;
  column: number;
  value: string;
}

/** One column's digit-only values, by length. */
interface Lengths {
  count: Map<number, number>;
  rows: Map<number, number[]>;
  places: Map<number, Place[]>;
}

export interface ZeroFindings {
  /** In file order; at most `cap` per column. */
  findings: Finding[];
  /** Every data row (0-based) with at least one such value. */
  rows: number[];
}

export class LeadingZeros {
  private readonly columns = new Map<number, Lengths>();

  constructor(private readonly cap: number) {}

  /** Whether the column's values are looked at: text with a length, the kind Excel turns into numbers. */
  static watches(rule: ColumnRule | undefined): boolean {
    return rule?.excel === 'text' && rule.maxLength !== undefined;
  }

  /** A value of column `k` (of a watched column) in data row `row`, at `line`/`column`. */
  see(k: number, value: string, row: number, line: number, column: number): void {
    if (!DIGITS.test(value)) return;
    let col = this.columns.get(k);
    if (!col) {
      col = { count: new Map(), rows: new Map(), places: new Map() };
      this.columns.set(k, col);
    }
    const n = value.length;
    col.count.set(n, (col.count.get(n) ?? 0) + 1);
    let rows = col.rows.get(n);
    if (!rows) col.rows.set(n, (rows = []));
    rows.push(row);
    let places = col.places.get(n);
    if (!places) col.places.set(n, (places = []));
    if (places.length < this.cap) places.push({ line, column, value });
  }

  /** The column's fixed length, when its digit-only values have one (see the file's comment). */
  static fixedLength(count: ReadonlyMap<number, number>, maxLength: number): number | undefined {
    const longest = Math.max(0, ...count.keys());
    const same = count.get(longest) ?? 0;
    let shorter = 0;
    for (const [n, c] of count) if (n < longest) shorter += c;
    return longest > 1 && longest <= maxLength && same >= MIN_SAME && same >= shorter ? longest : undefined;
  }

  /** The values that lost their zeros, once the file is read. */
  findings(rules: ReadonlyArray<ColumnRule | undefined>, t: Translate, avoid: () => string): ZeroFindings {
    const findings: Finding[] = [];
    const rows = new Set<number>();
    for (const [k, col] of this.columns) {
      const rule = rules[k] as ColumnRule;
      const fixed = LeadingZeros.fixedLength(col.count, rule.maxLength ?? 0);
      if (fixed === undefined) continue;
      const same = col.count.get(fixed) ?? 0;
      const places: Place[] = [];
      for (const [n, list] of col.rows) {
        if (n >= fixed) continue;
        for (const row of list) rows.add(row);
        places.push(...(col.places.get(n) ?? []));
      }
      places.sort((a, b) => a.line - b.line || a.column - b.column);
      for (const p of places.slice(0, this.cap)) {
        findings.push({
          line: p.line, column: p.column, length: p.value.length, severity: 'warning', kind: 'excel',
          message: `${t('"{0}" in {1} looks like it lost its leading zeros: {2} other values of the column have {3} digits, and {1} is text. Excel drops the zeros of numbers: it was probably "{4}".',
            p.value, rule.name, same, fixed, p.value.padStart(fixed, '0'))} ${avoid()}`,
        });
      }
    }
    findings.sort((a, b) => a.line - b.line || a.column - b.column);
    return { findings, rows: [...rows] };
  }
}
