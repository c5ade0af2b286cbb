/** What a status code means and what to do: one table, complete for the codes bulk loads meet, each entry sourced. */
import * as assert from 'assert';
import { APEX_LIMITS_ADVICE, describeApexLimit, describeStatusCode, STATUS_CODES } from '../../../src/causes/statusCodes';

/** The codes issue 22 asks for. */
const REQUIRED = [
  'UNABLE_TO_LOCK_ROW', 'DUPLICATE_VALUE', 'DUPLICATES_DETECTED', 'REQUIRED_FIELD_MISSING', 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', 'CANNOT_EXECUTE_FLOW_TRIGGER', 'INVALID_CROSS_REFERENCE_KEY', 'MALFORMED_ID',
  'ENTITY_IS_DELETED', 'STRING_TOO_LONG', 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'INVALID_EMAIL_ADDRESS',
  'NUMBER_OUTSIDE_VALID_RANGE', 'FIELD_INTEGRITY_EXCEPTION', 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
  'INSUFFICIENT_ACCESS_OR_READONLY', 'CANNOT_UPDATE_CONVERTED_LEAD', 'STORAGE_LIMIT_EXCEEDED', 'DUPLICATE_EXTERNAL_ID',
];

describe('causes/statusCodes', () => {
  it('has an entry for every code the issue lists', () => {
    const missing = REQUIRED.filter((code) => !describeStatusCode(code).known);
    assert.deepStrictEqual(missing, []);
  });

  it('keeps one entry per code, each with a Salesforce documentation page as its source', () => {
    const codes = STATUS_CODES.map((e) => e.code);
    assert.strictEqual(new Set(codes).size, codes.length, 'no code twice');
    for (const entry of [...STATUS_CODES, ...APEX_LIMITS_ADVICE]) {
      assert.match(entry.source, /^https:\/\/(developer|help)\.salesforce\.com\//, `${'code' in entry ? entry.code : entry.prefix} source`);
    }
  });

  it('writes meanings and actions as complete sentences (they go through l10n whole)', () => {
    for (const entry of [...STATUS_CODES, ...APEX_LIMITS_ADVICE]) {
      for (const text of [entry.meaning, entry.action]) {
        assert.match(text, /^[A-Z][\s\S]*[.)]$/, text);
        assert.doesNotMatch(text, /\{|\}|\$\{/, 'no placeholders or concatenation');
      }
    }
  });

  it('offers the Serial reload for lock contention and an upsert for duplicates', () => {
    assert.strictEqual(describeStatusCode('UNABLE_TO_LOCK_ROW').actionId, 'reloadSerial');
    assert.match(describeStatusCode('UNABLE_TO_LOCK_ROW').action, /Serial mode/);
    assert.match(describeStatusCode('UNABLE_TO_LOCK_ROW').action, /parent/);
    assert.strictEqual(describeStatusCode('DUPLICATE_VALUE').actionId, 'reloadAsUpsert');
    assert.strictEqual(describeStatusCode('DUPLICATES_DETECTED').actionId, 'reloadAsUpsert');
    assert.match(describeStatusCode('DUPLICATES_DETECTED').action, /duplicate rule/);
    assert.strictEqual(describeStatusCode('FIELD_CUSTOM_VALIDATION_EXCEPTION').actionId, 'openValidationRule');
    assert.strictEqual(describeStatusCode('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY').actionId, 'openApex');
    assert.strictEqual(describeStatusCode('CANNOT_EXECUTE_FLOW_TRIGGER').actionId, 'openFlow');
    assert.strictEqual(describeStatusCode('REQUIRED_FIELD_MISSING').actionId, 'openColumn');
  });

  it('reads a code whatever its case and spacing', () => {
    assert.strictEqual(describeStatusCode(' unable_to_lock_row ').code, 'UNABLE_TO_LOCK_ROW');
    assert.strictEqual(describeStatusCode(' unable_to_lock_row ').known, true);
  });

  it('says an unknown code is unknown instead of guessing, with no source', () => {
    const d = describeStatusCode('SOMETHING_NEW_IN_SPRING');
    assert.strictEqual(d.known, false);
    assert.strictEqual(d.code, 'SOMETHING_NEW_IN_SPRING');
    assert.strictEqual(d.source, undefined);
    assert.strictEqual(d.actionId, undefined);
    assert.match(d.meaning, /^Salesforce's documentation does not describe this code/);
    assert.strictEqual(describeStatusCode('').known, false);
  });

  it('says a SOQL or DML governor limit means a trigger that is not bulk-safe: smaller batches as a stopgap', () => {
    const soql = describeApexLimit('Too many SOQL queries: 101');
    assert.strictEqual(soql?.actionId, 'reloadSmallerBatches');
    assert.match(soql?.meaning ?? '', /not bulk-safe/);
    assert.match(soql?.action ?? '', /smaller batches/);
    assert.strictEqual(describeApexLimit('Too many DML statements: 151')?.prefix, 'Too many DML statements');
    assert.strictEqual(describeApexLimit('Apex CPU time limit exceeded')?.prefix, 'Apex CPU time limit exceeded');
    assert.strictEqual(describeApexLimit('Attempt to de-reference a null object'), undefined);
  });
});
