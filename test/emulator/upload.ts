/**
 * Uploaded CSV data (a 1.0 batch, a 2.0 job's one upload), read as it streams in and judged row by
 * row against the object's describe (describe.ts): an unknown column fails the whole batch / job
 * (`InvalidBatch : Field name not found : Foo__c`); a row fails with REQUIRED_FIELD_MISSING,
 * STRING_TOO_LONG, INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST, DUPLICATE_EXTERNAL_ID (upsert) or
 * DUPLICATE_VALUE (a unique external id inserted twice). Uses the project's one CSV parser.
 *
 * What Salesforce refuses as a whole (the docs: "Files must be in UTF-8 format"; a 2.0 job's
 * `lineEnding` must match the data's): bytes that are not UTF-8 fail the batch / job
 * (`ClientInputError : …UTF-8…`), and so does a line ending that is not the job's (`ClientInputError :
 * LineEnding is invalid on user data. Current LineEnding setting is LF`, Salesforce's words). A
 * `columnDelimiter` that does not match the data reads the header as one column: `Field name not found`.
 *
 * Memory: the rows themselves are kept only for small uploads (`KEEP_ROWS`); a big one keeps its
 * count and its failed rows, so result files of big uploads carry ids and errors, and the input
 * values of failed rows only.
 */
import { CsvParser } from '../../src/salesforce/csv';
import { csvLine } from './format';
import { makeId } from './ids';
import type { FieldInit, ObjectInit } from './describe';

const KEEP_ROWS = 20_000;
const KEEP_BYTES = 1 << 20;

export interface Upload {
  columns: string[];
  count: number;
  bytes: number;
  /** Row index → the error (`CODE:message:Fields --`) and the row's values. */
  failures: Map<number, { error: string; values: string[] }>;
  /** The rows, when few enough to keep. */
  rows?: string[][];
  /** Addition: the bytes as they came, for uploads up to `KEEP_BYTES` (tests check what reached the org). */
  received?: Buffer;
  /** `InvalidBatch : Field name not found : Foo__c` (or a CSV that cannot be read). */
  batchError?: string;
  /** Record ids are `keyPrefix` + `RC` + (this + the row index): unique across uploads. */
  idBase: number;
  keyPrefix: string;
  operation: string;
}

export const DELIMITERS: Record<string, string> = { COMMA: ',', PIPE: '|', SEMICOLON: ';', TAB: '\t', CARET: '^', BACKQUOTE: '`' };

/** Resolves a header column to its field; relationship columns (`Account.External_Id__c`, `Account__r.X`) resolve by relationship name. */
function fieldOf(object: ObjectInit, column: string): FieldInit | 'relationship' | undefined {
  const lower = column.toLowerCase();
  const dot = lower.indexOf('.');
  if (dot > 0) {
    const rel = lower.slice(0, dot);
    return object.fields.some((f) => f.relationshipName?.toLowerCase() === rel) ? 'relationship' : undefined;
  }
  return object.fields.find((f) => f.name.toLowerCase() === lower);
}

export class UploadScanner {
  private readonly parser: CsvParser;
  private decoder = new TextDecoder('utf-8', { fatal: true });
  /** The first line break was checked against the job's line ending. */
  private lineEndingSeen = false;
  /** The last byte of the previous chunk was CR. */
  private lastCr = false;
  private fields: Array<FieldInit | 'relationship' | undefined> = [];
  private readonly externalIds = new Set<string>();
  private externalIdColumn = -1;
  private readonly upload: Upload;
  private header = true;
  private idColumn = -1;
  /** Columns the operation may not write (not createable for insert, not updateable for update). */
  private readOnly: string[] = [];
  /** Required fields (not nillable, not defaulted, createable) and their column (-1: absent). */
  private required: Array<{ name: string; k: number }> = [];

  /** `lineEnding`: a 2.0 job's (`LF`, `CRLF`); undefined for 1.0, which takes either. */
  constructor(private readonly object: ObjectInit, operation: string, private readonly externalIdFieldName: string | undefined, idBase: number, delimiter = ',',
    private readonly lineEnding?: string) {
    this.parser = new CsvParser(delimiter);
    this.upload = { columns: [], count: 0, bytes: 0, failures: new Map(), rows: [], idBase, keyPrefix: object.keyPrefix, operation };
  }

  private receivedParts: Buffer[] | undefined = [];

