/**
 * The rule for lost leading zeros (src/load/leadingZeros.ts): when a column has a fixed digit length,
 * at its edges. The preflight's use of it (places, counts, the cap) is in preflight.test.ts.
 */
import * as assert from 'assert';
import { LeadingZeros, MIN_SAME } from '../../../src/load/leadingZeros';

const lengths = (pairs: Array<[number, number]>): Map<number, number> => new Map(pairs);

describe('load/leadingZeros: a column\'s fixed length', () => {
  it('needs MIN_SAME values of the most digits, at least as many as the shorter ones together', () => {
    assert.strictEqual(MIN_SAME, 3);
    assert.strictEqual(LeadingZeros.fixedLength(lengths([[5, 3], [4, 3]]), 20), 5, 'a tie is enough');
    assert.strictEqual(LeadingZeros.fixedLength(lengths([[5, 3], [4, 2], [3, 2]]), 20), undefined, 'the shorter ones together outnumber');
    assert.strictEqual(LeadingZeros.fixedLength(lengths([[5, 2], [4, 1]]), 20), undefined, 'too few');
  });

  it('fits the field (the describe\'s length), and a single digit is no code', () => {
    assert.strictEqual(LeadingZeros.fixedLength(lengths([[8, 5], [7, 1]]), 8), 8);
    assert.strictEqual(LeadingZeros.fixedLength(lengths([[8, 5], [7, 1]]), 7), undefined);
    assert.strictEqual(LeadingZeros.fixedLength(lengths([[1, 9]]), 20), undefined);
  });

  it('watches text fields with a length only', () => {
    assert.ok(LeadingZeros.watches({ name: 'MailingPostalCode', excel: 'text', maxLength: 20 }));
    assert.ok(!LeadingZeros.watches({ name: 'Legacy_Number__c', excel: 'text' }));
    assert.ok(!LeadingZeros.watches({ name: 'AccountId', excel: 'id', maxLength: 18 }));
    assert.ok(!LeadingZeros.watches(undefined));
  });
});
