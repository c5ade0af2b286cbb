/** Reading the causes out of a row's error: Apex frames and exceptions, triggers, flows, validation text, fields. */
import * as assert from 'assert';
import { causesOf, parseCauses } from '../../../src/causes/parseMessage';
import { parseRowError } from '../../../src/salesforce/results/errorSummary';

/** The messages of issue 22, as Salesforce words them. */
const VALIDATION = 'FIELD_CUSTOM_VALIDATION_EXCEPTION:Industry is required for customers:Industry --';
const NPE = 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY:AccountTrigger: execution of BeforeInsert caused by: System.NullPointerException: Attempt to de-reference a null object Class.AccountService.applyDefaults: line 42, column 1 Trigger.AccountTrigger: line 5, column 1:--';
const LIMIT = 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY:BTProjectTrigger: System.LimitException: Too many DML statements: 151:--';
const FLOW = 'CANNOT_EXECUTE_FLOW_TRIGGER:We can\'t save this record because the “Account After Save” process failed. Give your Salesforce admin these details. This error occurred when the flow tried to update records: Error ID: 1234567890-12345 (-987654321):--';
const LOCK = 'UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record or 1 records: 001xx000003DGb2AAG:--';
const DUPES = 'DUPLICATES_DETECTED:Use one of these records?:--';