  push(chunk: Buffer): void {
    this.upload.bytes += chunk.length;
    if (this.receivedParts) {
      this.receivedParts.push(Buffer.from(chunk));
      if (this.upload.bytes > KEEP_BYTES) this.receivedParts = undefined;
    }
    this.checkLineEnding(chunk);
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      this.notUtf8();
      this.decoder = new TextDecoder('utf-8'); // read on (replacing what is not UTF-8), so the rows are counted
      text = this.decoder.decode(chunk, { stream: true });
    }
    this.take(text);
  }

  private notUtf8(): void {
    this.upload.batchError ??= 'ClientInputError : The data is not valid UTF-8: files must be in UTF-8 format';
  }

  /** The data's first line break against the job's `lineEnding` (the header holds no quoted line breaks). */
  private checkLineEnding(chunk: Buffer): void {
    if (this.lineEnding === undefined || this.lineEndingSeen) return;
    const lf = chunk.indexOf(10);
    if (lf < 0) {
      this.lastCr = chunk.length > 0 && chunk[chunk.length - 1] === 13;
      return;
    }
    this.lineEndingSeen = true;
    const crlf = lf > 0 ? chunk[lf - 1] === 13 : this.lastCr;
    if (crlf !== (this.lineEnding === 'CRLF')) {
      this.upload.batchError ??= `ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is ${this.lineEnding}`;
    }
  }

  end(): Upload {
    if (this.receivedParts) this.upload.received = Buffer.concat(this.receivedParts);
    const out: string[][] = [];
    let rest = '';
    try {
      rest = this.decoder.decode();
    } catch {
      this.notUtf8();
    }
    try {
      this.parser.push(rest, out);
      this.parser.end(out);
    } catch (e) {
      this.upload.batchError ??= `InvalidBatch : ${e instanceof Error ? e.message : String(e)}`;
    }
    this.records(out);
    return this.upload;
  }

  private take(text: string): void {
    const out: string[][] = [];
    try {
      this.parser.push(text, out);
    } catch (e) {
      this.upload.batchError ??= `InvalidBatch : ${e instanceof Error ? e.message : String(e)}`;
    }
    this.records(out);
  }

  private records(out: string[][]): void {
    for (const values of out) {
      if (this.header) {
        this.readHeader(values);
        continue;
      }
      const i = this.upload.count++;
      if (this.upload.rows !== undefined) {
        this.upload.rows.push(values);
        if (this.upload.rows.length > KEEP_ROWS) {
          this.upload.rows = undefined;
        }
      }
      if (this.upload.batchError === undefined) {
        const error = this.judge(values);
        if (error !== undefined) {
          this.upload.failures.set(i, { error, values });
        }
      }
    }
  }

  private readHeader(values: string[]): void {
    this.header = false;
    this.upload.columns = values;
    this.fields = values.map((c) => fieldOf(this.object, c.trim()));
    this.required = this.object.fields.filter((f) => f.required === true && (f.createable ?? true)).map((f) => ({ name: f.name, k: this.fields.indexOf(f) }));
    const unknown = values.find((_c, k) => this.fields[k] === undefined);
    if (unknown !== undefined) {
      this.upload.batchError = `InvalidBatch : Field name not found : ${unknown.trim()}`;
    }
    const op = this.upload.operation;
    this.idColumn = this.fields.findIndex((f) => f !== undefined && f !== 'relationship' && f.type === 'id');
    // Id is how update/upsert/delete find the record, not a value written.
    this.readOnly = this.fields.filter((f): f is FieldInit => f !== undefined && f !== 'relationship' && f.type !== 'id')
      .filter((f) => ((op === 'insert' || op === 'upsert') && f.createable === false) || ((op === 'update' || op === 'upsert') && f.updateable === false))
      .map((f) => f.name);
    const ext = this.externalIdFieldName?.toLowerCase();
    this.externalIdColumn = values.findIndex((c) => {
      const f = fieldOf(this.object, c.trim());
      return f !== undefined && f !== 'relationship' && (f.name.toLowerCase() === ext || (f.externalId === true && f.unique === true));
    });
  }

  /** The first rule the row breaks, in Salesforce's one-line form, or undefined. */
  private judge(values: string[]): string | undefined {
    const op = this.upload.operation;
    if (op !== 'insert' && op !== 'upsert' && (this.idColumn < 0 || (values[this.idColumn] ?? '').trim() === '')) {
      return `MISSING_ARGUMENT:Id not specified in an ${op === 'update' ? 'update' : 'delete'} call:--`;
    }
    if (op === 'delete' || op === 'hardDelete') {
      return undefined;
    }
    if (this.readOnly.length > 0) {
      const names = this.readOnly.join(', ');
      return `INVALID_FIELD_FOR_INSERT_UPDATE:Unable to create/update fields: ${names}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.:${this.readOnly.join(',')} --`;
    }
    const creating = op === 'insert' || op === 'upsert';
    const missing = this.required.filter(({ k }) => (k < 0 ? creating : (values[k] ?? '').trim() === '')).map(({ name }) => name);
    if (missing.length > 0) {
      return `REQUIRED_FIELD_MISSING:Required fields are missing: [${missing.join(', ')}]:${missing.join(',')} --`;
    }
    for (let k = 0; k < this.fields.length; k++) {
      const f = this.fields[k];
      const v = values[k] ?? '';
      if (f === undefined || f === 'relationship' || v === '') {
        continue;
      }
      if (f.length !== undefined && (f.type === 'string' || f.type === 'textarea' || f.type === 'email' || f.type === 'phone') && v.length > f.length) {
        return `STRING_TOO_LONG:${f.name}: data value too large: ${v.slice(0, 40)} (max length=${f.length}):${f.name} --`;
      }
      if (f.restricted === true && !(f.picklist ?? []).includes(v)) {
        return `INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:${f.name}: bad value for restricted picklist field: ${v}:${f.name} --`;
      }
    }
    if (this.externalIdColumn >= 0) {
      const v = (values[this.externalIdColumn] ?? '').trim();
      const name = this.upload.columns[this.externalIdColumn].trim();
      if (v !== '' && this.externalIds.has(v.toLowerCase())) {
        return op === 'upsert'
          ? `DUPLICATE_EXTERNAL_ID:Duplicate external id specified: ${v}:${name} --`
          : `DUPLICATE_VALUE:duplicate value found: ${name} duplicates value on record with id: ${this.upload.keyPrefix}EM000000000AAA:${name} --`;
      }
      if (v !== '') {
        this.externalIds.add(v.toLowerCase());
      }
    }
    return undefined;
  }
}

