/**
 * Deterministic record data for Bulk jobs: the rows a client uploaded, which of them failed and why,
 * and the result files built from them. Everything is a pure function of a `RowSet` and a row index,
 * and every file is produced as a stream of chunks (never one giant string), so a 100 × 10,000-row
 * job costs nothing until someone downloads it. Shared by the emulator and the failed-records work.
 */
import { base62, hash32, to18 } from './ids';
import { ASYNC_NS, csvLine, xmlEscape } from './format';

export interface RowSet {
  /** Seeds the data: the same seed gives the same rows (job id + batch number, say). */
  seed: string;
  object: string;
  operation: string;
  /** Rows uploaded. */
  count: number;
  /** Rows that fail when processed, spread evenly over the set. */
  failed: number;
  externalIdFieldName?: string;
  /** Bulk 2.0 result files: the job's column delimiter as a character (default ','). */
  delimiter?: string;
  /** Why rows fail (default `classic`: the codes every seed has used so far; see `failureOf`). */
  failureSet?: FailureSet;
}

/**
 * `classic`: DUPLICATE_VALUE, a validation rule, UNABLE_TO_LOCK_ROW, STRING_TOO_LONG … (what the seeds
 * and most tests rely on, unchanged). `causes`: failures whose cause is metadata the tooling seed
 * (tooling.ts) and the sample SFDX workspace (test/fixtures/sfdx-workspace) have: see `CAUSE_ERRORS`.
 */
export type FailureSet = 'classic' | 'causes';

export interface RowFailure {
  statusCode: string;
  message: string;
  fields: string[];
}

/** Key prefixes of the objects the emulator knows (anything else gets `a0X`, a custom object). */
const KEY_PREFIX: Record<string, string> = { Account: '001', Contact: '003', Lead: '00Q', Opportunity: '006', Case: '500', Task: '00T' };

const BASE_COLUMNS: Record<string, string[]> = {
  Account: ['Name', 'Industry', 'BillingCity', 'Description'],
  Contact: ['FirstName', 'LastName', 'Email', 'Description'],
  Lead: ['FirstName', 'LastName', 'Company', 'Email'],
  Opportunity: ['Name', 'StageName', 'CloseDate', 'Amount'],
  Case: ['Subject', 'Status', 'Origin', 'Description'],
};
const DEFAULT_COLUMNS = ['Name', 'Description'];

/** The columns of the uploaded CSV for this object and operation. */
export function inputColumns(rows: RowSet): string[] {
  const base = BASE_COLUMNS[rows.object] ?? DEFAULT_COLUMNS;
  switch (rows.operation) {
    case 'delete':
    case 'hardDelete':
      return ['Id'];
    case 'update':
      return ['Id', ...base];
    case 'upsert':
      return [rows.externalIdFieldName ?? 'External_Id__c', ...base];
    default:
      return base;
  }
}

/** How many of the first `processed` rows failed: failures are spread evenly (Bresenham). */
export function failedAmong(rows: RowSet, processed: number): number {
  if (rows.count <= 0) {
    return 0;
  }
  const p = Math.max(0, Math.min(processed, rows.count));
  return Math.floor((p * rows.failed) / rows.count);
}

export function isFailedRow(rows: RowSet, i: number): boolean {
  return failedAmong(rows, i + 1) > failedAmong(rows, i);
}

/** The id of the record row `i` created or touched (15-char base, 18-char form). */
export function recordId(rows: RowSet, i: number): string {
  const prefix = KEY_PREFIX[rows.object] ?? 'a0X';
  return to18(prefix + base62(hash32(rows.seed), 4) + base62(i, 8));
}

const CITIES = ['Paris', 'San Francisco', 'Zürich', 'München', 'São Paulo', '東京', 'Kraków', 'Reykjavík', 'London', 'New York, NY'];
const INDUSTRIES = ['Banking', 'Retail', 'Energy', 'Technology', 'Healthcare', 'Education'];
const FIRST = ['Ada', 'Grace', 'Linus', 'Zoë', 'José', 'Mårten', 'Aiko', 'Chloé', 'Olu', 'Priya'];
const LAST = ['Lovelace', 'Hopper', "O'Brien", 'Müller', 'García', 'Nakamura', 'Smith-Jones', 'Ng', 'Østergaard', 'Dubois'];
const DESCRIPTIONS = [
  'Key account',
  'Said "call me back", then hung up',
  'Line one\nLine two',
  'Commas, everywhere, here',
  'Emoji 🚀 and accents: déjà vu',
  '',
  'Renewal due Q3; see notes',
];

