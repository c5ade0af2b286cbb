/** The failed rows of a failed CSV, where each is in the text. */
import * as assert from 'assert';
import { errorColumnOf, readFailedRows } from '../../../src/causes/failedRows';

describe('causes/failedRows', () => {
  it('finds the sf__Error column in any case, spaces ignored', () => {
    assert.strictEqual(errorColumnOf(['sf__Id', 'SF__ERROR ', 'Name']), 1);
    assert.strictEqual(errorColumnOf(['Name']), -1);
  });

  it('each row with an error, its record number and offsets (quoted cells over two lines, CRLF, an empty error left out)', async () => {
    const text = 'sf__Id,sf__Error,Name\r\n,"FIELD_CUSTOM_VALIDATION_EXCEPTION:Industry is required for customers:Industry --",Acme\r\n,,Fine\r\n,"UNABLE_TO_LOCK_ROW:unable to obtain\r\nexclusive access:--",Globex\r\n';
    const read = await readFailedRows(text);
    assert.ok(read);
    assert.strictEqual(read.errorColumn, 1);
    assert.deepStrictEqual(read.rows.map((r) => [r.record, r.error.slice(0, 18)]), [[1, 'FIELD_CUSTOM_VALID'], [3, 'UNABLE_TO_LOCK_ROW']]);
    assert.deepStrictEqual(read.rows.map((r) => [r.line, r.lastLine]), [[2, 2], [4, 5]]);
    assert.strictEqual(read.rows[0].text, ',"FIELD_CUSTOM_VALIDATION_EXCEPTION:Industry is required for customers:Industry --",Acme');
    assert.strictEqual(read.rows[1].text, ',"UNABLE_TO_LOCK_ROW:unable to obtain\nexclusive access:--",Globex');
    assert.strictEqual(read.truncated, false);
  });

  it('no sf__Error column: not a failed file', async () => {
    assert.strictEqual(await readFailedRows('Name,Industry\nAcme,\n'), undefined);
  });

  it('reads past a byte order mark and blank lines; a file without a final line break keeps its last row', async () => {
    const text = '\uFEFFsf__Error,Name\n\nDUPLICATES_DETECTED:Use one of these records?:--,Acme';
    const read = await readFailedRows(text);
    assert.strictEqual(read?.rows.length, 1);
    assert.deepStrictEqual([read.rows[0].line, read.rows[0].record], [3, 1]);
    assert.strictEqual(read.rows[0].text, 'DUPLICATES_DETECTED:Use one of these records?:--,Acme');
  });

  it('stops at max rows and says so; an unclosed quote (mid-edit) keeps the rows before it', async () => {
    const many = `sf__Error,Name\n${Array.from({ length: 10 }, (_v, i) => `E:x:--,n${i}`).join('\n')}\n`;
    const read = await readFailedRows(many, 3);
    assert.strictEqual(read?.rows.length, 3);
    assert.strictEqual(read.truncated, true);
    const broken = await readFailedRows('sf__Error,Name\nE:x:--,a\nE:y:--,"b\n');
    assert.deepStrictEqual(broken?.rows.map((r) => r.error), ['E:x:--']);
  });
});
