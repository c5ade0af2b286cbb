import * as assert from 'assert';
import { isManualOrgKey, manualInstanceUrl, manualOrgKey, orgKeyLabel } from '../../../src/orgs/orgKey';

describe('orgs/orgKey', () => {
  it('makes and recognises the key of an org added with a session id (the stored form never changes)', () => {
    const key = manualOrgKey('https://x.my.salesforce.com');
    assert.strictEqual(key, 'manual:https://x.my.salesforce.com');
    assert.strictEqual(isManualOrgKey(key), true);
    assert.strictEqual(manualInstanceUrl(key), 'https://x.my.salesforce.com');
  });

  it('a CLI username is not a manual key', () => {
    assert.strictEqual(isManualOrgKey('me@example.com'), false);
    assert.strictEqual(isManualOrgKey(undefined), false);
    assert.strictEqual(manualInstanceUrl('me@example.com'), undefined);
    assert.strictEqual(manualInstanceUrl(undefined), undefined);
  });

  it('a label made from a key never shows `manual:` to a person', () => {
    assert.strictEqual(orgKeyLabel('manual:https://x.my.salesforce.com'), 'https://x.my.salesforce.com');
    assert.strictEqual(orgKeyLabel('me@example.com'), 'me@example.com');
  });
});
