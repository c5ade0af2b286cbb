/**
 * The check a CSV gets before it is loaded into Salesforce, from the object's describe: which columns
 * the operation may write, and which rows Salesforce would reject (wrong number of values, empty
 * required fields, values too long, values a restricted picklist does not have, and values Excel
 * reformatted: warnings, since Salesforce takes them but not as the person meant; lost leading zeros
 * are decided once the file is read, by `leadingZeros.ts`). Streams the file
 * with the one CSV reader and keeps at most `cap` findings (the counts stay exact). Positions are
 * 1-based, in the file as a person sees it (the header is line 1; quoted line breaks count).
 * The source is the file's text (decoded by `salesforce/load/fileFormat.ts`: the same text the upload
 * sends) or UTF-8 bytes; `delimiter` is the file's.
 * Pure (no vscode): the caller hands in the translator.
 */
import { CsvError, csvRecords, csvRecordsWithStarts } from '../salesforce/csv';
import { MAX_LOAD_RECORD } from '../salesforce/load/split';
import type { SObjectDescribe } from '../salesforce/types';
import type { Translate } from '../job/format';
import { LeadingZeros } from './leadingZeros';
import { columnRules, parseRelationship, type ColumnRule, type Finding, type FindingKind, type PreflightSpec } from './preflightColumns';

export interface PreflightResult {
  header: string[];
  /** Data rows (the header not counted). */
  rows: number;
  /** At most `cap`, in file order. */
  findings: Finding[];
  /** Findings not kept because of the cap. */
  dropped: number;
  /** Exact: for header kinds the columns, for row kinds the rows with at least one such finding. */
  counts: Partial<Record<FindingKind, number>>;
}

/** The objects whose describes relationship columns (`Account.External_Id__c`) need. */
export function relationshipTargets(header: readonly string[], describe: SObjectDescribe): string[] {
  const targets = new Set<string>();
  for (const name of header) {
    const ref = parseRelationship(name);
    if (!ref) continue;
    const field = describe.fields.find((f) => f.relationshipName?.toLowerCase() === ref.relationship.toLowerCase());
    const target = ref.type ?? (field?.referenceTo.length === 1 ? field.referenceTo[0] : undefined);
    if (target) targets.add(target);
  }
  return [...targets];
}

class Findings {
  readonly list: Finding[] = [];
  dropped = 0;
  readonly counts: Partial<Record<FindingKind, number>> = {};

  constructor(private readonly cap: number) {}

  add(f: Finding): void {
    if (this.list.length < this.cap) this.list.push(f);
    else this.dropped++;
  }

  count(kind: FindingKind): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }

  /** Findings decided after the file was read (in file order), put in their place; the cap still holds. */
  merge(late: readonly Finding[]): void {
    if (late.length === 0) return;
    const last = this.list[this.list.length - 1];
    // With findings dropped, a late one after the last kept is after a dropped one too: dropped as well.
    const before = (f: Finding): boolean => this.dropped === 0 || !last || f.line < last.line || (f.line === last.line && f.column <= last.column);
    const merged = [...this.list, ...late.filter(before)].sort((a, b) => a.line - b.line || a.column - b.column);
    this.dropped += late.length - late.filter(before).length + Math.max(0, merged.length - this.cap);
    this.list.splice(0, this.list.length, ...merged.slice(0, this.cap));
  }
}

function firstLineLength(value: string): number {
  const nl = value.search(/[\r\n]/);
  return nl < 0 ? value.length : nl;
}

/**
 * Checks `source` (the CSV's bytes or text) for `spec`. `describes` holds the object's describe and
 * those of `relationshipTargets` (a missing target is a warning: the column could not be checked).
 */
