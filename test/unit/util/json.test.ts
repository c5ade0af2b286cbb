import * as assert from 'assert';
import { asNumber, isRecord, strings } from '../../../src/util/json';

describe('util/json', () => {
  it('isRecord: a plain object, never null or an array', () => {
    assert.strictEqual(isRecord({ a: 1 }), true);
    assert.strictEqual(isRecord({}), true);
    assert.strictEqual(isRecord(null), false);
    assert.strictEqual(isRecord([1]), false);
    assert.strictEqual(isRecord('x'), false);
    assert.strictEqual(isRecord(undefined), false);
  });

  it('asNumber: finite numbers only', () => {
    assert.strictEqual(asNumber(3), 3);
    assert.strictEqual(asNumber(0), 0);
    assert.strictEqual(asNumber(NaN), undefined);
    assert.strictEqual(asNumber(Infinity), undefined);
    assert.strictEqual(asNumber('3'), undefined);
  });

  it('strings: the strings of a list, [] for anything else', () => {
    assert.deepStrictEqual(strings(['a', 1, null, 'b']), ['a', 'b']);
    assert.deepStrictEqual(strings('a'), []);
    assert.deepStrictEqual(strings(undefined), []);
  });
});
