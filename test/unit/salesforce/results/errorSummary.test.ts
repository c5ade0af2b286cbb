/** "Why records failed": reading Salesforce's one-line errors, grouping, counting, no row values. */
import * as assert from 'assert';
import { ErrorSummary, errorGroupKey, formatRowError, genericMessage, OTHER_GROUP_KEY, parseRowError } from '../../../../src/salesforce/results/errorSummary';

describe('salesforce/results/errorSummary', () => {
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

  it('groups by code and message, counts and sorts by count, keeping no row value', () => {
    const summary = new ErrorSummary();
    summary.add('DUPLICATE_VALUE:duplicate value found: id: 001EM0000000001AAA: --');
    summary.add('REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --');
    summary.add('DUPLICATE_VALUE:duplicate value found: id: 001EM0000000002AAA: --');
    summary.add('DUPLICATE_VALUE:duplicate value found: id: 001EM0000000003AAA: --');
    const groups = summary.groupsByCount();
    assert.strictEqual(summary.failedRows, 4);
    assert.deepStrictEqual(groups.map((g) => [g.key, g.count]), [
      ['DUPLICATE_VALUE:duplicate value found: id: {id}', 3],
      ['REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]', 1],
    ]);
    assert.deepStrictEqual(groups[1].fields, ['LastName']);
    assert.deepStrictEqual(Object.keys(groups[0]).sort(), ['count', 'fields', 'key', 'message', 'statusCode']);
  });

  it('counts texts that name a record (each one new) in their group, also past the parse cache, between texts that repeat', () => {
    const summary = new ErrorSummary();
    for (let k = 0; k < 25_000; k++) {
      summary.add(`DUPLICATE_VALUE:duplicate value found: External_Id__c duplicates value on record with id: 003EM${String(k).padStart(10, '0')}AAA: --`);
      summary.add('INVALID_EMAIL_ADDRESS:Email: invalid email address: bob@@example:Email --');
      // Same record again: the same group.
      summary.add(`UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record or 1 records: 003EM${String(k % 7).padStart(10, '0')}AAA: --`);
    }
    assert.strictEqual(summary.failedRows, 75_000);
    assert.deepStrictEqual(summary.groupsByCount().map((g) => [g.key, g.count, g.fields]), [
      ['DUPLICATE_VALUE:duplicate value found: External_Id__c duplicates value on record with id: {id}', 25_000, []],
      ['INVALID_EMAIL_ADDRESS:Email: invalid email address: {value}', 25_000, ['Email']],
      ['UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record or 1 records: {id}', 25_000, []],
    ]);
  });

  it('groups a text that names a record under the key the failed file\'s filter computes for it (errorGroupKey)', () => {
    const texts = [
      'DUPLICATE_VALUE:duplicate value found: External_Id__c duplicates value on record with id: 003EM0000000001AAA: --',
      'INVALID_EMAIL_ADDRESS:Email: invalid email address: 003EM0000000002AAA:Email --',
      'STRING_TOO_LONG:Name: data value too large: 003EM0000000003 (max length=10):Name --',
      'FIELD_CUSTOM_VALIDATION_EXCEPTION:Record 001000000000001 cannot close, see 001000000000002AAA:Stage1,Amount --',
      'ENTITY_IS_DELETED:entity is deleted: --',
      'Free text about 001000000000001AAA without a code',
    ];
    for (const text of texts) {
      const summary = new ErrorSummary();
      summary.add(text);
      summary.add(text.replace(/0{6}(\d)/g, '0000009')); // the same cause, another record
      const [group] = summary.groupsByCount();
      assert.strictEqual(group.key, errorGroupKey(text), text);
      assert.strictEqual(group.count, 2, text);
    }
  });

  it('replaces the values Salesforce quotes in its standard messages with {value}: one group, no customer value', () => {
    assert.strictEqual(genericMessage('Email: invalid email address: bob@@example'), 'Email: invalid email address: {value}');
    assert.strictEqual(genericMessage('Description: data value too large: "Lorem ipsum (dolor)" (max length=255)'), 'Description: data value too large: {value} (max length=255)');
    assert.strictEqual(genericMessage('Status: bad value for restricted picklist field: Pending Review'), 'Status: bad value for restricted picklist field: {value}');
    assert.strictEqual(genericMessage('Amount: value not of required type: twelve'), 'Amount: value not of required type: {value}');
    assert.strictEqual(genericMessage('Account ID: id value of incorrect type: 001xx000003DGb0'), 'Account ID: id value of incorrect type: {value}');
    assert.strictEqual(genericMessage('Billing city is required for customers, please fill it in'), 'Billing city is required for customers, please fill it in');
    const summary = new ErrorSummary();
    summary.add('INVALID_EMAIL_ADDRESS:Email: invalid email address: ann@@acme:Email --');
    summary.add('INVALID_EMAIL_ADDRESS:Email: invalid email address: bo@b@acme:Email --');
    const groups = summary.groupsByCount();
    assert.deepStrictEqual(groups.map((g) => [g.message, g.count]), [['Email: invalid email address: {value}', 2]]);
    assert.ok(!JSON.stringify(groups).includes('acme'), 'no value in the summary');
  });

  it('stays bounded: past 500 distinct causes, rows count in one OTHER group', () => {
    const summary = new ErrorSummary();
    for (let k = 0; k < 600; k++) {
      summary.add(`CODE_${k}:message ${k}: --`);
    }
    const groups = summary.groupsByCount();
    assert.strictEqual(groups.length, 501);
    assert.strictEqual(groups[0].key, OTHER_GROUP_KEY);
    assert.strictEqual(groups[0].count, 100);
  });
});