export async function preflight(
  source: AsyncIterable<Buffer | string>,
  spec: PreflightSpec,
  describes: ReadonlyMap<string, SObjectDescribe>,
  t: Translate,
  cap = 1000,
  delimiter = ',',
): Promise<PreflightResult> {
  const out = new Findings(cap);
  let header: string[] | undefined;
  let rules: Array<ColumnRule | undefined> = [];
  let width = 0;
  let rows = 0;
  let lastLine = 1;
  const rowKinds = new Set<FindingKind>();
  const flag = (kind: FindingKind, line: number, column: number, length: number, message: string, severity: Finding['severity'] = 'error'): void => {
    rowKinds.add(kind);
    out.add({ line, column, length, severity, kind, message });
  };
  const zeros = new LeadingZeros(cap);
  /** Data rows (0-based) with an Excel finding already counted. */
  const excelRows = new Set<number>();
  try {
    for await (const { rows: records, starts } of csvRecordsWithStarts(source, { maxRecord: MAX_LOAD_RECORD, delimiter })) {
      for (let r = 0; r < records.length; r++) {
        const values = records[r];
        const at = starts[r];
        lastLine = at[0];
        if (!header) {
          header = values;
          width = values.length;
          rules = columnRules(header, at, spec, describes, t, out);
          continue;
        }
        rows++;
        rowKinds.clear();
        if (values.length !== width) {
          flag('columnCount', at[0], at[1], firstLineLength(values[0]),
            t('This row has {0} values but the header has {1} columns: look for a missing or extra comma, or an unclosed quote.', values.length, width));
        }
        const n = Math.min(values.length, rules.length);
        for (let k = 0; k < n; k++) {
          const rule = rules[k];
          if (!rule) continue;
          const value = values[k];
          const line = at[2 * k];
          const column = at[2 * k + 1];
          if (value === '') {
            if (rule.required) flag(rule.isId ? 'emptyId' : 'requiredEmpty', line, column, 0, rule.required);
            continue;
          }
          if (rule.maxLength !== undefined && value.length > rule.maxLength) {
            flag('tooLong', line, column, firstLineLength(value),
              t('{0} holds at most {1} characters; this value has {2}: shorten it.', rule.name, rule.maxLength, value.length));
          }
          if (rule.picklist && !picklistHas(rule, value)) {
            flag('badPicklist', line, column, firstLineLength(value),
              t('"{0}" is not a value of the restricted picklist {1}: use one of {2}.', value, rule.name, rule.picklistHint ?? ''));
          }
          if (rule.excel) {
            const damage = excelDamage(rule, value, t);
            if (damage) flag('excel', line, column, firstLineLength(value), damage, 'warning');
            else if (LeadingZeros.watches(rule)) zeros.see(k, value, rows - 1, line, column);
          }
        }
        for (const kind of rowKinds) out.count(kind);
        if (rowKinds.has('excel')) excelRows.add(rows - 1);
      }
    }
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    out.count('csv');
    // Bytes that are not UTF-8 are in the record after the last one read (the reader got the text before them).
    const line = err.problem === 'encoding' ? (header ? lastLine + 1 : 1) : err.line || lastLine;
    out.add({ line, column: err.column || 1, length: err.problem === 'strayQuote' || err.problem === 'unclosedQuote' ? 1 : 0, severity: 'error', kind: 'csv', message: csvMessage(err, t) });
  }
  const lost = zeros.findings(rules, t, () => avoidExcel(t));
  for (const row of lost.rows) {
    if (!excelRows.has(row)) out.count('excel');
  }
  out.merge(lost.findings);
  return { header: header ?? [], rows, findings: out.list, dropped: out.dropped, counts: out.counts };
}

const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?E[+-]?\d+$/i;
const DIGITS = /^\d+$/;

/** Excel's advice, in every Excel finding. */
function avoidExcel(t: Translate): string {
  return t('To keep values as they are, open the CSV in Excel with Data › From Text/CSV and set this column to Text (or fix the value in the original and save as CSV UTF-8).');
}

/**
 * What Excel did to a value, if it looks reformatted, as far as the value alone tells: a long number
 * shown (and saved) in scientific notation, an Id turned into a number. (Lost leading zeros need the
 * whole column: `leadingZeros.ts`.)
 */
