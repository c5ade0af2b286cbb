/**
 * Error mapping (every code), instance URL rules, and the promise that no token ever reaches an
 * error or a log line.
 */
import * as assert from 'assert';
import { inspect } from 'util';
import { BulkClient, parseLimitInfo } from '../../../src/api/bulkClient';
import { normalizeInstanceUrl } from '../../../src/api/instanceUrl';
import { readServerError, parseBody } from '../../../src/api/body';
import { BulkApiError, type BulkErrorKind } from '../../../src/api/errors';
import { fromServerError, kindOf, type FailureContext } from '../../../src/api/failures';
import { DEMO_IDS, startEmulator, type Emulator } from '../../emulator';

const ctx: FailureContext = {
  orgLabel: 'acme@example.com',
  instanceUrl: 'https://acme.my.salesforce.com',
  action: 'getting the job 750D00000004SkLIAU',
  subject: 'The job 750D00000004SkLIAU',
  timeoutMs: 30_000,
};

describe('api/failures', () => {
  describe('every Bulk 1.0 exception code', () => {
    const table: Array<[string, BulkErrorKind]> = [
      ['InvalidSessionId', 'sessionExpired'],
      ['InvalidJob', 'notFound'],
      ['InvalidBatch', 'notFound'],
      ['Gone', 'notFound'],
      ['InvalidUser', 'noPermission'],
      ['FeatureNotEnabled', 'noPermission'],
      ['ExceededQuota', 'quotaExceeded'],
      ['InternalServerError', 'server'],
      ['Timeout', 'server'],
      ['TooManyLockFailure', 'server'],
      ['Unknown', 'server'],
      ['InvalidJobState', 'invalidRequest'],
      ['InvalidOperation', 'invalidRequest'],
      ['InvalidUrl', 'invalidRequest'],
      ['InvalidXml', 'invalidRequest'],
      ['InvalidVersion', 'invalidRequest'],
      ['UnsupportedContentType', 'invalidRequest'],
      ['InvalidEntity', 'invalidRequest'],
      ['ClientInputError', 'invalidRequest'],
      ['HttpsRequired', 'invalidRequest'],
      ['TransactionSecurityPolicy', 'invalidRequest'],
    ];
    for (const [code, kind] of table) {
      it(`${code} → ${kind}`, () => {
        const xml = `<?xml version="1.0" encoding="UTF-8"?><error xmlns="http://www.force.com/2009/06/asyncapi/dataload"><exceptionCode>${code}</exceptionCode><exceptionMessage>Details for ${code}</exceptionMessage></error>`;
        const server = readServerError(parseBody('application/xml', xml).value);
        assert.deepStrictEqual(server, { code, message: `Details for ${code}` });
        const json = readServerError(parseBody('application/json', JSON.stringify({ exceptionCode: code, exceptionMessage: `Details for ${code}` })).value);
        assert.deepStrictEqual(json, server);
        const e = fromServerError(400, server, ctx);
        assert.strictEqual(e.kind, kind);
        assert.strictEqual(e.exceptionCode, code);
        assert.strictEqual(e.status, 400);
        assert.strictEqual(e.serverMessage, `Details for ${code}`);
        assert.ok(e.message.includes('acme@example.com'), e.message);
      });
    }
  });

  describe('Bulk 2.0 error codes and bare statuses', () => {
    const table: Array<[string | undefined, number, BulkErrorKind]> = [
      ['INVALID_SESSION_ID', 401, 'sessionExpired'],
      ['NOT_FOUND', 404, 'notFound'],
      ['INVALID_ID_FIELD', 400, 'notFound'],
      ['INSUFFICIENT_ACCESS', 403, 'noPermission'],
      ['API_DISABLED_FOR_ORG', 403, 'noPermission'],
      ['FUNCTIONALITY_NOT_ENABLED', 403, 'noPermission'],
      ['REQUEST_LIMIT_EXCEEDED', 403, 'quotaExceeded'],
      ['UNKNOWN_EXCEPTION', 500, 'server'],
      ['INVALIDJOBSTATE', 400, 'invalidRequest'],
      ['JSON_PARSER_ERROR', 400, 'invalidRequest'],
      [undefined, 401, 'sessionExpired'],
      [undefined, 403, 'noPermission'],
      [undefined, 404, 'notFound'],
      [undefined, 429, 'quotaExceeded'],
      [undefined, 500, 'server'],
      [undefined, 503, 'server'],
      [undefined, 405, 'invalidRequest'],
    ];
    for (const [code, status, kind] of table) {
      it(`${code ?? '(no code)'} / HTTP ${status} → ${kind}`, () => {
        assert.strictEqual(kindOf(code, status), kind);
        if (code !== undefined) {
          const server = readServerError(JSON.parse(JSON.stringify([{ errorCode: code, message: 'm' }])));
          assert.deepStrictEqual(server, { code, message: 'm' });
        }
      });
    }
  });

  describe('messages a person can act on', () => {
    it('not found', () => {
      assert.strictEqual(
        fromServerError(400, { code: 'InvalidJob' }, ctx).message,
        'The job 750D00000004SkLIAU was not found in acme@example.com. Check the id and the org.',
      );
    });

    it('session expired', () => {
      assert.strictEqual(
        fromServerError(401, { code: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }, ctx).message,
        'Your session for acme@example.com has expired. Sign in again (sf org login web -o acme@example.com) or add a new session id.',
      );
    });

    it('quota', () => {
      assert.strictEqual(
        fromServerError(400, { code: 'ExceededQuota', message: 'ApiBatchItems Limit exceeded.' }, ctx).message,
        "The org's daily Bulk API allowance is used up in acme@example.com. Try again later. (Salesforce: ExceededQuota: ApiBatchItems Limit exceeded.)",
      );
    });

    it('no permission names the permissions', () => {
      const m = fromServerError(400, { code: 'InvalidUser', message: 'User does not have access' }, ctx).message;
      assert.match(m, /^acme@example\.com refused access while getting the job 750D00000004SkLIAU\./);
      assert.match(m, /Manage Data Integrations/);
    });

    it('Gone says jobs are deleted after 7 days', () => {
      assert.match(fromServerError(400, { code: 'Gone' }, ctx).message, /7 days/);
    });

    it('server text is cleaned and capped', () => {
      const long = readServerError({ exceptionCode: 'Unknown', exceptionMessage: `line1\n\tline2\u0000 ${'x'.repeat(1000)}` });
      assert.ok(long?.message !== undefined && long.message.length === 300 && long.message.startsWith('line1 line2 x'));
    });
  });

  describe('instance URLs', () => {
    it('accepts https and loopback http, returning the origin', () => {
      assert.strictEqual(normalizeInstanceUrl('https://acme.my.salesforce.com/'), 'https://acme.my.salesforce.com');
      assert.strictEqual(normalizeInstanceUrl(' https://ACME.my.salesforce.com '), 'https://acme.my.salesforce.com');
      assert.strictEqual(normalizeInstanceUrl('http://127.0.0.1:8123'), 'http://127.0.0.1:8123');
      assert.strictEqual(normalizeInstanceUrl('http://127.9.8.7:1/'), 'http://127.9.8.7:1');
      assert.strictEqual(normalizeInstanceUrl('http://localhost:8123/'), 'http://localhost:8123');
      assert.strictEqual(normalizeInstanceUrl('http://[::1]:8123'), 'http://[::1]:8123');
    });

    const refused: Array<[string, RegExp]> = [
      ['http://acme.my.salesforce.com', /https/],
      ['http://10.0.0.1', /https/],
      ['http://128.0.0.1', /https/],
      ['http://localhost.evil.example', /https/],
      ['ftp://acme.example.com', /https/],
      ['javascript:alert(1)', /https/],
      ['acme.my.salesforce.com', /not a URL/],
      ['https://acme.my.salesforce.com/services/async', /only the scheme and host/],
      ['https://acme.my.salesforce.com/?x=1', /only the scheme and host/],
    ];
    for (const [url, why] of refused) {
      it(`refuses ${url}`, () => {
        assert.throws(() => normalizeInstanceUrl(url), (e: unknown) => e instanceof BulkApiError && e.kind === 'invalidRequest' && why.test(e.message));
      });
    }

    it('refuses credentials in the URL without repeating them', () => {
      assert.throws(
        () => new BulkClient({ instanceUrl: 'https://user:s3cret@acme.my.salesforce.com', apiVersion: '64.0', getAccessToken: async () => 't' }),
        (e: unknown) => e instanceof BulkApiError && !e.message.includes('s3cret') && /user name or password/.test(e.message),
      );
    });

    it('refuses an API version that is not a number', () => {
      assert.throws(() => new BulkClient({ instanceUrl: 'https://a.example', apiVersion: 'v64', getAccessToken: async () => 't' }), BulkApiError);
      assert.doesNotThrow(() => new BulkClient({ instanceUrl: 'https://a.example', apiVersion: '64', getAccessToken: async () => 't' }));
    });
  });

  it('parses Sforce-Limit-Info', () => {
    assert.deepStrictEqual(parseLimitInfo('api-usage=18/15000', 5), { used: 18, max: 15000, at: 5 });
    assert.deepStrictEqual(parseLimitInfo('per-app-api-usage=1/10(appName=x), api-usage=25/5000', 6), { used: 25, max: 5000, at: 6 });
    assert.strictEqual(parseLimitInfo(undefined, 1), undefined);
    assert.strictEqual(parseLimitInfo('nonsense', 1), undefined);
  });

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
