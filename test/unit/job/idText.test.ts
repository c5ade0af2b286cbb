import * as assert from 'assert';
import { translator } from '../../../src/job/format';
import { checkLookupInput, firstBulkId, idAtOffset, idAtPosition } from '../../../src/job/idText';

const t = translator(undefined);
const JOB_ID = '750R0000000zxcvIAA';

describe('ids in editor text', () => {
  const line = `job 750R0000000zxcv, then ${JOB_ID}; x750R0000000zxcvIAAx 751R0000001abcd`;

  it('finds the 15- and 18-character ids under the cursor, not those inside longer tokens', () => {
    assert.strictEqual(idAtOffset(line, 6)?.text, '750R0000000zxcv');
    assert.strictEqual(idAtOffset(line, 4)?.text, '750R0000000zxcv', 'at the start');
    assert.strictEqual(idAtOffset(line, line.indexOf(JOB_ID) + 17)?.id18, JOB_ID);
    assert.strictEqual(idAtOffset(line, line.indexOf('x750') + 3), undefined);
    assert.strictEqual(idAtOffset(line, line.indexOf('751R') + 2)?.kind, 'batch');
    assert.strictEqual(idAtOffset(line, 1), undefined);
  });

  it('finds the same ids for a hover by looking only at the token under the cursor', () => {
    for (let offset = 0; offset <= line.length; offset++) {
      assert.deepStrictEqual(idAtPosition(line, offset), idAtOffset(line, offset), `offset ${offset}`);
    }
    const huge = `${'a'.repeat(100_000)}${JOB_ID}`;
    assert.strictEqual(idAtPosition(huge, huge.length - 3), undefined, 'the end of a long token');
    assert.strictEqual(idAtPosition(`${'x '.repeat(50_000)}${JOB_ID}`, 100_005)?.id18, JOB_ID);
  });

  it('takes the first id of a selection or the clipboard', () => {
    assert.strictEqual(firstBulkId(`copied: ${JOB_ID}\nand 750R0000000zxcv`)?.text, JOB_ID);
    assert.strictEqual(firstBulkId('nothing here'), undefined);
    assert.strictEqual(firstBulkId(undefined), undefined);
  });

  it('says which rule a typed id breaks', () => {
    const message = (input: string) => {
      const check = checkLookupInput(input, t);
      return check.ok ? 'ok' : check.message;
    };
    assert.match(message(''), /Enter a job id/);
    assert.match(message('750R0000000zx'), /15 or 18 characters; this one has 13/);
    assert.match(message('750R0000000zx-v'), /only letters/);
    assert.match(message('001R0000000zxcv'), /starts with 750 .* starts with 001/);
    assert.match(message('750R0000000zxcvAAA'), /should be IAA for 750R0000000zxcv/);
    assert.strictEqual(message(' 750R0000000zxcv '), 'ok');
    const batch = checkLookupInput('751R0000001abcd', t);
    assert.ok(batch.ok && batch.kind === 'batch');
  });
});
