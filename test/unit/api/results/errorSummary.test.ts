/** "Why records failed": reading Salesforce's one-line errors, grouping, counting, examples. */
import * as assert from 'assert';
import { ErrorSummary, errorGroupKey, formatRowError, genericMessage, OTHER_GROUP_KEY, parseRowError } from '../../../../src/api/results/errorSummary';

describe('results/errorSummary', () => {
  it('reads CODE:message:fields -- with colons inside the message', () => {
    assert.deepStrictEqual(parseRowError('REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --'), {
      statusCode: 'REQUIRED_FIELD_MISSING',
      message: 'Required fields are missing: [LastName]',
      fields: ['LastName'],
    });
    assert.deepStrictEqual(parseRowError('INVALID_EMAIL_ADDRESS:Email: invalid email address: bob@@example:Email,Other__c --'), {
      statusCode: 'INVALID_EMAIL_ADDRESS',
      message: 'Email: invalid email address: bob@@example',
      fields: ['Email', 'Other__c'],
    });
    assert.deepStrictEqual(parseRowError('DUPLICATE_VALUE:duplicate value found: Ext__c duplicates value on record with id: 001EM0000000001AAA: --'), {
      statusCode: 'DUPLICATE_VALUE',
      message: 'duplicate value found: Ext__c duplicates value on record with id: 001EM0000000001AAA',
      fields: [],
    });
  });

  it("reads a Failed batch's stateMessage and free text", () => {
    assert.deepStrictEqual(parseRowError('InvalidBatch : Failed to process batch'), { statusCode: 'InvalidBatch', message: 'Failed to process batch', fields: [] });
    assert.deepStrictEqual(parseRowError('something odd happened'), { statusCode: '', message: 'something odd happened', fields: [] });
  });

  it('takes the first of several errors on one row', () => {
    const text = formatRowError([
      { statusCode: 'A_CODE', message: 'first: one', fields: ['X'] },
      { statusCode: 'B_CODE', message: 'second', fields: [] },
    ]);
    assert.strictEqual(text, 'A_CODE:first: one:X -- B_CODE:second: --');
    assert.deepStrictEqual(parseRowError(text), { statusCode: 'A_CODE', message: 'first: one', fields: ['X'] });
  });

  it('replaces record ids in messages, not ordinary words', () => {
    assert.strictEqual(genericMessage('locked: 001EM0000000001AAA and 003D000000IRFma'), 'locked: {id} and {id}');
    assert.strictEqual(genericMessage('Internationalize your CustomerAccount'), 'Internationalize your CustomerAccount');
    assert.strictEqual(errorGroupKey('UNABLE_TO_LOCK_ROW:unable to lock 001EM0000000007AAA:'), errorGroupKey('UNABLE_TO_LOCK_ROW:unable to lock 001EM0000000009AAA:'));
  });

  it('groups by code and message, counts, sorts by count and keeps the first row as the example', () => {
    const summary = new ErrorSummary();
    const cols = ['LastName', 'Email'];
    let valuesCalls = 0;
    const values = (v: string[]) => () => {
      valuesCalls++;
      return v;
    };
    summary.add('DUPLICATE_VALUE:duplicate value found: id: 001EM0000000001AAA: --', '', cols, values(['Ng', 'a@x']));
    summary.add('REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --', '', cols, values(['', 'b@x']));
    summary.add('DUPLICATE_VALUE:duplicate value found: id: 001EM0000000002AAA: --', '', cols, values(['Li', 'c@x']));
    summary.add('DUPLICATE_VALUE:duplicate value found: id: 001EM0000000003AAA: --', '', cols, values(['Wu', 'd@x']));
    const groups = summary.groupsByCount();
    assert.strictEqual(summary.failedRows, 4);
    assert.deepStrictEqual(groups.map((g) => [g.key, g.count]), [
      ['DUPLICATE_VALUE:duplicate value found: id: {id}', 3],
      ['REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]', 1],
    ]);
    assert.deepStrictEqual(groups[0].example.values, [['LastName', 'Ng'], ['Email', 'a@x']]);
    assert.deepStrictEqual(groups[1].fields, ['LastName']);
    assert.strictEqual(valuesCalls, 2, 'values are read only for a new group');
  });

  it('stays bounded: past 500 distinct causes, rows count in one OTHER group', () => {
    const summary = new ErrorSummary();
    for (let k = 0; k < 600; k++) {
      summary.add(`CODE_${k}:message ${k}: --`, '', [], () => []);
    }
    const groups = summary.groupsByCount();
    assert.strictEqual(groups.length, 501);
    assert.strictEqual(groups[0].key, OTHER_GROUP_KEY);
    assert.strictEqual(groups[0].count, 100);
  });
});
