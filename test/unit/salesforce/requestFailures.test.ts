/**
 * Error mapping: every Bulk 1.0 exception code, Bulk 2.0 error code and bare status, and messages
 * a person can act on.
 */
import * as assert from 'assert';
import { readServerError, parseBody } from '../../../src/salesforce/body';
import type { BulkErrorKind } from '../../../src/salesforce/errors';
import { fromServerError, kindOf, type FailureContext } from '../../../src/salesforce/requestFailures';

const ctx: FailureContext = {
  orgLabel: 'acme@example.com',
  instanceUrl: 'https://acme.my.salesforce.com',
  action: 'getting the job 750D00000004SkLIAU',
  subject: 'The job 750D00000004SkLIAU',
  timeoutMs: 30_000,
};

describe('salesforce/requestFailures', () => {
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
        'Your session for acme@example.com has expired. Sign in again (sf org login web --alias acme@example.com) or add a new session id.',
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
});
