import * as assert from 'assert';
import { translator } from '../../../src/job/format';
import { mostImportant, pollText } from '../../../src/schedule/pollText';

const t = translator(undefined);
const usage = { used: 14_400, max: 15_000, at: 0 };

describe('polling status texts', () => {
  it('says why polling is slowed or paused', () => {
    const now = 1_000_000;
    assert.strictEqual(pollText({ kind: 'normal' }, now, t), undefined);
    assert.deepStrictEqual(pollText({ kind: 'usagePaused', usage, checkAt: now }, now, t, 'en-US'),
      { text: 'polling paused: API usage 96% of 15,000', icon: 'debug-pause' });
    assert.strictEqual(pollText({ kind: 'slowed', usage: { ...usage, used: 12_750 } }, now, t, 'en-US')?.text, 'polling slowed: API usage 85% of 15,000');
    assert.strictEqual(pollText({ kind: 'retrying', error: 'quotaExceeded', at: now + 8 * 60_000 }, now, t)?.text,
      'retrying in 8 min: Salesforce says the request limit is exceeded');
    assert.strictEqual(pollText({ kind: 'retrying', error: 'server', at: now + 30_000 }, now, t)?.text, 'retrying in 30 s: Salesforce answered with a server error');
    assert.strictEqual(pollText({ kind: 'retrying', error: 'timeout', at: now - 5 }, now, t)?.text, 'retrying now: the request timed out');
    assert.strictEqual(pollText({ kind: 'retrying', error: 'network', at: now + 60_000 }, now, t)?.text, 'retrying in 1 min: Salesforce could not be reached');
    assert.strictEqual(pollText({ kind: 'waiting', everyMs: 30 * 60_000 }, now, t)?.text, 'waiting for data: polled every 30 min');
    assert.strictEqual(pollText({ kind: 'idleStopped' }, now, t)?.text, 'not polled: waiting for data for a day — Resume Polling');
    assert.strictEqual(pollText({ kind: 'signedOut' }, now, t)?.text, 'not polled: sign in to the org again');
  });

  it('translates through the given translator', () => {
    const fr = translator({ 'waiting for data: polled every {0}': 'en attente de données : interrogé toutes les {0}' });
    assert.strictEqual(pollText({ kind: 'waiting', everyMs: 30 * 60_000 }, 0, fr)?.text, 'en attente de données : interrogé toutes les 30 min');
  });

  it('picks what holds polling back most for the status bar', () => {
    assert.strictEqual(mostImportant([]), undefined);
    assert.deepStrictEqual(mostImportant([{ kind: 'normal' }, { kind: 'waiting', everyMs: 1 }, { kind: 'usagePaused', usage, checkAt: 0 }, { kind: 'slowed', usage }]),
      { kind: 'usagePaused', usage, checkAt: 0 });
    assert.deepStrictEqual(mostImportant([{ kind: 'normal' }, { kind: 'idleStopped' }]), { kind: 'idleStopped' });
  });
});
