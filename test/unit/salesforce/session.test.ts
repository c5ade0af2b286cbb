/**
 * The session against the emulator: a rejected token refreshed once (one refresh shared by
 * concurrent requests), `sessionExpired` when no token can be had, and the promise that no token
 * ever reaches an error or a log line.
 */
import * as assert from 'assert';
import { inspect } from 'util';
import { BulkClient } from '../../../src/salesforce/bulkClient';
import { BulkApiError } from '../../../src/salesforce/errors';
import { DEMO_IDS, startEmulator, type Emulator } from '../../emulator';
import { clientFor, demoClientPerTest, rejectsWith, requestPaths, tokenSource, type TokenSource } from './fixtures';

describe('salesforce/session against the emulator', () => {
  let em: Emulator;
  let tokens: TokenSource;
  let client: BulkClient;

  demoClientPerTest((demo) => ({ em, tokens, client } = demo));

  const paths = (): string[] => requestPaths(em);

  describe('session', () => {
    it('1.0: an expired token is refreshed once and the request repeated once', async () => {
      await client.getJob(DEMO_IDS.seedPageXml);
      em.expireToken();
      em.clearLog();
      const job = await client.getJob(DEMO_IDS.seedPageXml);
      assert.strictEqual(job.id, DEMO_IDS.seedPageXml);
      assert.deepStrictEqual(tokens.calls, [false, true]);
      assert.deepStrictEqual(em.log.map((e) => [e.status, e.authOk]), [[400, false], [200, true]]);
    });

    it('2.0: 401 INVALID_SESSION_ID is refreshed once and repeated once', async () => {
      await client.getJob(DEMO_IDS.v2Query);
      em.expireToken();
      em.clearLog();
      await client.getJob(DEMO_IDS.v2Query);
      assert.deepStrictEqual(tokens.calls, [false, true]);
      assert.deepStrictEqual(em.log.map((e) => e.status), [401, 200]);
    });

    it('a token rejected again after the refresh is sessionExpired (two requests, one refresh)', async () => {
      const stale = tokenSource(em, true);
      const c = clientFor(em, stale);
      em.expireToken();
      const e = await rejectsWith(c.getJob(DEMO_IDS.seedPageXml), (err) => {
        assert.strictEqual(err.kind, 'sessionExpired');
        assert.strictEqual(err.exceptionCode, 'InvalidSessionId');
      });
      assert.strictEqual(e.message, `Your session for ${em.username} has expired. Sign in again (sf org login web --alias ${em.username}) or add a new session id.`);
      assert.deepStrictEqual(stale.calls, [false, true]);
      assert.strictEqual(em.log.length, 2);
    });

    it('2.0 twice rejected is sessionExpired with INVALID_SESSION_ID', async () => {
      const stale = tokenSource(em, true);
      const c = clientFor(em, stale);
      await c.getJob(DEMO_IDS.v2IngestOpen);
      em.expireToken();
      em.clearLog();
      await rejectsWith(c.abortJob(DEMO_IDS.v2IngestOpen), (err) => {
        assert.strictEqual(err.kind, 'sessionExpired');
        assert.strictEqual(err.exceptionCode, 'INVALID_SESSION_ID');
        assert.strictEqual(err.status, 401);
      });
      assert.deepStrictEqual(paths(), [`PATCH /services/data/v64.0/jobs/ingest/${DEMO_IDS.v2IngestOpen}`, `PATCH /services/data/v64.0/jobs/ingest/${DEMO_IDS.v2IngestOpen}`]);
    });

    it('concurrent requests rejected together share one refresh', async () => {
      await client.getJob(DEMO_IDS.seedPageXml);
      em.expireToken();
      const ids = [DEMO_IDS.seedPageXml, DEMO_IDS.classicJson, DEMO_IDS.classicXml, DEMO_IDS.classicFailed];
      const jobs = await Promise.all(ids.map((id) => client.getJob(id)));
      assert.deepStrictEqual(jobs.map((j) => j.id), ids);
      assert.deepStrictEqual(tokens.calls, [false, true]);
    });

    it('a token expiring mid-run (fault) is refreshed transparently', async () => {
      em.fault({ path: '/jobs/ingest/', times: 1, expireToken: true } as Parameters<Emulator['fault']>[0]);
      const job = await client.getJob(DEMO_IDS.v2IngestMoving);
      assert.strictEqual(job.kind, 'ingest');
      assert.deepStrictEqual(tokens.calls, [false, true]);
    });

    it('a token provider that fails becomes sessionExpired', async () => {
      const c = new BulkClient({
        instanceUrl: em.url,
        apiVersion: '64.0',
        orgLabel: 'acme',
        getAccessToken: async () => {
          throw new Error('No authorization information found for acme');
        },
      });
      await rejectsWith(c.getJob(DEMO_IDS.seedPageXml), (e) => {
        assert.strictEqual(e.kind, 'sessionExpired');
        assert.match(e.message, /acme/);
      });
      assert.strictEqual(em.log.length, 0);
    });
  });
});

