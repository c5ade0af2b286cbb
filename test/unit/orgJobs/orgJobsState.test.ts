import * as assert from 'assert';
import { OrgJobsState } from '../../../src/orgJobs/orgJobsState';
import { row } from './fixtures';

describe('orgJobs/orgJobsState', () => {
  it('a complete list is shown with when it was read', () => {
    const state = new OrgJobsState();
    const a = row({ state: 'Failed' });
    state.apply({ jobs: [a], partial: false, at: 1 });
    assert.deepStrictEqual(state.current, { jobs: [a], asOf: 1 });
  });

  it('a partial list keeps the last complete one on screen with the error', () => {
    const state = new OrgJobsState();
    const a = row({ state: 'InProgress' });
    const b = row({ state: 'InProgress' });
    state.apply({ jobs: [a, b], partial: false, at: 10 });
    const aFailed = { ...a, state: 'Failed' };
    state.apply({ jobs: [aFailed], partial: true, error: 'The job list could not be read', at: 20 });
    assert.deepStrictEqual(state.current, { jobs: [a, b], asOf: 10, error: 'The job list could not be read' });
    state.apply({ jobs: [aFailed, b], partial: false, at: 30 });
    assert.deepStrictEqual(state.current, { jobs: [aFailed, b], asOf: 30 });
  });

  it('nothing is shown until a complete list arrives', () => {
    const state = new OrgJobsState();
    state.apply({ jobs: [row({ state: 'Failed' })], partial: true, error: 'x', at: 1 });
    assert.strictEqual(state.current, undefined);
  });
});