function pick<T>(list: T[], n: number): T {
  return list[n % list.length];
}

/** The uploaded values of row `i` (strings, in `inputColumns` order). */
export function inputRow(rows: RowSet, i: number): string[] {
  const h = hash32(`${rows.seed}#${i}`);
  const failing = isFailedRow(rows, i);
  return inputColumns(rows).map((column) => {
    switch (column) {
      case 'Id':
        return recordId(rows, i);
      case 'Name':
        return rows.object === 'Opportunity' ? `Deal ${i + 1}` : `${pick(LAST, h)} & ${pick(FIRST, h >>> 4)} ${i + 1}`;
      case 'Industry':
        // A row that fails the Require_Industry validation rule really has none.
        return failing && failureOf(rows, i).fields.includes('Industry') ? '' : pick(INDUSTRIES, h >>> 3);
      case 'BillingCity':
        return pick(CITIES, h >>> 5);
      case 'Description':
        return pick(DESCRIPTIONS, h >>> 7);
      case 'FirstName':
        return pick(FIRST, h >>> 2);
      case 'LastName':
        // A row that fails for a missing LastName really has none.
        return failing && failureOf(rows, i).fields.includes('LastName') ? '' : pick(LAST, h >>> 6);
      case 'Email':
        return `${pick(FIRST, h >>> 2).toLowerCase()}.${i + 1}@example.com`;
      case 'Company':
        return `${pick(LAST, h >>> 9)} Industries`;
      case 'StageName':
        return 'Prospecting';
      case 'CloseDate':
        return '2026-12-31';
      case 'Amount':
        return String((h % 100000) + 1000);
      case 'Subject':
        return `Case ${i + 1}: ${pick(DESCRIPTIONS, h >>> 7)}`;
      case 'Status':
        return 'New';
      case 'Origin':
        return 'Web';
      default:
        return `EXT-${rows.seed.slice(-6)}-${i + 1}`;
    }
  });
}

/**
 * The `causes` failures, as Salesforce words them in a result file's error column (`sf__Error`,
 * 1.0 `Error`): `STATUS_CODE:message:Field1,Field2 --`, or `STATUS_CODE:message:--` with no field.
 * Their causes are in the tooling seed (tooling.ts) and in test/fixtures/sfdx-workspace: the
 * validation rule Require_Industry on Account, AccountTrigger (line 5) calling
 * AccountService.applyDefaults (line 42 dereferences null, line 37 calls the managed acme.GeoService),
 * the flow "Account After Save", and BTProjectTrigger on BT_Project__c (a DML statement per record).
 * Real examples they follow (wording, punctuation, line breaks):
 * - FIELD_CUSTOM_VALIDATION_EXCEPTION (the rule's ErrorMessage, then its ErrorDisplayField):
 *   https://github.com/SFDO-Community/declarative-lookup-rollup-summaries/issues/98 ("FIELD_CUSTOM_VALIDATION_EXCEPTION, You cannot update Closed Won Opportunities…")
 * - CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY with an Apex exception and its stack:
 *   https://developer.salesforce.com/forums/ForumsMain?id=906F00000008vlAIAQ ("CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY, accountUpdateContactOwner:
 *   execution of AfterUpdate caused by: System.NullPointerException: Attempt to de-reference a null object Trigger.accountUpdateContactOwner: line 21, column 62"),
 *   https://help.salesforce.com/apex/HTViewSolution?id=000063739 (the NullPointerException's wording),
 *   with line breaks and a namespaced class: https://github.com/SFDO-Community/declarative-lookup-rollup-summaries/issues/736
 *   ("execution of AfterUpdate\n\ncaused by: …\n\nClass.dlrs.RollupService.updateMasterRollupsTrigger: line 1023, column 1\nClass.dlrs…"),
 *   https://github.com/SFDO-Community/declarative-lookup-rollup-summaries/issues/847 (several Class. frames, then Trigger.)
 * - the LimitException (no stack: it cannot be caught): https://github.com/SFDO-Community/declarative-lookup-rollup-summaries/issues/615
 *   ("dlrs_[object type]Trigger: System.LimitException: dlrs:Too many DML rows: 10001 . StatusCode = CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY"),
 *   https://github.com/SalesforceFoundation/NPSP/issues/2095 ("System.LimitException: npsp:Too many DML statements: 151")
 * - CANNOT_EXECUTE_FLOW_TRIGGER (the label in curly quotes, HTML from the flow's fault, the Error ID):
 *   https://github.com/restforce/restforce/issues/624, https://help.salesforce.com/apex/HTViewHelpDoc?id=platform.process_troubleshoot_runtime.htm
 * - UNABLE_TO_LOCK_ROW: https://github.com/roblesterjr04/EloquentSalesForce/issues/59 ("unable to obtain exclusive access to this record or 1 records: 001XXXXXXXXXXXXXX"),
 *   https://github.com/hiratake55/RForcecom/issues/67 (a Bulk API update)
 * - DUPLICATES_DETECTED: https://github.com/jetstreamapp/jetstream/issues/482 ("DUPLICATES_DETECTED: Use one of these records?")
 * - the `:--` ending with no field: issue 22's examples (as a Bulk result file's error column has them) and upload.ts.
 */
