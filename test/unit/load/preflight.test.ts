import * as assert from 'assert';
import * as iconv from 'iconv-lite';
import { decodedText } from '../../../src/salesforce/load/fileFormat';
import { asLoadOperation } from '../../../src/load/loadOperation';
import { preflight, preflightSummary, readHeader, relationshipTargets } from '../../../src/load/preflight';
import { LIMITS, splitCsv } from '../../../src/salesforce/load/split';
import type { PreflightSpec } from '../../../src/load/preflightColumns';
import { translator } from '../../../src/job/format';
import { contactDescribe, describes } from './preflightFixtures';

const t = translator(undefined);
const insert: PreflightSpec = { object: 'Contact', operation: 'insert' };

async function check(text: string | string[], spec: PreflightSpec = insert, cap?: number) {
  const pieces = typeof text === 'string' ? [text] : text;
  return preflight((async function* () { yield* pieces; })(), spec, describes, t, cap);
}

describe('preflight', () => {
  it('drops sf__ columns and finds nothing in a clean failed-results file', async () => {
    const r = await check('"sf__Id","sf__Error",LastName,Email\n,REQUIRED_FIELD_MISSING,Smith,a@b.c\n');
    assert.deepStrictEqual(r.findings, []);
    assert.strictEqual(r.rows, 1);
  });

  it('points at unknown and read-only columns on the header line', async () => {
    const r = await check('LastName,Nope__c,CreatedDate\nSmith,x,2020-01-01\n');
    assert.deepStrictEqual(r.findings.map((f) => [f.kind, f.line, f.column, f.length]), [
      ['unknownColumn', 1, 10, 7],
      ['notWritable', 1, 18, 11],
    ]);
    assert.match(r.findings[0].message, /Nope__c is not a field of Contact: correct/);
  });

  it('wants Id for update and delete, and only Id for delete', async () => {
    const upd = await check('LastName\nSmith\n', { object: 'Contact', operation: 'update' });
    assert.deepStrictEqual(upd.findings.map((f) => f.kind), ['missingId']);
    const del = await check('Id,LastName\n003000000000001,Smith\n,Jones\n', { object: 'Contact', operation: 'delete' });
    assert.deepStrictEqual(del.findings.map((f) => [f.kind, f.line, f.column]), [['notWritable', 1, 4], ['emptyId', 3, 1]]);
  });

  it('checks the upsert external id field', async () => {
    const bad = await check('LastName\nSmith\n', { object: 'Contact', operation: 'upsert', externalIdFieldName: 'FirstName' });
    assert.deepStrictEqual(bad.counts, { externalId: 1 });
    const absent = await check('LastName\nSmith\n', { object: 'Contact', operation: 'upsert', externalIdFieldName: 'External_Id__c' });
    assert.match(absent.findings[0].message, /no External_Id__c column/);
    const good = await check('External_Id__c,LastName\nE1,Smith\n', { object: 'Contact', operation: 'upsert', externalIdFieldName: 'External_Id__c' });
    assert.deepStrictEqual(good.findings, []);
  });

  it('resolves relationship columns against the target describe', async () => {
    assert.deepStrictEqual(relationshipTargets(['Account.Account_Ext__c', 'LastName'], contactDescribe), ['Account']);
    const r = await check('LastName,Account.Account_Ext__c,Account.Site,Acount.Name,Owner.External__c\nS,A1,x,y,z\n');
    assert.deepStrictEqual(r.findings.map((f) => [f.kind, f.severity, f.column]), [
      ['relationship', 'error', 33],
      ['relationship', 'error', 46],
      ['relationship', 'warning', 58],
    ]);
  });

  it('counts rows with empty required fields, long values, bad picklist values and wrong widths', async () => {
    const r = await check([
      'LastName,FirstName,Level__c\n',
      ',Ann,Primary\n',
      'Smith,', 'A'.repeat(41), ',Old\n',
      ',Bob,Gold\n',
      'OnlyTwo,x\n',
    ]);
    assert.strictEqual(r.rows, 4);
    assert.deepStrictEqual(r.counts, { requiredEmpty: 2, tooLong: 1, badPicklist: 2, columnCount: 1 });
    assert.deepStrictEqual(r.findings.map((f) => [f.kind, f.line, f.column, f.length]), [
      ['requiredEmpty', 2, 1, 0],
      ['tooLong', 3, 7, 41],
      ['badPicklist', 3, 49, 3],
      ['requiredEmpty', 4, 1, 0],
      ['badPicklist', 4, 6, 4],
      ['columnCount', 5, 1, 7],
    ]);
    assert.deepStrictEqual(preflightSummary(r, t), [
      '1 row has the wrong number of values',
      '2 rows have empty required fields',
      '1 row has values that are too long',
      '2 rows have values a restricted picklist does not allow',
    ]);
  });

  it('a required field missing from the header is an error for insert', async () => {
    const r = await check('FirstName\nAnn\n');
    assert.deepStrictEqual(r.findings.map((f) => [f.kind, f.severity]), [['missingRequiredColumn', 'error']]);
  });

  it('counts lines through quoted line breaks (LF, CRLF, CR) cut across pieces', async () => {
    const r = await check(['LastName,FirstName,Level__c\r\n', '"Smith\r', '\nJr",Ann,"Gold\nish"\r\n', '\r\n', ',"a\rb",Primary\n']);
    assert.deepStrictEqual(r.findings.map((f) => [f.kind, f.line, f.column]), [
      ['badPicklist', 3, 9],
      ['requiredEmpty', 6, 1],
    ]);
  });

  it('keeps at most cap findings with exact counts', async () => {
    const rows = ['LastName\n'];
    for (let i = 0; i < 50; i++) rows.push('""\n');
    const r = await check(rows.join(''), insert, 10);
    assert.strictEqual(r.findings.length, 10);
    assert.strictEqual(r.dropped, 40);
    assert.strictEqual(r.counts.requiredEmpty, 50);
  });

  it('repeats only the operations a load can send', () => {
    assert.deepStrictEqual(['insert', 'hardDelete', 'query', 'queryAll', undefined].map(asLoadOperation), ['insert', 'hardDelete', undefined, undefined, undefined]);
  });

  it('reports an unclosed quote', async () => {
    const r = await check('LastName\n"Smith\n');
    assert.deepStrictEqual(r.counts, { csv: 1 });
  });

  it('decides: an unclosed quote is a finding at the line and column of its quote', async () => {
    const r = await check(['LastName,FirstName\nSmith,Ann\n', 'Jones,"Bo\nb\n']);
    assert.deepStrictEqual(r.findings.map((f) => [f.kind, f.line, f.column]), [['csv', 3, 7]]);
    assert.match(r.findings[0].message, /never closed/);
  });

  it('decides: a stray quote is a finding at its line and column, where the upload\'s splitter stops too; the rows before it are checked', async () => {
    const text = 'LastName,FirstName\n,Ann\nSmith,5" pipe fitter\nJones,x\n';
    const r = await check(text);
    assert.deepStrictEqual(r.findings.map((f) => [f.kind, f.line, f.column]), [['requiredEmpty', 2, 1], ['csv', 3, 8]]);
    assert.match(r.findings[1].message, /quote inside a value that does not start with one/);
    await assert.rejects((async () => {
      for await (const slice of splitCsv((async function* () { yield text; })(), LIMITS['2.0'])) void slice;
    })(), /Line 3, column 8: a quote inside a field/);
  });

  it('decides: sf__ columns with stray spaces or another case are result columns, left out like the upload leaves them out', async () => {
    const r = await check(' SF__Id ,sf__error,LastName\n001,oops,Smith\n');
    assert.deepStrictEqual(r.findings, []);
  });

  it('reads the header alone, [] when the header itself cannot be read', async () => {
    assert.deepStrictEqual(await readHeader((async function* () { yield 'LastName,"First\nName"\nSmith,5" pipe\n'; })()), ['LastName', 'First\nName']);
    assert.deepStrictEqual(await readHeader((async function* () { yield 'Last"Name\n'; })()), []);
  });
});

