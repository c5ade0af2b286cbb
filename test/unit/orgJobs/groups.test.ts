import * as assert from 'assert';
import { groupJobs, groupOf, withDetails } from '../../../src/orgJobs/groups';
import { row } from './fixtures';

describe('orgJobs/groups', () => {
  it('puts each state in its group, 1.0 and 2.0', () => {
    const cases: Array<[Parameters<typeof row>[0], string]> = [
      [{ state: 'InProgress' }, 'running'],
      [{ flavour: '1.0', kind: 'classic', state: 'Closed', numberBatchesInProgress: 2, numberBatchesTotal: 3 }, 'running'],
      [{ state: 'Failed' }, 'failed'],
      [{ state: 'Aborted' }, 'failed'],
      [{ flavour: '1.0', kind: 'classic', state: 'Failed' }, 'failed'],
      [{ state: 'JobComplete', numberRecordsFailed: 3 }, 'failed'],
      [{ state: 'Open' }, 'waiting'],
      [{ state: 'UploadComplete' }, 'waiting'],
      [{ flavour: '1.0', kind: 'classic', state: 'Open' }, 'waiting'],
      [{ state: 'JobComplete' }, 'completed'],
      [{ flavour: '1.0', kind: 'classic', state: 'Closed' }, 'completed'],
      [{ kind: 'query', operation: 'query', state: 'JobComplete' }, 'completed'],
    ];
    for (const [init, group] of cases) {
      assert.strictEqual(groupOf(row(init)), group, JSON.stringify(init));
    }
  });

  it('gives all four groups in order with their counts, keeping the order of the jobs', () => {
    const a = row({ state: 'Failed' });
    const b = row({ state: 'InProgress' });
    const c = row({ state: 'Aborted' });
    const groups = groupJobs([a, b, c]);
    assert.deepStrictEqual(groups.map((g) => [g.key, g.count]), [['running', 1], ['failed', 2], ['waiting', 0], ['completed', 0]]);
    assert.deepStrictEqual(groups[1].jobs, [a, c]);
  });

  it('merges details only when they are at least as recent as the row', () => {
    const listed = row({ state: 'JobComplete', systemModstamp: '2026-12-02T12:05:00.000Z' });
    const details = { ...listed, numberRecordsFailed: 4, systemModstamp: '2026-12-02T12:05:00.000Z' };
    assert.strictEqual(groupOf(withDetails(listed, details)), 'failed');
    const stale = { ...details, systemModstamp: '2026-12-02T12:00:00.000Z' };
    assert.strictEqual(withDetails(listed, stale), listed);
    assert.strictEqual(withDetails(listed, undefined), listed);
  });
});
