import * as assert from 'assert';
import type { BulkJob } from '../../../src/salesforce/types';
import { translator } from '../../../src/job/format';
import { groupNotifications, newEvents, type OrgJobEventKind } from '../../../src/orgJobs/newFailures';
import { INTEGRATION, ME, row } from './fixtures';

const t = translator(undefined);
const byId = (jobs: BulkJob[]) => new Map(jobs.map((j) => [j.id, j]));
const untracked = { isTracked: () => false };

describe('orgJobs/newFailures', () => {
  it('finds jobs newly failed, aborted or completed with failed records; not the same state twice', () => {
    const running = row({ state: 'InProgress' });
    const running2 = row({ state: 'InProgress' });
    const running3 = row({ state: 'InProgress' });
    const failedBefore = row({ state: 'Failed' });
    const before = [running, running2, running3, failedBefore];
    const after = [
      { ...running, state: 'Failed' },
      { ...running2, state: 'Aborted' },
      { ...running3, state: 'JobComplete', numberRecordsFailed: 5 },
      failedBefore,
    ];
    const events = newEvents(byId(before), after, untracked);
    assert.deepStrictEqual(events.map((e) => [e.job.id, e.kind]), [[running.id, 'failed'], [running2.id, 'aborted'], [running3.id, 'failedRecords']]);
    assert.deepStrictEqual(newEvents(byId(after), after, untracked), []);
  });

  it('counts a new job that is already failed once; a baseline list has no events', () => {
    const fresh = row({ state: 'Failed' });
    assert.deepStrictEqual(newEvents(byId([]), [fresh], untracked).map((e) => e.kind), ['failed']);
    assert.deepStrictEqual(newEvents(byId([fresh]), [fresh], untracked), []);
    assert.deepStrictEqual(newEvents(undefined, [fresh], untracked), []);
  });

  it('is silent about a job that did not move when its details, read later, show failed records', () => {
    const listed = row({ state: 'JobComplete', systemModstamp: '2026-01-05T08:00:00.000Z' });
    const detailed = { ...listed, numberRecordsProcessed: 100, numberRecordsFailed: 7 };
    assert.deepStrictEqual(newEvents(byId([listed]), [detailed], untracked), []);
    const moved = { ...detailed, systemModstamp: '2026-01-05T08:05:00.000Z' };
    assert.deepStrictEqual(newEvents(byId([{ ...listed, state: 'InProgress' }]), [moved], untracked).map((e) => e.kind), ['failedRecords']);
  });

  it('leaves out tracked jobs and jobs aborted here', () => {
    const a = row({ state: 'Failed' });
    const b = row({ state: 'Aborted' });
    const c = row({ state: 'Aborted' });
    const events = newEvents(byId([]), [a, b, c], { isTracked: (id) => id === a.id, abortedHere: new Set([b.id]) });
    assert.deepStrictEqual(events.map((e) => e.job.id), [c.id]);
  });

  const enabled = new Set<OrgJobEventKind>(['failed', 'aborted', 'failedRecords']);
  const noMutes = { objects: new Set<string>(), users: new Set<string>() };
  const base = { enabled, mutes: noMutes, orgLabel: 'acme-prod', windowMs: 5 * 60_000, t, locale: 'en-US' };

  it('groups several failures into one notification, and words a single one', () => {
    const events = newEvents(byId([]), [row({ state: 'Failed' }), row({ state: 'Aborted' }), row({ numberRecordsFailed: 17, object: 'Contact', operation: 'upsert' })], untracked);
    const [one, ...rest] = groupNotifications(events, base);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(one.message, '3 Bulk jobs failed in acme-prod in the last 5 min');
    assert.strictEqual(one.severity, 'error');
    assert.strictEqual(one.events.length, 3);
    assert.strictEqual(groupNotifications(events.slice(2), base)[0].message, 'The Bulk job Contact · upsert completed with 17 failed records in acme-prod');
    assert.strictEqual(groupNotifications(events.slice(0, 1), base)[0].message, 'The Bulk job Account · insert failed in acme-prod');
  });

  it('drops muted objects and users and events switched off; completions are apart', () => {
    const events = newEvents(byId([]), [
      row({ state: 'Failed', object: 'Lead' }),
      row({ state: 'Failed', createdById: ME.slice(0, 15) }),
      row({ state: 'Failed', createdById: INTEGRATION }),
      row({ state: 'JobComplete' }),
    ], untracked);
    const muted = groupNotifications(events, { ...base, mutes: { objects: new Set(['lead']), users: new Set([ME]) } });
    assert.deepStrictEqual(muted.map((n) => n.events.length), [1]);
    const withCompleted = groupNotifications(events, { ...base, enabled: new Set<OrgJobEventKind>(['completed']) });
    assert.deepStrictEqual(withCompleted.map((n) => [n.severity, n.message]), [['info', 'The Bulk job Account · insert completed in acme-prod']]);
  });
});
