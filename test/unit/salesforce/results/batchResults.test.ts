/**
 * A 1.0 batch's CSV result file as result rows: only the id, success, created and error fields are
 * read, from the raw bytes, whatever the column order, quoting, line endings, BOM or chunk cuts.
 */
import * as assert from 'assert';
import { Readable } from 'stream';
import { ResultCursor, resultChunks, resultRows, type ResultRow } from '../../../../src/salesforce/results/batchResults';
import { fieldCsv } from '../../../../src/salesforce/results/batchWriter';
import { csvField } from '../../../../src/salesforce/csv';
import type { BulkStream } from '../../../../src/salesforce/types';
import { chunksOf, collect } from './chunks';

function csvStream(bytes: Buffer, cuts: number[] = []): BulkStream {
  const body = Readable.from(chunksOf(bytes, cuts));
  return { body, contentType: 'text/csv', headers: {}, close: () => body.destroy() };
}

const rows = (bytes: Buffer, cuts: number[] = []): Promise<ResultRow[]> => collect(resultRows(csvStream(bytes, cuts), 'CSV'));

describe('salesforce/results/batchResults', () => {
  it('reads the four fields a row needs, in any column order, quoted or not, CRLF, BOM, errors with quotes and line breaks', async () => {
    const text = '\ufeff"Error",Created,"Id","Success",Extra\r\n'
      + '"",true,"001000000000001AAA","true",x\r\n'
      + '"FIELD_CUSTOM_VALIDATION_EXCEPTION:Say ""no""\r\nto Zoë:Email --",FALSE,"",False,"y,z"\r\n'
      + ',"false",001000000000002AAA,TRUE,\r\n';
    const expected: ResultRow[] = [
      { id: '001000000000001AAA', success: true, created: true, error: '' },
      { id: '', success: false, created: false, error: 'FIELD_CUSTOM_VALIDATION_EXCEPTION:Say "no"\r\nto Zoë:Email --' },
      { id: '001000000000002AAA', success: true, created: false, error: '' },
    ];
    const bytes = Buffer.from(text, 'utf8');
    assert.deepStrictEqual(await rows(bytes), expected);
    // Cut anywhere: inside the BOM, a quoted field, a doubled quote, a CRLF, a multi-byte character.
    for (let cut = 0; cut <= bytes.length; cut++) {
      assert.deepStrictEqual(await rows(bytes, [cut, Math.min(bytes.length, cut + 7)]), expected, `cut at ${cut}`);
    }
  });

  it('a result without a Success column is an unexpected response; one without Id, Created or Error reads them as empty', async () => {
    await assert.rejects(rows(Buffer.from('Id,Created\n001,true\n')), /no "Success" column/);
    assert.deepStrictEqual(await rows(Buffer.from('success\nfalse\n')), [{ id: '', success: false, created: false, error: '' }]);
  });

  it('passes an id through as its bytes (between its quotes, if quoted) only when they read back as themselves; any other id as CSV text', async () => {
    const text = 'Id,Success,Created,Error\n'
      + '001000000000001AAA,true,true,\n' // plain: bytes
      + '"001000000000002AAA",true,false,\n' // quoted as Salesforce writes it, nothing inside needs quotes: the bytes between them
      + '"a,b",false,false,E:x:y --\n' // needs quotes: text, quoted again
      + 'Zoë,true,false,\n' // not ASCII: text
      + ',false,false,E:x:y --\n'; // empty: no bytes
    const bytes = Buffer.from(text, 'utf8');
    for (const cut of [0, 20, 31, 60, 75, bytes.length - 3]) {
      const cursor = new ResultCursor(resultChunks(csvStream(bytes, [cut]), 'CSV'));
      const seen: Array<[string, boolean, boolean]> = [];
      while (cursor.nextReady() || (await cursor.next())) {
        seen.push([fieldCsv(cursor), cursor.bytes !== undefined, cursor.success]);
      }
      assert.deepStrictEqual(seen, [
        ['001000000000001AAA', true, true],
        ['001000000000002AAA', true, true],
        [csvField('a,b'), false, false],
        ['Zoë', false, true],
        ['', true, false],
      ], `cut at ${cut}`);
      assert.strictEqual(await cursor.countRest(), 0);
    }
  });

  it('hands a failed row\'s error on as csvField writes it, from its bytes (between its quotes when nothing inside needs them)', async () => {
    const errors = ['"E:plain --"', '"E:a, b --"', '"E:say ""no"" --"', 'E:bare --', '"E:Zoë --"', '"E:two\nlines --"', '""'];
    const text = `Id,Success,Created,Error\n${errors.map((e) => `,false,false,${e}`).join('\n')}\n`;
    const bytes = Buffer.from(text, 'utf8');
    for (const cut of [0, 30, 47, 70, bytes.length - 2]) {
      const cursor = new ResultCursor(resultChunks(csvStream(bytes, [cut]), 'CSV'));
      const seen: Array<[string, boolean]> = [];
      while (cursor.nextReady() || (await cursor.next())) {
        assert.strictEqual(fieldCsv(cursor.errorField), csvField(cursor.error), `cut at ${cut}`);
        seen.push([fieldCsv(cursor.errorField), cursor.errorField.bytes !== undefined]);
      }
      assert.deepStrictEqual(seen, [
        ['E:plain --', true],
        ['"E:a, b --"', true],
        ['"E:say ""no"" --"', true],
        ['E:bare --', true],
        ['E:Zoë --', true],
        ['"E:two\nlines --"', true],
        ['', true],
      ], `cut at ${cut}`);
    }
  });
});
