import * as assert from 'assert';
import { OrgJobsState } from '../../../src/orgJobs/orgJobsState';
import { row } from './fixtures';

const diff = { isTracked: () => false };

describe('orgJobs/orgJobsState', () => {
  it('a first list is the baseline: old failures do not notify; later ones do, once', () => {
    const state = new OrgJobsState();
    const old = row({ state: 'Failed' });
    const running = row({ state: 'InProgress' });
    assert.deepStrictEqual(state.apply({ jobs: [old, running], partial: false, at: 1 }, diff), []);
    const failed = { ...running, state: 'Failed' };
    assert.deepStrictEqual(state.apply({ jobs: [old, failed], partial: false, at: 2 }, diff).map((e) => e.job.id), [running.id]);
    assert.deepStrictEqual(state.apply({ jobs: [old, failed], partial: false, at: 3 }, diff), []);
  });

  it('a partial list keeps the last complete one on screen with the error, and its failures are told once', () => {
    const state = new OrgJobsState();
    const a = row({ state: 'InProgress' });
    const b = row({ state: 'InProgress' });
    state.apply({ jobs: [a, b], partial: false, at: 10 }, diff);
    const aFailed = { ...a, state: 'Failed' };
    const events = state.apply({ jobs: [aFailed], partial: true, error: 'The job list could not be read', at: 20 }, diff);
    assert.deepStrictEqual(events.map((e) => e.job.id), [a.id]);
    assert.deepStrictEqual(state.current, { jobs: [a, b], asOf: 10, error: 'The job list could not be read' });
    assert.deepStrictEqual(state.apply({ jobs: [aFailed, b], partial: false, at: 30 }, diff), []);
    assert.deepStrictEqual(state.current, { jobs: [aFailed, b], asOf: 30 });
  });

  it('nothing is shown and nothing is new until a complete list arrives', () => {
    const state = new OrgJobsState();
    assert.deepStrictEqual(state.apply({ jobs: [row({ state: 'Failed' })], partial: true, error: 'x', at: 1 }, diff), []);
    assert.strictEqual(state.current, undefined);
  });
});
