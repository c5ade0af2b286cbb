import * as assert from 'assert';
import { isTransient, type BulkErrorKind } from '../../../src/salesforce/errors';
import {
  DEFAULT_USAGE_THRESHOLDS, ERROR_BACKOFF, QUOTA_BACKOFF, backoffMs, errorClass, usageLevel, usagePercent,
} from '../../../src/schedule/pollRules';

describe('store: polling rules', () => {
  it('sorts every error kind into what it means for the schedule', () => {
    const cases: Record<BulkErrorKind, string> = {
      quotaExceeded: 'quota', server: 'transient', timeout: 'transient', network: 'transient', unexpectedResponse: 'transient',
      sessionExpired: 'session', notFound: 'stop', noPermission: 'stop', invalidRequest: 'stop', cancelled: 'ignore',
    };
    for (const [kind, expected] of Object.entries(cases)) {
      assert.strictEqual(errorClass(kind as BulkErrorKind), expected, kind);
    }
  });

  it('the poller backs off exactly what is transient (one rule, no copy)', () => {
    const kinds: BulkErrorKind[] = ['unexpectedResponse', 'timeout', 'network', 'server', 'notFound', 'noPermission', 'invalidRequest'];
    for (const kind of kinds) {
      assert.strictEqual(errorClass(kind) === 'transient', isTransient(kind), kind);
    }
  });

  it('doubles the wait from the first to the cap, with jitter of ±10 %', () => {
    assert.deepStrictEqual([1, 2, 3, 4, 5, 6, 7].map((n) => backoffMs(QUOTA_BACKOFF, n, 0.5) / 60_000), [5, 10, 20, 40, 60, 60, 60]);
    assert.deepStrictEqual([1, 2, 6, 99].map((n) => backoffMs(ERROR_BACKOFF, n, 0.5) / 1000), [30, 60, 900, 900]);
    assert.strictEqual(backoffMs(ERROR_BACKOFF, 1, 0), 27_000);
    assert.strictEqual(backoffMs(ERROR_BACKOFF, 1, 1), 33_000);
  });

  it('reads the usage level against the thresholds', () => {
    const at = (used: number) => ({ used, max: 15_000, at: 0 });
    assert.strictEqual(usageLevel(undefined, DEFAULT_USAGE_THRESHOLDS), 'normal');
    assert.strictEqual(usageLevel(at(12_000), DEFAULT_USAGE_THRESHOLDS), 'normal', 'exactly 80 %');
    assert.strictEqual(usageLevel(at(12_001), DEFAULT_USAGE_THRESHOLDS), 'slow');
    assert.strictEqual(usageLevel(at(14_251), DEFAULT_USAGE_THRESHOLDS), 'pause');
    assert.strictEqual(usageLevel({ used: 5, max: 0, at: 0 }, DEFAULT_USAGE_THRESHOLDS), 'normal');
    assert.strictEqual(usagePercent(at(14_399)), 95);
  });
});