export const CAUSE_ERRORS = {
  validationRule: 'FIELD_CUSTOM_VALIDATION_EXCEPTION:Industry is required for customers:Industry --',
  nullPointer: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY:AccountTrigger: execution of BeforeInsert caused by: System.NullPointerException: Attempt to de-reference a null object Class.AccountService.applyDefaults: line 42, column 1 Trigger.AccountTrigger: line 5, column 1:--',
  /** As the API sends it: line breaks, a nested "caused by", a managed (namespaced) class frame first. */
  managedException: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY:AccountTrigger: execution of BeforeInsert\n\ncaused by: acme.GeoService.GeoException: No coordinates for the billing city\n\nClass.acme.GeoService.locate: line 118, column 1\nClass.AccountService.applyDefaults: line 37, column 1\nTrigger.AccountTrigger: line 5, column 1:--',
  limit: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY:BTProjectTrigger: System.LimitException: Too many DML statements: 151:--',
  flow: 'CANNOT_EXECUTE_FLOW_TRIGGER:We can\'t save this record because the “Account After Save” process failed. Give your Salesforce admin these details. <b>An unhandled fault has occurred in this flow</b><br>An unhandled fault has occurred while processing the flow.  Please contact your system administrator for more information. Error ID: 1405213620-33528 (-1704150698):--',
  duplicates: 'DUPLICATES_DETECTED:Use one of these records?:--',
} as const;

/** `CODE:message:Fields --` back into its parts (only for the texts above, whose message has no `:` before the last one). */
function causeFailure(text: string): RowFailure {
  const m = /^([A-Z_]+):([\s\S]*):(?:([\w,]+) )?--$/.exec(text) as RegExpExecArray;
  return { statusCode: m[1], message: m[2], fields: m[3] === undefined ? [] : m[3].split(',') };
}

function causeFailures(rows: RowSet, i: number): RowFailure[] {
  const lock: RowFailure = { statusCode: 'UNABLE_TO_LOCK_ROW', message: `unable to obtain exclusive access to this record or 1 records: ${recordId(rows, i)}`, fields: [] };
  if (rows.object === 'Account') {
    return [
      causeFailure(CAUSE_ERRORS.validationRule),
      causeFailure(CAUSE_ERRORS.nullPointer),
      causeFailure(CAUSE_ERRORS.validationRule),
      causeFailure(CAUSE_ERRORS.flow),
      lock,
      causeFailure(CAUSE_ERRORS.duplicates),
      causeFailure(CAUSE_ERRORS.nullPointer),
      causeFailure(CAUSE_ERRORS.managedException),
    ];
  }
  return [causeFailure(CAUSE_ERRORS.limit), causeFailure(CAUSE_ERRORS.limit), causeFailure(CAUSE_ERRORS.limit), lock];
}

