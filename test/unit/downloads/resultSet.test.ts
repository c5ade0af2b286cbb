/** The rules of a job's result files in a folder: which belong to it, edited or not, and where a new set goes. */
import * as assert from 'assert';
import * as path from 'path';
import { editState, keepBothFolder, publishPlan, resultFilesOf, timeStamp, type FileStamp } from '../../../src/downloads/resultSet';

const JOB = '750R0000000zxcvIAA';
const stamp = (name: string, size = 10, mtimeMs = 1000): FileStamp => ({ path: path.join('/r', name), size, mtimeMs });

describe('downloads/resultSet', () => {
  it("finds the job's result files among a folder's names, and nothing else", () => {
    const names = [
      `${JOB}-failed.csv`, `${JOB}-success.csv`, `${JOB.slice(0, 15)}-unprocessed.csv`, `${JOB}-results.csv`,
      `${JOB}-failed.csv.partial`, `.${JOB}.download-x1`, `${JOB}-2026-12-02T1830`, '750R0000000zxcvXXX-failed.csv',
      '750R0000000abcdIAA-failed.csv', 'notes.txt', `${JOB}-failed (2).csv`,
    ];
    assert.deepStrictEqual(resultFilesOf(JOB, names), [
      { name: `${JOB.slice(0, 15)}-unprocessed.csv`, kind: 'unprocessed' },
      { name: `${JOB}-failed.csv`, kind: 'failed' },
      { name: `${JOB}-results.csv`, kind: 'query' },
      { name: `${JOB}-success.csv`, kind: 'success' },
    ]);
    assert.deepStrictEqual(resultFilesOf(JOB.slice(0, 15), ['750R0000000zxcvXXX-failed.csv']).map((f) => f.kind), ['failed'], 'a 15-character id matches any 18');
  });

  it('tells a file as written from an edited one and from one no download remembers', () => {
    const written = [stamp('a.csv', 10, 1000), stamp('b.csv', 10, 1000)];
    assert.strictEqual(editState(stamp('a.csv', 10, 1000), written), 'unchanged');
    assert.strictEqual(editState(stamp('a.csv', 11, 1000), written), 'edited', 'size changed');
    assert.strictEqual(editState(stamp('a.csv', 10, 5000), written), 'edited', 'saved again with the same size');
    assert.strictEqual(editState(stamp('c.csv'), written), 'unknown');
  });

  it('names the Keep Both folder with the local time to the minute, and a number when taken', () => {
    const when = new Date(2026, 11, 2, 18, 30, 59);
    assert.strictEqual(timeStamp(when), '2026-12-02T1830');
    assert.strictEqual(timeStamp(new Date(2027, 0, 5, 7, 4)), '2027-01-05T0704');
    assert.strictEqual(keepBothFolder('/r', JOB, when, () => false), path.join('/r', `${JOB}-2026-12-02T1830`));
    const taken = new Set([`${JOB}-2026-12-02T1830`, `${JOB}-2026-12-02T1830-2`]);
    assert.strictEqual(keepBothFolder('/r', JOB, when, (n) => taken.has(n)), path.join('/r', `${JOB}-2026-12-02T1830-3`));
    assert.ok(!/[:<>"|?*]/.test(timeStamp(when)), 'no character Windows refuses');
  });

  describe('where the new set goes', () => {
    const old = [stamp('f.csv'), stamp('s.csv')];
    const folder = (): string => '/r/KEEP';

    it('in place when there is no earlier set', () => {
      assert.deepStrictEqual(publishPlan(undefined, [], [], folder), { kind: 'fresh', changedMeanwhile: false });
    });

    it('replacing exactly the files the person saw, unchanged since', () => {
      assert.deepStrictEqual(publishPlan('replace', old, old, folder), { kind: 'replace', old: old.map((f) => f.path), changedMeanwhile: false });
    });

    it('next to them when asked to keep both', () => {
      assert.deepStrictEqual(publishPlan('keepBoth', old, old, folder), { kind: 'keepBoth', folder: '/r/KEEP', changedMeanwhile: false });
    });

    it('next to them, saying so, when the folder changed during the download', () => {
      assert.deepStrictEqual(publishPlan('replace', old, [stamp('f.csv', 99), stamp('s.csv')], folder), { kind: 'keepBoth', folder: '/r/KEEP', changedMeanwhile: true });
      assert.deepStrictEqual(publishPlan('replace', old, [...old, stamp('u.csv')], folder), { kind: 'keepBoth', folder: '/r/KEEP', changedMeanwhile: true });
      assert.deepStrictEqual(publishPlan(undefined, [], [stamp('f.csv')], folder), { kind: 'keepBoth', folder: '/r/KEEP', changedMeanwhile: true });
    });
  });
});