function recordId(u: Upload, i: number): string {
  return makeId(u.keyPrefix, 'RC', u.idBase + i + 1);
}

function valuesOf(u: Upload, i: number): string[] {
  return u.failures.get(i)?.values ?? u.rows?.[i] ?? u.columns.map(() => '');
}

function* lines(head: string, from: number, to: number, render: (i: number) => string): Generator<string> {
  let buf = head;
  for (let i = from; i < to; i++) {
    buf += render(i);
    if (buf.length > 64 * 1024) {
      yield buf;
      buf = '';
    }
  }
  yield buf;
}

/** 1.0 batch result (CSV): `"Id","Success","Created","Error"`, one per processed row. */
export function uploadBatchResult(u: Upload, processed: number): Iterable<string> {
  const insert = u.operation === 'insert';
  return lines(csvLine(['Id', 'Success', 'Created', 'Error']), 0, Math.min(processed, u.count), (i) => {
    const f = u.failures.get(i);
    return f ? csvLine([insert ? '' : recordId(u, i), 'false', 'false', f.error]) : csvLine([recordId(u, i), 'true', String(insert), '']);
  });
}

/** 2.0 `successfulResults`, `failedResults` or `unprocessedrecords` of the first `processed` rows. */
export function uploadResultFile(u: Upload, which: 'successfulResults' | 'failedResults' | 'unprocessedrecords', processed: number, delimiter: string): Iterable<string> {
  const line = (values: string[]): string => csvLine(values, delimiter);
  const n = Math.min(processed, u.count);
  if (which === 'unprocessedrecords') {
    return lines(line(u.columns), n, u.count, (i) => line(valuesOf(u, i)));
  }
  if (which === 'failedResults') {
    const insert = u.operation === 'insert';
    return lines(line(['sf__Id', 'sf__Error', ...u.columns]), 0, n, (i) => {
      const f = u.failures.get(i);
      return f ? line([insert ? '' : recordId(u, i), f.error, ...f.values]) : '';
    });
  }
  return lines(line(['sf__Id', 'sf__Created', ...u.columns]), 0, n, (i) =>
    (u.failures.has(i) ? '' : line([recordId(u, i), String(u.operation === 'insert'), ...valuesOf(u, i)])));
}
