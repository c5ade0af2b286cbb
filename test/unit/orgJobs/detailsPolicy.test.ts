import * as assert from 'assert';
import type { BulkJob } from '../../../src/salesforce/types';
import { DETAILS_PER_REFRESH, detailsWanted } from '../../../src/orgJobs/detailsPolicy';
import { row } from './fixtures';

const NOW = Date.parse('2026-12-02T13:00:00.000Z');
const byId = (jobs: readonly BulkJob[]): Map<string, BulkJob> => new Map(jobs.map((j) => [j.id, j]));

describe('orgJobs/detailsPolicy', () => {
  it('on the first list asks for the jobs completed in the last 24 hours only, newest first', () => {
    const old = row({ systemModstamp: '2026-11-30T12:00:00.000Z' });
    const recent = row({ systemModstamp: '2026-12-02T10:00:00.000Z' });
    const newest = row({ systemModstamp: '2026-12-02T12:59:00.000Z', state: 'Closed', flavour: '1.0' });
    const running = row({ state: 'InProgress' });
    const failed = row({ state: 'Failed' });
    assert.deepStrictEqual(detailsWanted([old, recent, newest, running, failed], undefined, new Map(), NOW), [newest.id, recent.id]);
  });

  it('in a background check (no backlog) asks only for the jobs that newly completed', () => {
    const recent = row({ systemModstamp: '2026-12-02T10:00:00.000Z' });
    const before = row({ state: 'InProgress' });
    const after = { ...before, state: 'JobComplete' };
    assert.deepStrictEqual(detailsWanted([recent, after], undefined, new Map(), NOW, { backlog: false }), []);
    assert.deepStrictEqual(detailsWanted([recent, after], byId([recent, before]), new Map(), NOW, { backlog: false }), [after.id]);
    const arrivedFinished = row({ systemModstamp: '2026-12-02T12:50:00.000Z' });
    assert.deepStrictEqual(detailsWanted([recent, arrivedFinished], byId([recent]), new Map(), NOW, { backlog: false }), [arrivedFinished.id], 'new to the list, already complete');
  });

  it('asks for a job that newly completed, even an old one, and not again once its details are known', () => {
    const before = row({ state: 'InProgress', systemModstamp: '2026-11-29T12:00:00.000Z' });
    const after = { ...before, state: 'JobComplete' };
    assert.deepStrictEqual(detailsWanted([after], byId([before]), new Map(), NOW), [after.id]);
    assert.deepStrictEqual(detailsWanted([after], byId([before]), byId([after]), NOW), []);
    const movedAgain = { ...after, systemModstamp: '2026-12-02T12:30:00.000Z' };
    assert.deepStrictEqual(detailsWanted([movedAgain], byId([after]), byId([after]), NOW), [movedAgain.id], 'details older than the row');
  });

  it('asks for at most 25 per refresh; the rest on the next ones', () => {
    const jobs = Array.from({ length: 40 }, (_, i) => row({ systemModstamp: new Date(NOW - (i + 1) * 60_000).toISOString() }));
    const first = detailsWanted(jobs, undefined, new Map(), NOW);
    assert.strictEqual(first.length, DETAILS_PER_REFRESH);
    assert.deepStrictEqual(first, jobs.slice(0, DETAILS_PER_REFRESH).map((j) => j.id));
    const known = byId(jobs.filter((j) => first.includes(j.id)));
    assert.deepStrictEqual(detailsWanted(jobs, byId(jobs), known, NOW), jobs.slice(DETAILS_PER_REFRESH).map((j) => j.id));
  });
});