describe('preflight: files as Excel leaves them', () => {
  const lines = 'LastName;External_Id__c;AccountId;FirstName\r\nMüller;1,23457E+15;0015000000AbCdEAAA;Ann\r\nKöln;00042;;Bob\r\nZoë;42;1000000000001;1.5E+3\r\nBrest;10042;;Cy\r\nLyon;20042;;Di\r\n';

  it('flags what Excel reformatted, with its line: scientific notation, an Id turned into a number, lost leading zeros', async () => {
    const r = await preflight((async function* () { yield lines; })(), insert, describes, t, 1000, ';');
    assert.deepStrictEqual(r.findings.map((f) => [f.kind, f.severity, f.line, f.column, f.length]), [
      ['excel', 'warning', 2, 8, 11],
      ['excel', 'warning', 4, 5, 2],
      ['excel', 'warning', 4, 8, 13],
      ['excel', 'warning', 4, 22, 6],
    ]);
    assert.match(r.findings[0].message, /Excel turned External_Id__c into scientific notation \(1,23457E\+15\).*From Text\/CSV and set this column to Text/);
    assert.match(r.findings[1].message, /"42" in External_Id__c looks like it lost its leading zeros: 3 other values of the column have 5 digits, and External_Id__c is text\. .*it was probably "00042"\..*From Text\/CSV/);
    assert.match(r.findings[2].message, /AccountId holds "1000000000001", a number, where a 15- or 18-character Salesforce Id belongs/);
    assert.deepStrictEqual(r.counts, { excel: 2 });
    assert.deepStrictEqual(preflightSummary(r, t), ['2 rows have values Excel reformatted']);
  });

  /** A column of `values` under `name` (with LastName), checked; the lines and values flagged. */
  async function zerosIn(name: string, values: string[], cap?: number): Promise<Array<[number, string]>> {
    const text = `LastName,${name}\n${values.map((v, k) => `S${k},${v}`).join('\n')}\n`;
    const r = await check(text, insert, cap);
    const flagged = r.findings.filter((f) => f.kind === 'excel').map((f): [number, string] => [f.line, values[f.line - 2]]);
    assert.strictEqual(r.counts.excel ?? 0, new Set(flagged.map(([line]) => line)).size + (r.dropped ? r.dropped : 0));
    return flagged;
  }

  it('lost leading zeros: a text field whose digit-only values have one length; the shorter ones flagged wherever they are in the file', async () => {
    // German postcodes after Excel: 01067 Dresden became 1067, before any value of five digits was read.
    assert.deepStrictEqual(await zerosIn('MailingPostalCode', ['1067', '50667', '80331', '4109', '10115', '20095', '99084']), [[2, '1067'], [5, '4109']]);
    // Codes kept as text with their zeros count as the fixed length too; letters are not numbers.
    assert.deepStrictEqual(await zerosIn('MailingPostalCode', ['00042', '00107', 'A-42', '42', '10042', '']), [[5, '42']]);
  });

  it('lost leading zeros: nothing when the column does not have one length (too few values, several lengths, longer ones, a number field, longer than the field holds)', async () => {
    assert.deepStrictEqual(await zerosIn('MailingPostalCode', ['1067', '50667', '80331']), [], 'two of five digits: too few to tell');
    assert.deepStrictEqual(await zerosIn('Phone', ['5551234', '5559876', '5550000', '15551234567', '442071234567']), [], 'phone numbers of several lengths: the longest are fewer than the shorter');
    assert.deepStrictEqual(await zerosIn('MailingPostalCode', ['7', '12', '345', '678', '910', '4', '5']), [], 'counts kept as text: the shorter ones outnumber those of the most digits');
    assert.deepStrictEqual(await zerosIn('Legacy_Number__c', ['1067', '50667', '80331', '10115', '20095']), [], 'a number field keeps no zeros anyway');
    assert.deepStrictEqual(await zerosIn('MailingPostalCode', ['1', ...Array.from({ length: 4 }, (_, k) => String(k + 1).repeat(21))]), [], 'longer than the field holds (20): not codes of that length');
  });

  it('lost leading zeros: the rows counted once whatever else Excel did to them, the findings in file order and capped', async () => {
    const text = 'LastName,MailingPostalCode,External_Id__c\nA,1067,1.2E+15\nB,50667,E1\nC,80331,E2\nD,10115,E3\nE,4109,E4\n';
    const r = await check(text);
    assert.deepStrictEqual(r.findings.map((f) => [f.line, f.column]), [[2, 3], [2, 8], [6, 3]]);
    assert.deepStrictEqual(r.counts, { excel: 2 }, 'line 2 has two findings and counts once');
    const capped = await check(text, insert, 2);
    assert.deepStrictEqual([capped.findings.map((f) => [f.line, f.column]), capped.dropped, capped.counts], [[[2, 3], [2, 8]], 1, { excel: 2 }]);
  });

  it('reads the same text the upload sends: a Windows-1252 file decoded finds nothing; read as UTF-8 it is a finding at its line', async () => {
    const bytes = iconv.encode('LastName,FirstName\nSmith,Ann\nMüller,Zoë\n', 'windows1252');
    const ok = await preflight(decodedText((async function* () { yield bytes; })(), { encoding: 'windows1252' }), insert, describes, t);
    assert.deepStrictEqual([ok.rows, ok.findings], [2, []]);
    const asUtf8 = await preflight(decodedText((async function* () { yield bytes.subarray(0, 20); yield bytes.subarray(20); })(), { encoding: 'utf8' }), insert, describes, t);
    assert.deepStrictEqual(asUtf8.findings.map((f) => [f.kind, f.line]), [['csv', 3]]);
    assert.match(asUtf8.findings[0].message, /not UTF-8.*bulkJobs\.load\.encoding/);
  });
});
