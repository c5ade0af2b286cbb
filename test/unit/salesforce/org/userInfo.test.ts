/** The session's own user over real HTTP: the UserInfo endpoint's `user_id`. */
import * as assert from 'assert';
import { startEmulator, type Emulator } from '../../../emulator';
import { clientFor, tokenSource } from '../fixtures';

describe('salesforce/org/userInfo', () => {
  let em: Emulator;

  beforeEach(async () => {
    em = await startEmulator({ seed: 'empty' });
  });

  afterEach(async () => {
    await em.close();
  });

  it('reads the session user id from GET /services/oauth2/userinfo', async () => {
    const client = clientFor(em, tokenSource(em));
    assert.strictEqual(await client.sessionUserId(), em.userId);
    assert.deepStrictEqual(em.log.map((e) => `${e.method} ${e.path}`), ['GET /services/oauth2/userinfo']);
  });

  it('says the session is gone when the token is rejected', async () => {
    const client = clientFor(em, { calls: [], get: async () => 'not-a-token' });
    await assert.rejects(client.sessionUserId(), (e: { kind?: string }) => e.kind === 'sessionExpired');
  });
});
