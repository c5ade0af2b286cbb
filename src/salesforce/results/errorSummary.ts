/**
 * "Why records failed": errors grouped by status code and message, counted while the failed rows
 * stream past (no second download). No row values are kept: a group is its code, message, fields and
 * count (an example row is read from the failed file on disk when someone asks, see filter.ts).
 *
 * Salesforce writes a row's error as `STATUS_CODE:message:Field1,Field2 --` (1.0 CSV results and
 * 2.0 `sf__Error`); XML/JSON results are written the same way by this module's caller, and a Failed
 * 1.0 batch's `stateMessage` (`InvalidBatch : Failed to process batch`) reads as code + message.
 * Record ids inside messages (`… duplicates value on record with id: 001…`) become `{id}`, and the
 * values Salesforce quotes in its standard messages (`invalid email address: …`, `data value too
 * large: …`, `bad value for restricted picklist field: …`, `value not of required type: …`, `id value
 * of incorrect type: …`) become `{value}`: one cause makes one group, not a group per record, and the
 * summary (kept in VS Code's state) holds no customer values. Messages of other shapes (a validation
 * rule's text, written by the org's admin) are kept as they are.
 */

export interface ErrorGroup {
  /** `STATUS_CODE:message` with record ids as `{id}` and quoted values as `{value}` (see `errorGroupKey`). */
  key: string;
  statusCode: string;
  message: string;
  /** The fields Salesforce named, when it did. */
  fields: string[];
  count: number;
}

export interface ParsedRowError {
  statusCode: string;
  message: string;
  fields: string[];
}

/** The group for rows past this many distinct causes (a file with unbounded variety stays bounded). */
export const OTHER_GROUP_KEY = 'OTHER:Other errors';
const MAX_GROUPS = 500;

const CODE_FIRST = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*:\s*([\s\S]*)$/;
const TRAILING_FIELDS = /:([A-Za-z0-9_.]+(?:,[A-Za-z0-9_.]+)*)?$/;
const RECORD_ID = /\b[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?\b/g;
/** Standard Salesforce messages that quote the row's value: the value becomes `{value}`. */
const QUOTED_VALUES: readonly RegExp[] = [
  /(invalid email address: )[\s\S]+$/i,
  /(data value too large: )[\s\S]+?(?=\s*\(max length=\d+\)\s*$|$)/i,
  /(bad value for restricted picklist field: )[\s\S]+$/i,
  /(value not of required type: )[\s\S]+$/i,
  /(id value of incorrect type: )[\s\S]+$/i,
];

/** Reads `CODE:message:Field1,Field2 --` (and `Code : message`); text in another shape is all message. */
export function parseRowError(text: string): ParsedRowError {
  const trimmed = text.trim();
  const first = trimmed.split(/ -- ?(?=[A-Z][A-Z0-9_]*:)/)[0]; // several errors: the first one
  const m = CODE_FIRST.exec(first);
  if (!m) {
    return { statusCode: '', message: first.replace(/\s*--$/, ''), fields: [] };
  }
  let rest = m[2].replace(/\s*--\s*$/, '');
  let fields: string[] = [];
  const f = TRAILING_FIELDS.exec(rest);
  if (f && rest.slice(0, f.index).trim() !== '') {
    fields = f[1] === undefined ? [] : f[1].split(',');
    rest = rest.slice(0, f.index);
  }
  return { statusCode: m[1], message: rest.trim(), fields };
}

/** Whether any of QUOTED_VALUES may apply (one scan of a message instead of one per pattern). */
const ANY_QUOTED_VALUE = /invalid email address: |data value too large: |bad value for restricted picklist field: |value not of required type: |id value of incorrect type: /i;

/** Record ids in a message as `{id}` (15/18 letters and digits with at least three digits), quoted values as `{value}`. */
export function genericMessage(message: string): string {
  let out = message;
  if (ANY_QUOTED_VALUE.test(out)) {
    for (const pattern of QUOTED_VALUES) {
      out = out.replace(pattern, '$1{value}');
    }
  }
  return withoutIds(out);
}

/** Record ids as `{id}` (a value quoted by QUOTED_VALUES becomes `{value}` whether or not it is an id first). */
function withoutIds(text: string): string {
  return text.replace(RECORD_ID, (id) => (digits(id) >= 3 ? '{id}' : id));
}

function digits(text: string): number {
  let n = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

export function errorGroupKey(errorText: string): string {
  const e = parseRowError(errorText);
  return `${e.statusCode}:${genericMessage(e.message)}`;
}

/** `STATUS_CODE:message:Field1,Field2 --`, the one-line form Salesforce writes. */
export function formatRowError(errors: ParsedRowError[]): string {
  return errors.map((e) => `${e.statusCode}:${e.message}:${e.fields.join(',')} --`).join(' ');
}

/** Distinct error texts remembered with their reading (many rows share one text); cleared when full. */
const PARSE_CACHE_SIZE = 10_000;

export class ErrorSummary {
  private readonly groups = new Map<string, ErrorGroup>();
  private readonly parsed = new Map<string, { error: ParsedRowError; key: string }>();
  private total = 0;

  /** Counts one failed row. */
  add(errorText: string): void {
    this.total++;
    let reading = this.parsed.get(errorText);
    if (reading === undefined) {
      // A text that names a record is that record's alone: it is read, and remembered, without its ids
      // (the same reading: ids are never a status code or a field), so that the texts that do repeat
      // are not pushed out and each such row costs one scan for ids.
      const generic = withoutIds(errorText);
      reading = generic === errorText ? undefined : this.parsed.get(generic);
      if (reading === undefined) {
        const error = parseRowError(generic);
        reading = { error, key: `${error.statusCode}:${genericMessage(error.message)}` };
        if (this.parsed.size >= PARSE_CACHE_SIZE) {
          this.parsed.clear();
        }
        // A copy: the text may be a slice of a whole downloaded chunk, which it would keep alive.
        this.parsed.set(own(generic), reading);
      }
    }
    const parsed = reading.error;
    let key = reading.key;
    let group = this.groups.get(key);
    if (group === undefined && this.groups.size >= MAX_GROUPS) {
      key = OTHER_GROUP_KEY;
      group = this.groups.get(key);
    }
    if (group !== undefined) {
      group.count++;
      return;
    }
    const other = key === OTHER_GROUP_KEY;
    this.groups.set(key, {
      key,
      statusCode: other ? 'OTHER' : parsed.statusCode,
      message: other ? 'Other errors' : genericMessage(parsed.message),
      fields: other ? [] : parsed.fields,
      count: 1,
    });
  }

  get failedRows(): number {
    return this.total;
  }

  /** Largest group first (ties: by key). */
  groupsByCount(): ErrorGroup[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

/**
 * A string that owns its characters. Strings cut out of a large text (by slice, or by a parser) may
 * share that text's memory and keep all of it alive as long as they live; what is kept for the whole
 * download (the parse cache) must not.
 */
function own(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
