import * as assert from 'assert';
import { BulkApiError, isTransient, type BulkErrorKind } from '../../../src/salesforce/errors';

describe('salesforce/errors: what is transient', () => {
  it('an answer that could not be read (a proxy\'s HTML, a truncated body) is transient, like a timeout, a network failure or a 5xx', () => {
    const cases: Record<BulkErrorKind, boolean> = {
      unexpectedResponse: true, timeout: true, network: true, server: true,
      quotaExceeded: false, sessionExpired: false, notFound: false, noPermission: false, invalidRequest: false, cancelled: false,
    };
    for (const [kind, expected] of Object.entries(cases)) {
      assert.strictEqual(isTransient(kind as BulkErrorKind), expected, kind);
      assert.strictEqual(new BulkApiError({ kind: kind as BulkErrorKind, message: 'm' }).transient, expected, `${kind} (error)`);
    }
  });
});
