import * as assert from 'assert';
import { ERROR_TTL_MS, MissCache, NOT_FOUND_TTL_MS, QUOTA_TTL_MS, SESSION_TTL_MS, missPolicy } from '../../../src/hover/missCache';

describe('model/missCache', () => {
  let now = 0;
  const cache = (): MissCache<string> => new MissCache<string>(() => now);
  beforeEach(() => { now = 1_000_000; });

  it('keeps an unknown id for 10 minutes and the org errors for 1–2 minutes; nothing for a cancel', () => {
    assert.deepStrictEqual(missPolicy('notFound'), { scope: 'id', ttlMs: NOT_FOUND_TTL_MS });
    assert.strictEqual(NOT_FOUND_TTL_MS, 10 * 60_000);
    assert.deepStrictEqual(missPolicy('sessionExpired'), { scope: 'org', ttlMs: SESSION_TTL_MS });
    assert.deepStrictEqual(missPolicy('quotaExceeded'), { scope: 'org', ttlMs: QUOTA_TTL_MS });
    for (const kind of ['timeout', 'network', 'server', 'unexpectedResponse'] as const) {
      assert.deepStrictEqual(missPolicy(kind), { scope: 'org', ttlMs: ERROR_TTL_MS }, kind);
    }
    assert.ok(ERROR_TTL_MS >= 60_000 && QUOTA_TTL_MS <= 120_000);
    assert.strictEqual(missPolicy('cancelled'), undefined);
  });

  it('answers an id until its time is up', () => {
    const c = cache();
    c.remember('750A', 'not found', NOT_FOUND_TTL_MS);
    now += NOT_FOUND_TTL_MS - 1;
    assert.strictEqual(c.get('750A'), 'not found');
    now += 1;
    assert.strictEqual(c.get('750A'), undefined);
  });

  it("answers an org's problem for any id until it expires, the org answers again, or the orgs change", () => {
    const c = cache();
    c.rememberOrg('me@acme.com', { kind: 'sessionExpired', message: 'expired' }, SESSION_TTL_MS);
    assert.deepStrictEqual(c.orgProblem('me@acme.com'), { kind: 'sessionExpired', message: 'expired', at: now });
    assert.strictEqual(c.orgProblem('other'), undefined);
    c.forgetOrg('me@acme.com', now - 1);
    assert.ok(c.orgProblem('me@acme.com'), 'an answer from before the problem does not end it');
    c.forgetOrg('me@acme.com');
    assert.strictEqual(c.orgProblem('me@acme.com'), undefined);

    c.rememberOrg('me@acme.com', { kind: 'timeout', message: 'slow', at: now - ERROR_TTL_MS }, ERROR_TTL_MS);
    assert.strictEqual(c.orgProblem('me@acme.com'), undefined, 'an old error seen by the poller is over');
    c.rememberOrg('me@acme.com', { kind: 'quotaExceeded', message: 'limit' }, QUOTA_TTL_MS);
    c.remember('750A', 'x', NOT_FOUND_TTL_MS);
    c.clear();
    assert.strictEqual(c.orgProblem('me@acme.com'), undefined);
    assert.strictEqual(c.get('750A'), undefined);
  });
});