/** Why row `i` failed (only meaningful when `isFailedRow`). */
export function failureOf(rows: RowSet, i: number): RowFailure {
  const h = hash32(`${rows.seed}!${i}`);
  if (rows.failureSet === 'causes') {
    const causes = causeFailures(rows, i);
    return causes[h % causes.length];
  }
  const candidates: RowFailure[] = [
    { statusCode: 'DUPLICATE_VALUE', message: `duplicate value found: External_Id__c duplicates value on record with id: ${recordId(rows, i + 1_000_000)}`, fields: [] },
    { statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Billing city is required for customers, please fill it in', fields: [] },
    { statusCode: 'UNABLE_TO_LOCK_ROW', message: `unable to obtain exclusive access to this record or 1 records: ${recordId(rows, i)}`, fields: [] },
    { statusCode: 'STRING_TOO_LONG', message: 'Description: data value too large: "Lorem ipsum dolor sit amet…" (max length=255)', fields: ['Description'] },
  ];
  if (rows.object === 'Contact' || rows.object === 'Lead') {
    candidates.push({ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] });
    candidates.push({ statusCode: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: bob@@example', fields: ['Email'] });
  }
  if (rows.operation === 'delete' || rows.operation === 'update') {
    candidates.push({ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] });
  }
  return candidates[h % candidates.length];
}

/**
 * Salesforce's form: `CODE:message:Field1,Field2 --`, and `CODE:message:--` with no field (the
 * `classic` set has always written `CODE:message: --` there; kept, tests compare those texts).
 */
export function failureText(f: RowFailure, set: FailureSet = 'classic'): string {
  return set === 'causes' && f.fields.length === 0 ? `${f.statusCode}:${f.message}:--` : `${f.statusCode}:${f.message}:${f.fields.join(',')} --`;
}

function createdFlag(rows: RowSet, i: number): boolean {
  if (rows.operation === 'insert') {
    return true;
  }
  return rows.operation === 'upsert' ? hash32(`${rows.seed}+${i}`) % 3 !== 0 : false;
}

const CHUNK_ROWS = 500;

/** Rows [from, to) through `render`, joined into chunks of a few hundred rows. */
function* chunked(head: string, from: number, to: number, render: (i: number) => string, tail = ''): Generator<string> {
  let buf = head;
  for (let i = from; i < to; i++) {
    buf += render(i);
    if ((i - from + 1) % CHUNK_ROWS === 0) {
      yield buf;
      buf = '';
    }
  }
  buf += tail;
  if (buf.length > 0) {
    yield buf;
  }
}

/** The file the client uploaded: CSV (or XML / JSON for such 1.0 jobs). */
export function requestFile(rows: RowSet, format: 'CSV' | 'XML' | 'JSON' = 'CSV'): Iterable<string> {
  const columns = inputColumns(rows);
  if (format === 'XML') {
    return chunked(`<?xml version="1.0" encoding="UTF-8"?>\n<sObjects xmlns="http://www.force.com/2009/06/asyncapi/dataload">\n`, 0, rows.count,
      (i) => `  <sObject>${inputRow(rows, i).map((v, c) => `<${columns[c]}>${xmlEscape(v)}</${columns[c]}>`).join('')}</sObject>\n`, '</sObjects>\n');
  }
  if (format === 'JSON') {
    return chunked('[', 0, rows.count,
      (i) => `${i > 0 ? ',' : ''}${JSON.stringify(Object.fromEntries(inputRow(rows, i).map((v, c) => [columns[c], v])))}`, ']');
  }
  return chunked(csvLine(columns), 0, rows.count, (i) => csvLine(inputRow(rows, i)));
}

/** Bulk 1.0 batch result for the first `processed` rows: `"Id","Success","Created","Error"` (or XML / JSON). */
export function batchResultFile(rows: RowSet, processed: number, format: 'CSV' | 'XML' | 'JSON' = 'CSV'): Iterable<string> {
  const n = Math.min(processed, rows.count);
  const idOf = (i: number) => (isFailedRow(rows, i) && rows.operation === 'insert' ? '' : recordId(rows, i));
  if (format === 'XML') {
    return chunked(`<?xml version="1.0" encoding="UTF-8"?>\n<results xmlns="${ASYNC_NS}">\n`, 0, n, (i) => {
      if (isFailedRow(rows, i)) {
        const f = failureOf(rows, i);
        const fields = f.fields.map((x) => `<fields>${xmlEscape(x)}</fields>`).join('');
        return `  <result><errors>${fields}<message>${xmlEscape(f.message)}</message><statusCode>${f.statusCode}</statusCode></errors>${idOf(i) ? `<id>${idOf(i)}</id>` : '<id xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'}<success>false</success><created>false</created></result>\n`;
      }
      return `  <result><id>${idOf(i)}</id><success>true</success><created>${createdFlag(rows, i)}</created></result>\n`;
    }, '</results>\n');
  }
  if (format === 'JSON') {
    return chunked('[', 0, n, (i) => {
      const sep = i > 0 ? ',' : '';
      if (isFailedRow(rows, i)) {
        const f = failureOf(rows, i);
        return `${sep}{"success":false,"created":false,"id":${idOf(i) ? JSON.stringify(idOf(i)) : 'null'},"errors":[${JSON.stringify(f)}]}`;
      }
      return `${sep}{"success":true,"created":${createdFlag(rows, i)},"id":"${idOf(i)}","errors":[]}`;
    }, ']');
  }
  return chunked(csvLine(['Id', 'Success', 'Created', 'Error']), 0, n, (i) => isFailedRow(rows, i)
    ? csvLine([idOf(i), 'false', 'false', failureText(failureOf(rows, i), rows.failureSet)])
    : csvLine([idOf(i), 'true', String(createdFlag(rows, i)), '']));
}

/** Bulk 2.0 `successfulResults`: `"sf__Id","sf__Created",…input columns` for processed rows that succeeded. */
export function successfulResultsFile(rows: RowSet, processed: number): Iterable<string> {
  const line = (values: string[]) => csvLine(values, rows.delimiter);
  const n = Math.min(processed, rows.count);
  return chunked(line(['sf__Id', 'sf__Created', ...inputColumns(rows)]), 0, n,
    (i) => (isFailedRow(rows, i) ? '' : line([recordId(rows, i), String(createdFlag(rows, i)), ...inputRow(rows, i)])));
}

/** Bulk 2.0 `failedResults`: `"sf__Id","sf__Error",…input columns`. */
export function failedResultsFile(rows: RowSet, processed: number): Iterable<string> {
  const line = (values: string[]) => csvLine(values, rows.delimiter);
  const n = Math.min(processed, rows.count);
  return chunked(line(['sf__Id', 'sf__Error', ...inputColumns(rows)]), 0, n,
    (i) => (isFailedRow(rows, i)
      ? line([rows.operation === 'insert' ? '' : recordId(rows, i), failureText(failureOf(rows, i), rows.failureSet), ...inputRow(rows, i)])
      : ''));
}

/** Bulk 2.0 `unprocessedrecords`: the input columns of rows not processed. */
export function unprocessedFile(rows: RowSet, processed: number): Iterable<string> {
  const line = (values: string[]) => csvLine(values, rows.delimiter);
  return chunked(line(inputColumns(rows)), Math.min(processed, rows.count), rows.count, (i) => line(inputRow(rows, i)));
}

/**
 * Query results (1.0 `result/{resultId}`, 2.0 `results`): `Id` plus the object's columns. CSV, or for
 * 1.0 XML / JSON jobs Salesforce's shapes: `<queryResult><records xsi:type="sObject"><type>…</type><Id>…`
 * (the Id twice, as Salesforce writes it) and `[{"attributes":{"type","url"},"Id":…}]`.
 */
export function queryResultFile(rows: RowSet, from = 0, to = rows.count, format: 'CSV' | 'XML' | 'JSON' = 'CSV'): Iterable<string> {
  const columns = BASE_COLUMNS[rows.object] ?? DEFAULT_COLUMNS;
  const base: RowSet = { ...rows, operation: 'insert', failed: 0 };
  const end = Math.min(to, rows.count);
  if (format === 'XML') {
    return chunked(`<?xml version="1.0" encoding="UTF-8"?><queryResult xmlns="${ASYNC_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`, from, end, (i) => {
      const id = recordId(rows, i);
      const values = inputRow(base, i).map((v, c) => (v === '' ? `<${columns[c]} xsi:nil="true"/>` : `<${columns[c]}>${xmlEscape(v)}</${columns[c]}>`)).join('');
      return `<records xsi:type="sObject"><type>${rows.object}</type><Id>${id}</Id><Id>${id}</Id>${values}</records>`;
    }, '</queryResult>');
  }
  if (format === 'JSON') {
    return chunked('[', from, end, (i) => {
      const id = recordId(rows, i);
      const record = { attributes: { type: rows.object, url: `/services/data/v64.0/sobjects/${rows.object}/${id}` }, Id: id, ...Object.fromEntries(inputRow(base, i).map((v, c) => [columns[c], v === '' ? null : v])) };
      return `${i > from ? ',' : ''}${JSON.stringify(record)}`;
    }, ']');
  }
  return chunked(csvLine(['Id', ...columns], rows.delimiter), from, end, (i) => csvLine([recordId(rows, i), ...inputRow(base, i)], rows.delimiter));
}
