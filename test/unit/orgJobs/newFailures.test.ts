import * as assert from 'assert';
import { translator } from '../../../src/job/format';
import { NEWS_SLACK_MS, groupNotifications, newsSince, type OrgJobEventKind } from '../../../src/orgJobs/newFailures';
import { INTEGRATION, ME, row } from './fixtures';

const t = translator(undefined);
const untracked = { isTracked: () => false };

describe('orgJobs/newFailures', () => {
  const at = (iso: string): number => Date.parse(iso);
  const T = '2026-01-05T08:00:00.000Z';

  it('news is what finished after checkedThrough: failed, aborted, completed with failed records', () => {
    const moved = '2026-01-05T08:30:00.000Z';
    const jobs = [
      row({ state: 'Failed', systemModstamp: moved }),
      row({ state: 'Aborted', systemModstamp: moved }),
      row({ state: 'JobComplete', numberRecordsProcessed: 10, numberRecordsFailed: 5, systemModstamp: moved }),
      row({ state: 'InProgress', systemModstamp: moved }),
      row({ state: 'Failed', systemModstamp: '2026-01-05T07:00:00.000Z' }),
    ];
    const events = newsSince(jobs, at('2026-01-05T08:20:00.000Z'), untracked);
    assert.deepStrictEqual(events.map((e) => [e.job.id, e.kind]), [[jobs[0].id, 'failed'], [jobs[1].id, 'aborted'], [jobs[2].id, 'failedRecords']]);
  });

  it('a baseline (no checkedThrough) has no news; a job in the slack before it is looked at again; one far before is not', () => {
    const fresh = row({ state: 'Failed', systemModstamp: T });
    assert.deepStrictEqual(newsSince([fresh], undefined, untracked), []);
    assert.strictEqual(newsSince([fresh], at(T) + NEWS_SLACK_MS - 1, untracked).length, 1);
    assert.deepStrictEqual(newsSince([fresh], at(T) + NEWS_SLACK_MS, untracked), []);
  });

  it('a finished job whose details are pending is not news yet', () => {
    const listed = row({ state: 'JobComplete', systemModstamp: T });
    assert.deepStrictEqual(newsSince([listed], at(T) - 1, { ...untracked, pending: new Set([listed.id]) }), []);
  });

  it('leaves out tracked jobs and jobs aborted here', () => {
    const a = row({ state: 'Failed', systemModstamp: T });
    const b = row({ state: 'Aborted', systemModstamp: T });
    const c = row({ state: 'Aborted', systemModstamp: T });
    const events = newsSince([a, b, c], at(T) - 1, { isTracked: (id) => id === a.id, abortedHere: new Set([b.id]) });
    assert.deepStrictEqual(events.map((e) => e.job.id), [c.id]);
  });

  const enabled = new Set<OrgJobEventKind>(['failed', 'aborted', 'failedRecords']);
  const noMutes = { objects: new Set<string>(), users: new Set<string>() };
  const base = { enabled, mutes: noMutes, orgLabel: 'acme-prod', windowMs: 5 * 60_000, t, locale: 'en-US' };

  it('groups several failures into one notification, and words a single one', () => {
    const events = newsSince([row({ state: 'Failed' }), row({ state: 'Aborted' }), row({ numberRecordsFailed: 17, object: 'Contact', operation: 'upsert' })], 0, untracked);
    const [one, ...rest] = groupNotifications(events, base);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(one.message, '3 Bulk jobs failed in acme-prod in the last 5 min');
    assert.strictEqual(one.severity, 'error');
    assert.strictEqual(one.events.length, 3);
    assert.strictEqual(groupNotifications(events.slice(2), base)[0].message, 'The Bulk job Contact · upsert completed with 17 failed records in acme-prod');
    assert.strictEqual(groupNotifications(events.slice(0, 1), base)[0].message, 'The Bulk job Account · insert failed in acme-prod');
  });

  it('drops muted objects and users and events switched off; completions are apart', () => {
    const events = newsSince([
      row({ state: 'Failed', object: 'Lead' }),
      row({ state: 'Failed', createdById: ME.slice(0, 15) }),
      row({ state: 'Failed', createdById: INTEGRATION }),
      row({ state: 'JobComplete' }),
    ], 0, untracked);
    const muted = groupNotifications(events, { ...base, mutes: { objects: new Set(['lead']), users: new Set([ME]) } });
    assert.deepStrictEqual(muted.map((n) => n.events.length), [1]);
    const withCompleted = groupNotifications(events, { ...base, enabled: new Set<OrgJobEventKind>(['completed']) });
    assert.deepStrictEqual(withCompleted.map((n) => [n.severity, n.message]), [['info', 'The Bulk job Account · insert completed in acme-prod']]);
  });
});