describe('causes/parseMessage', () => {
  it('reads a validation rule failure: its text and its field', () => {
    const c = parseCauses(VALIDATION);
    assert.strictEqual(c.statusCode, 'FIELD_CUSTOM_VALIDATION_EXCEPTION');
    assert.strictEqual(c.validationMessage, 'Industry is required for customers');
    assert.deepStrictEqual(c.fields, ['Industry']);
    assert.deepStrictEqual(c.frames, []);
  });

  it('reads a trigger failure: the trigger and its event, the exception, both frames', () => {
    const c = parseCauses(NPE);
    assert.deepStrictEqual(c.triggers, [{ name: 'AccountTrigger', event: 'BeforeInsert' }]);
    assert.deepStrictEqual(c.exceptions, [{ type: 'System.NullPointerException', message: 'Attempt to de-reference a null object' }]);
    assert.deepStrictEqual(c.frames.map((f) => ({ kind: f.kind, name: f.name, method: f.method, line: f.line, column: f.column, candidates: f.candidates })), [
      { kind: 'class', name: 'AccountService', method: 'applyDefaults', line: 42, column: 1, candidates: ['AccountService'] },
      { kind: 'trigger', name: 'AccountTrigger', method: undefined, line: 5, column: 1, candidates: ['AccountTrigger'] },
    ]);
    assert.strictEqual(c.frames[0].text, 'Class.AccountService.applyDefaults: line 42, column 1');
    assert.strictEqual(c.validationMessage, undefined);
  });

  it('reads a governor limit: the limit text of System.LimitException', () => {
    const c = parseCauses(LIMIT);
    assert.deepStrictEqual(c.exceptions, [{ type: 'System.LimitException', message: 'Too many DML statements: 151', limit: 'Too many DML statements: 151' }]);
    assert.deepStrictEqual(c.frames, []);
  });

  it('reads the process label (curly quotes) and the error id of a failed flow', () => {
    const c = parseCauses(FLOW);
    assert.strictEqual(c.flowLabel, 'Account After Save');
    assert.strictEqual(c.errorId, '1234567890-12345 (-987654321)');
  });

  it('reads a flow label in straight quotes, and in a German and a French message', () => {
    assert.strictEqual(parseCauses('CANNOT_EXECUTE_FLOW_TRIGGER:We can\'t save this record because the "Update Contact Owner" process failed.:--').flowLabel, 'Update Contact Owner');
    assert.strictEqual(parseCauses('CANNOT_EXECUTE_FLOW_TRIGGER:Dieser Datensatz kann nicht gespeichert werden, da der Prozess „Account After Save“ fehlgeschlagen ist. Fehler-ID: 1-2 (-3):--').flowLabel, 'Account After Save');
    assert.strictEqual(parseCauses('CANNOT_EXECUTE_FLOW_TRIGGER:Nous ne pouvons pas enregistrer cet enregistrement, car le processus « Account After Save » a échoué.:--').flowLabel, 'Account After Save');
  });

  it('reads the codes that have no deeper cause as code and message only', () => {
    const lock = parseCauses(LOCK);
    assert.strictEqual(lock.statusCode, 'UNABLE_TO_LOCK_ROW');
    assert.deepStrictEqual([lock.exceptions, lock.frames, lock.triggers, lock.fields], [[], [], [], []]);
    const dupes = parseCauses(DUPES);
    assert.strictEqual(dupes.message, 'Use one of these records?');
    assert.strictEqual(dupes.flowLabel, undefined);
  });

  it('reads namespaced classes, inner classes, constructors and several frames', () => {
    const c = parseCauses('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY:acme.OrderTrigger: execution of AfterUpdate caused by: acme.OrderService.PricingException: No price book Class.acme.OrderService.price: line 210, column 9 Class.acme.OrderService.Pricer.<init>: line 12, column 5 Class.Util.Helper.run: line 3, column 1 Trigger.acme.OrderTrigger: line 7, column 1:--');
    assert.deepStrictEqual(c.triggers, [{ name: 'acme.OrderTrigger', event: 'AfterUpdate' }]);
    assert.deepStrictEqual(c.exceptions, [{ type: 'acme.OrderService.PricingException', message: 'No price book' }]);
    assert.deepStrictEqual(c.frames.map((f) => [f.kind, f.name, f.method, f.line, f.candidates]), [
      ['class', 'acme.OrderService', 'price', 210, ['acme', 'OrderService']],
      ['class', 'acme.OrderService.Pricer', '<init>', 12, ['OrderService', 'acme']],
      ['class', 'Util.Helper', 'run', 3, ['Util', 'Helper']],
      ['trigger', 'acme.OrderTrigger', undefined, 7, ['OrderTrigger']],
    ]);
  });

  it('reads nested "caused by" and the error inside a DmlException', () => {
    const c = parseCauses('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY:ContactTrigger: execution of AfterInsert caused by: System.DmlException: Update failed. First exception on row 0 with id 001xx000003DGb2AAG; first error: FIELD_CUSTOM_VALIDATION_EXCEPTION, Industry is required for customers: [Industry] Class.ContactService.syncAccounts: line 88, column 1 Trigger.ContactTrigger: line 4, column 1 caused by: System.NullPointerException: Attempt to de-reference a null object Class.AccountRollup.sum: line 17, column 1:--');
    assert.deepStrictEqual(c.exceptions.map((e) => e.type), ['System.DmlException', 'System.NullPointerException']);
    assert.match(c.exceptions[0].message, /^Update failed\. First exception on row 0/);
    assert.deepStrictEqual(c.nested, [{ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Industry is required for customers', fields: ['Industry'] }]);
    assert.strictEqual(c.validationMessage, 'Industry is required for customers');
    assert.deepStrictEqual(c.frames.map((f) => f.name), ['ContactService', 'ContactTrigger', 'AccountRollup']);
  });

  it('keeps what was read before a message was cut short', () => {
    const cut = parseCauses('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY:AccountTrigger: execution of BeforeInsert caused by: System.NullPointerException: Attempt to de-reference a null object Class.AccountService.applyDefaults: line 42, column 1 Trigger.AccountTri');
    assert.deepStrictEqual(cut.frames.map((f) => f.name), ['AccountService']);
    assert.strictEqual(cut.exceptions[0].type, 'System.NullPointerException');
    const cutInFrame = parseCauses('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY:AccountTrigger: execution of BeforeInsert caused by: System.NullPointerException: Attempt to de-ref');
    assert.deepStrictEqual(cutInFrame.frames, []);
    assert.strictEqual(cutInFrame.exceptions[0].message, 'Attempt to de-ref');
    assert.strictEqual(parseCauses('CANNOT_EXECUTE_FLOW_TRIGGER:We can\'t save this record because the “Account Aft').flowLabel, undefined);
    assert.strictEqual(parseCauses('FIELD_CUSTOM_VALIDATION_EXCEPTION:Industry is requ').validationMessage, 'Industry is requ');
  });

  it('reads frames and the trigger of a German message whose code still leads', () => {
    const c = parseCauses('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY:AccountTrigger: Ausführung von BeforeInsert verursacht durch: System.NullPointerException: Versuch, ein Null-Objekt zu dereferenzieren Class.AccountService.applyDefaults: Zeile 42, Spalte 1 Trigger.AccountTrigger: Zeile 5, Spalte 1:--');
    assert.deepStrictEqual(c.triggers, [{ name: 'AccountTrigger', event: 'BeforeInsert' }]);
    assert.deepStrictEqual(c.frames.map((f) => [f.name, f.line, f.column]), [['AccountService', 42, 1], ['AccountTrigger', 5, 1]]);
    assert.strictEqual(c.exceptions[0].type, 'System.NullPointerException');
  });

  it('reads a French validation message with its field', () => {
    const c = parseCauses('FIELD_CUSTOM_VALIDATION_EXCEPTION:Le secteur d’activité est obligatoire pour les clients:Industry --');
    assert.strictEqual(c.validationMessage, 'Le secteur d’activité est obligatoire pour les clients');
    assert.deepStrictEqual(c.fields, ['Industry']);
  });

  it('reads the fields a message names: required lists, field-first messages, the max length', () => {
    assert.deepStrictEqual(parseCauses('REQUIRED_FIELD_MISSING:Required fields are missing: [LastName, Company]:LastName,Company --').fields, ['LastName', 'Company']);
    assert.deepStrictEqual(parseCauses('REQUIRED_FIELD_MISSING:Required fields are missing: [LastName, Company]: --').fields, ['LastName', 'Company']);
    const long = parseCauses('STRING_TOO_LONG:Account Name: data value too large: Aaaaaaaa (max length=80):Name --');
    assert.deepStrictEqual(long.fields, ['Name']);
    assert.strictEqual(long.maxLength, 80);
    assert.deepStrictEqual(parseCauses('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:Industry: bad value for restricted picklist field: Spaceflight: --').fields, ['Industry']);
    assert.deepStrictEqual(parseCauses('INVALID_EMAIL_ADDRESS:Email: invalid email address: bob@@example:Email --').fields, ['Email']);
    assert.deepStrictEqual(parseCauses('NUMBER_OUTSIDE_VALID_RANGE:Amount__c: value outside of valid range on numeric field: 1e30: --').fields, ['Amount__c']);
    // A message that starts with a word and a colon is not a field for codes whose messages do not start with one.
    assert.deepStrictEqual(parseCauses('DUPLICATES_DETECTED:Warning: Use one of these records?:--').fields, []);
  });

  it('reads the first error of a row with several, joined by --', () => {
    const c = parseCauses('REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName -- FIELD_CUSTOM_VALIDATION_EXCEPTION:Industry is required for customers:Industry --');
    assert.strictEqual(c.statusCode, 'REQUIRED_FIELD_MISSING');
    assert.deepStrictEqual(c.fields, ['LastName']);
    assert.strictEqual(c.validationMessage, undefined);
  });

  it('reads an error already split by parseRowError the same as the whole text', () => {
    assert.deepStrictEqual(causesOf(parseRowError(NPE)), parseCauses(NPE));
  });

  it('reads text with no code and empty text without failing', () => {
    const free = parseCauses('something odd happened');
    assert.strictEqual(free.statusCode, '');
    assert.deepStrictEqual(free.frames, []);
    assert.deepStrictEqual(parseCauses('').exceptions, []);
  });
});