export function excelDamage(rule: ColumnRule, value: string, t: Translate): string | undefined {
  if (SCIENTIFIC.test(value)) {
    return `${t('Excel turned {0} into scientific notation ({1}) and saved it so: the digits after the first few are lost.', rule.name, value)} ${avoidExcel(t)}`;
  }
  if (rule.excel !== 'id' || !DIGITS.test(value)) return undefined;
  if (value.length === 18 || (value.length === 15 && value.startsWith('0'))) return undefined;
  return `${t('{0} holds "{1}", a number, where a 15- or 18-character Salesforce Id belongs: Excel read the Id as a number (dropping leading zeros and the digits after the 15th).', rule.name, value)} ${avoidExcel(t)}`;
}

/** What is wrong with the file as CSV (the reader stops there: the rows after it are not checked). */
function csvMessage(err: CsvError, t: Translate): string {
  const rest = t('The rows after it were not checked.');
  switch (err.problem) {
    case 'strayQuote':
      return `${t('A quote inside a value that does not start with one: put the whole value in quotes and double the quote (5" pipe → "5"" pipe").')} ${rest}`;
    case 'unclosedQuote':
      return `${t('This quote is never closed: close the quoted value, or double the quote if it is part of the value.')} ${rest}`;
    case 'encoding':
      return `${t('These bytes are not UTF-8: the file was saved in another encoding (Excel\'s "CSV (Comma delimited)" writes Windows-1252). Set bulkJobs.load.encoding to the file\'s encoding, or save it as "CSV UTF-8".')} ${rest}`;
    case 'recordTooLong':
      return `${t('This row is far longer than Salesforce takes (400,000 characters): look for a quote that is never closed.')} ${rest}`;
    default:
      return t('The file cannot be read as CSV ({0}).', err.message);
  }
}

/**
 * The header of a CSV (`[]` when it cannot be read; the preflight then says why), read with the
 * preflight's reader: for the describes a check needs before it runs.
 */
export async function readHeader(source: AsyncIterable<Buffer | string>, delimiter = ','): Promise<string[]> {
  try {
    for await (const rows of csvRecords(source, { maxRecord: MAX_LOAD_RECORD, delimiter })) return rows[0];
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
  }
  return [];
}

function picklistHas(rule: ColumnRule, value: string): boolean {
  const values = rule.picklist as Set<string>;
  return rule.multi ? value.split(';').every((v) => values.has(v)) : values.has(value);
}

/** One line per kind found, e.g. "2 rows have empty required fields"; empty when nothing was found. */
export function preflightSummary(result: PreflightResult, t: Translate): string[] {
  const lines: string[] = [];
  const c = result.counts;
  const say = (n: number | undefined, one: string, many: string): void => {
    if (n) lines.push(n === 1 ? t(one) : t(many, n));
  };
  say(c.unknownColumn, '1 column is not a field of the object', '{0} columns are not fields of the object');
  say(c.notWritable, '1 column cannot be written by this operation', '{0} columns cannot be written by this operation');
  say(c.relationship, '1 relationship column does not resolve', '{0} relationship columns do not resolve');
  say(c.externalId, 'the external id field is not usable', 'the external id field is not usable');
  say(c.missingId, 'the Id column is missing', 'the Id column is missing');
  say(c.missingRequiredColumn, '1 required field is not a column', '{0} required fields are not columns');
  say(c.columnCount, '1 row has the wrong number of values', '{0} rows have the wrong number of values');
  say(c.emptyId, '1 row has an empty Id', '{0} rows have an empty Id');
  say(c.requiredEmpty, '1 row has empty required fields', '{0} rows have empty required fields');
  say(c.tooLong, '1 row has values that are too long', '{0} rows have values that are too long');
  say(c.badPicklist, '1 row has values a restricted picklist does not allow', '{0} rows have values a restricted picklist does not allow');
  say(c.excel, '1 row has values Excel reformatted', '{0} rows have values Excel reformatted');
  say(c.csv, 'the file is not well-formed CSV', 'the file is not well-formed CSV');
  return lines;
}
