/** What a result column (`sf__Id`, `sf__Error`, `sf__Created`) is: one rule for the preflight, the upload and the downloads. */
import * as assert from 'assert';
import { isResultColumn } from '../../../../src/salesforce/results/resultColumns';

describe('salesforce/results/resultColumns', () => {
  it('decides: a column whose name begins with sf__, in any case, spaces around it ignored', () => {
    for (const name of ['sf__Id', 'sf__Error', 'sf__Created', ' sf__Id', 'sf__Error ', 'SF__ID', 'Sf__created']) {
      assert.strictEqual(isResultColumn(name), true, name);
    }
    for (const name of ['Id', 'Name', 'sf_Id', 'Custom__c', 'Account.sf__Id', 'x sf__Id', '']) {
      assert.strictEqual(isResultColumn(name), false, name);
    }
  });
});