describe('salesforce/session: scrubbing', () => {
  describe('tokens never leak', () => {
    const TOKEN = '00D000000000001!AQ8AQLEAKCANARYx9y8z7w6v5u4';
    const FRESH = '00D000000000001!AQ8AQFRESHCANARYq1w2e3r4';
    const PLAIN = 'plain-PLAINCANARY-secret';
    let em: Emulator;

    before(async () => {
      em = await startEmulator({ seed: 'demo', token: TOKEN });
    });

    after(async () => {
      await em.close();
    });

    it('appear in no error, error property, stack or log line across every failure', async () => {
      const lines: string[] = [];
      const errors: unknown[] = [];
      const log = (level: string, m: string): void => {
        lines.push(`${level} ${m}`);
      };
      const make = (getAccessToken: (refresh: boolean) => Promise<string>, extra: object = {}): BulkClient =>
        new BulkClient({ instanceUrl: em.url, apiVersion: '64.0', getAccessToken, log, retryBaseMs: 1, orgLabel: 'leak@example.com', ...extra });
      const ok = make(async () => TOKEN);
      const attempt = async (p: Promise<unknown>): Promise<void> => {
        try {
          await p;
        } catch (e) {
          errors.push(e);
        }
      };

      await attempt(ok.getJob('750D00000009ZZZ'));
      await attempt(ok.getBatch(DEMO_IDS.classicXml, '751D00000004SkL'));
      await attempt(ok.closeJob(DEMO_IDS.classicAborted));
      await attempt(ok.abortJob(DEMO_IDS.v2IngestFailed));
      for (const spec of [{ status: 503 }, { status: 429 }, { body: 'malformed' as const }, { body: 'truncated' as const }, { body: 'empty' as const }, { reset: true }, { body: 'html' as const }]) {
        const remove = em.fault({ path: DEMO_IDS.seedPageXml, ...spec });
        await attempt(ok.getJob(DEMO_IDS.seedPageXml));
        remove();
      }
      const removeHang = em.fault({ path: DEMO_IDS.seedPageXml, hang: true });
      await attempt(ok.getJob(DEMO_IDS.seedPageXml, { timeoutMs: 100 }));
      await attempt(ok.getJob(DEMO_IDS.seedPageXml, { signal: AbortSignal.timeout(50) }));
      removeHang();
      // A provider whose own error message contains the token.
      await attempt(make(async () => {
        throw new Error(`sf failed: accessToken=${TOKEN}`);
      }).getJob(DEMO_IDS.seedPageXml));
      // A token of no known shape, rejected, whose refresh fails with a message that repeats it.
      await attempt(make(async (refresh) => {
        if (refresh) {
          throw new Error(`refresh failed for ${PLAIN}`);
        }
        return PLAIN;
      }).getJob(DEMO_IDS.seedPageXml));
      // Expired: the stale token is rejected twice; then a fresh one that is also rejected.
      const stale = make(async () => TOKEN);
      em.expireToken();
      await attempt(stale.getJob(DEMO_IDS.seedPageXml));
      await attempt(make(async (refresh) => (refresh ? FRESH : TOKEN)).getJob(DEMO_IDS.v2Query));

      assert.ok(errors.length >= 15, `collected ${errors.length} errors`);
      assert.ok(errors.every((e) => e instanceof BulkApiError));
      assert.ok(lines.length > 10);
      const everything = [
        ...lines,
        ...errors.map((e) => inspect(e, { depth: 10, showHidden: true })),
        ...errors.map((e) => JSON.stringify(e)),
        ...errors.map((e) => String((e as Error).stack)),
        ...errors.map((e) => String((e as BulkApiError).serverMessage)),
      ].join('\n');
      for (const secret of [TOKEN, FRESH, PLAIN, 'LEAKCANARY', 'FRESHCANARY', 'PLAINCANARY']) {
        const at = everything.indexOf(secret);
        assert.ok(at < 0, `found ${secret} in …${everything.slice(Math.max(0, at - 300), at + 60)}`);
      }
      assert.ok(errors.some((e) => (e as BulkApiError).kind === 'sessionExpired'));
    });
  });
});
