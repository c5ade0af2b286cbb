import * as assert from 'assert';
import { translator } from '../../../src/job/format';
import { orgKind } from '../../../src/orgs/orgKind';

describe('orgs/orgKind', () => {
  const t = translator(undefined);
  it('says Production or Sandbox, and never guesses when the org could not be read', () => {
    assert.strictEqual(orgKind({ isSandbox: false }, t), 'Production');
    assert.strictEqual(orgKind({ isSandbox: true }, t), 'Sandbox');
    assert.strictEqual(orgKind(undefined, t), 'could not tell whether it is Production');
  });
});
