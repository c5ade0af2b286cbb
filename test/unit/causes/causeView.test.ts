/** The cause view of an error group: meaning, action, source and links, from the real messages of the emulator. */
import * as assert from 'assert';
import { buildCauseView, buildRowCauseView, jobErrorMeaning, MAX_CAUSE_LINKS, ruleTitle } from '../../../src/causes/causeView';
import { isCauseLink, isCauseView } from '../../../src/causes/causeTypes';
import { CAUSE_ERRORS } from '../../emulator';

/** A translation that shows it ran (the words come back marked). */
const t = (message: string, ...args: Array<string | number>): string => `«${message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)]))}»`;
const plain = (message: string, ...args: Array<string | number>): string => message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)]));

describe('causes/causeView', () => {
  it('a trigger\'s null pointer: the class frame at line 42 first, then the trigger\'s line 5; no extra trigger link', () => {
    const view = buildRowCauseView(CAUSE_ERRORS.nullPointer, plain, 'Account');
    assert.strictEqual(view.statusCode, 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY');
    assert.strictEqual(view.known, true);
    assert.deepStrictEqual(view.links.map((l) => l.label), ['AccountService.cls:42', 'AccountTrigger.trigger:5']);
    assert.deepStrictEqual(view.links[0], {
      kind: 'apex', label: 'AccountService.cls:42', apex: 'class', name: 'AccountService', candidates: ['AccountService'], line: 42, column: 1,
    });
    assert.strictEqual(view.exception, 'System.NullPointerException: Attempt to de-reference a null object');
    assert.ok(view.source?.startsWith('https://developer.salesforce.com/'), view.source);
  });

  it('a validation rule: a link to the rule on the job\'s object, and the column the message names', () => {
    const view = buildRowCauseView(CAUSE_ERRORS.validationRule, plain, 'Account');
    assert.deepStrictEqual(view.links, [
      { kind: 'validationRule', label: 'Validation rule on Account', message: 'Industry is required for customers', object: 'Account' },
      { kind: 'field', label: 'Column Industry', field: 'Industry' },
    ]);
    assert.match(view.meaning, /validation rule/i);
  });

  it('without the job\'s object the rule link has none (the org cannot be asked for an unknown object)', () => {
    const view = buildRowCauseView(CAUSE_ERRORS.validationRule, plain);
    assert.strictEqual(view.links[0].kind, 'validationRule');
    assert.strictEqual('object' in view.links[0], false);
  });

  it('an Apex limit: the limit\'s advice (smaller batches) wins over the code\'s, and the trigger named without a frame is a link', () => {
    const view = buildRowCauseView(CAUSE_ERRORS.limit, plain, 'BT_Project__c');
    assert.strictEqual(view.actionId, 'reloadSmallerBatches');
    assert.match(view.meaning, /DML statements/);
    assert.deepStrictEqual(view.links, [{ kind: 'apex', label: 'BTProjectTrigger.trigger', apex: 'trigger', name: 'BTProjectTrigger', candidates: ['BTProjectTrigger'] }]);
  });

  it('a flow: the quoted label', () => {
    const view = buildRowCauseView(CAUSE_ERRORS.flow, plain);
    assert.deepStrictEqual(view.links, [{ kind: 'flow', label: 'Flow “Account After Save”', flowLabel: 'Account After Save' }]);
  });

  it('a managed exception: the namespaced frame first, each frame once', () => {
    const view = buildRowCauseView(CAUSE_ERRORS.managedException, plain);
    assert.deepStrictEqual(view.links.map((l) => l.label), ['acme.GeoService.cls:118', 'AccountService.cls:37', 'AccountTrigger.trigger:5']);
    assert.strictEqual(view.exception, 'acme.GeoService.GeoException: No coordinates for the billing city');
  });

  it('lock contention proposes the Serial reload; duplicates say what to do without a link', () => {
    const lock = buildCauseView({ statusCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record or 1 records: 001000000000001AAA', fields: [] }, plain);
    assert.strictEqual(lock.actionId, 'reloadSerial');
    assert.deepStrictEqual(lock.links, []);
    const dup = buildRowCauseView(CAUSE_ERRORS.duplicates, plain);
    assert.strictEqual(dup.known, true);
    assert.match(dup.action, /upsert|duplicate rule/i);
  });

  it('an unknown code says it is not known, with no source', () => {
    const view = buildCauseView({ statusCode: 'SOMETHING_NEW', message: 'Whatever', fields: [] }, plain);
    assert.strictEqual(view.known, false);
    assert.strictEqual(view.source, undefined);
    assert.match(view.meaning, /not known/);
  });

  it('passes its words through the translation', () => {
    const view = buildRowCauseView(CAUSE_ERRORS.validationRule, t, 'Account');
    assert.match(view.meaning, /^«.*»$/);
    assert.match(view.action, /^«.*»$/);
    assert.strictEqual(view.links[0].label, '«Validation rule on Account»');
    assert.strictEqual(ruleTitle(plain, 'Require_Industry', 'Account'), 'validation rule Require_Industry on Account');
  });

  it('keeps at most MAX_CAUSE_LINKS links', () => {
    const frames = Array.from({ length: 20 }, (_v, i) => `Class.C${i}.m: line ${i + 1}, column 1`).join('\n');
    const view = buildCauseView({ statusCode: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', message: `T: execution of AfterInsert caused by: System.NullPointerException: x ${frames}`, fields: [] }, plain);
    assert.strictEqual(view.links.length, MAX_CAUSE_LINKS);
  });

  it('its JSON passes the checks a webview and a command link apply; tampered links do not', () => {
    for (const text of Object.values(CAUSE_ERRORS)) {
      const view = JSON.parse(JSON.stringify(buildRowCauseView(text, plain, 'Account'))) as unknown;
      assert.ok(isCauseView(view), text);
    }
    assert.strictEqual(isCauseLink({ kind: 'apex', label: 'x', apex: 'script', name: 'x', candidates: [] }), false);
    assert.strictEqual(isCauseLink({ kind: 'apex', label: 'x', apex: 'class', name: 'x', candidates: [1] }), false);
    assert.strictEqual(isCauseLink({ kind: 'apex', label: 'x', apex: 'class', name: 'x', candidates: [], line: -1 }), false);
    assert.strictEqual(isCauseLink({ kind: 'file', label: 'x', path: '/etc/passwd' }), false);
    assert.strictEqual(isCauseLink({ kind: 'field', label: 'x', field: 'Industry' }), true);
    assert.strictEqual(isCauseView({ statusCode: 'X', known: true, meaning: 'm', action: 'a', links: [], rule: { title: 3 } }), false);
  });

  it('a Failed job\'s error message: the meaning of a code the table knows, nothing for one it does not', () => {
    assert.match(jobErrorMeaning('STORAGE_LIMIT_EXCEEDED : storage limit exceeded', plain) ?? '', /storage/i);
    assert.strictEqual(jobErrorMeaning('InvalidBatch : Field name not found : Rating__x', plain), undefined);
    assert.strictEqual(jobErrorMeaning(undefined, plain), undefined);
    assert.strictEqual(jobErrorMeaning('  ', plain), undefined);
  });
});
