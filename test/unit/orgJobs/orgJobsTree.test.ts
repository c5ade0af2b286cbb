import * as assert from 'assert';
import type { BulkJob } from '../../../src/salesforce/types';
import { buildTree, ROWS_PER_PAGE, type OrgJobsNode } from '../../../src/orgJobs/orgJobsTree';
import { diffTree } from '../../../src/ui/treeModel';
import { ME, row, treeInput } from './fixtures';

const ORG = 'acme';

function labels(nodes: readonly OrgJobsNode[]): string[] {
  return nodes.map((n) => (n.kind === 'job' ? n.row.label : n.label));
}

function completed(n: number, init: Partial<BulkJob> = {}): BulkJob[] {
  return Array.from({ length: n }, () => row({ createdDate: '2026-11-30T12:00:00.000Z', ...init }));
}

describe('orgJobs/orgJobsTree', () => {
  it('makes the four groups the roots for one org, with their counts', () => {
    const tree = buildTree(treeInput([[ORG, [row({ state: 'InProgress' }), row({ state: 'Failed' }), row({ state: 'JobComplete', numberRecordsFailed: 2 }), ...completed(1204)]]]));
    assert.deepStrictEqual(labels(tree.roots), ['Running (1)', 'Failed or with failed records (2)', 'Waiting for data (0)', 'Completed (1,204)']);
    assert.deepStrictEqual(tree.roots.map((n) => n.id), ['group:acme:running', 'group:acme:failed', 'group:acme:waiting', 'group:acme:completed']);
    assert.strictEqual(tree.parent('group:acme:running'), undefined);
    assert.deepStrictEqual(tree.children('group:acme:waiting'), []);
    assert.deepStrictEqual(tree.counts(ORG), { shown: 1207, total: 1207 });
  });

  it('draws no groups for an org whose list is not read yet (so they appear expanded once it is)', () => {
    const input = treeInput([[ORG, []]]);
    const unread = { ...input, orgs: [{ ...input.orgs[0], snapshot: { ...input.orgs[0].snapshot, jobs: undefined } }] };
    assert.deepStrictEqual(buildTree(unread).roots, []);
    assert.strictEqual(buildTree(input).roots.length, 4, 'an empty list that was read has its four groups at 0');
  });

  it('puts one org node per org, in order, with the groups under it, when several orgs are shown', () => {
    const input = treeInput([['b-org', [row({ state: 'InProgress' })]], ['a-org', []]]);
    const tree = buildTree({ ...input, orgs: [{ ...input.orgs[0], snapshot: { ...input.orgs[0].snapshot, error: 'Sign in again.' } }, input.orgs[1]] });
    assert.deepStrictEqual(tree.roots.map((n) => n.id), ['org:b-org', 'org:a-org']);
    assert.deepStrictEqual(tree.roots.map((n) => (n.kind === 'org' ? n.description : 'not an org')), ['Sign in again.', undefined]);
    assert.deepStrictEqual(labels(tree.children('org:b-org')), ['Running (1)', 'Failed or with failed records (0)', 'Waiting for data (0)', 'Completed (0)']);
    assert.strictEqual(tree.parent('group:a-org:running')?.id, 'org:a-org');
    assert.strictEqual(tree.children('org:a-org')[0].id, 'group:a-org:running');
  });

  it('counts after the filter in the labels, before it in counts().total', () => {
    const mine = row({ createdById: ME, state: 'Failed' });
    const tree = buildTree(treeInput([[ORG, [mine, row({ state: 'Failed' }), ...completed(3)]]], { filter: { submittedBy: { kind: 'me' } } }));
    assert.deepStrictEqual(labels(tree.roots), ['Running (0)', 'Failed or with failed records (1)', 'Waiting for data (0)', 'Completed (0)']);
    assert.deepStrictEqual(tree.children('group:acme:failed').map((n) => n.kind === 'job' && n.jobId), [mine.id]);
    assert.deepStrictEqual(tree.counts(ORG), { shown: 1, total: 5 });
    assert.deepStrictEqual(tree.counts('other'), { shown: 0, total: 0 });
  });

  it('shows a page of rows and a more node, and more rows when the limit grows', () => {
    const jobs = completed(1434);
    const first = buildTree(treeInput([[ORG, jobs]]));
    const rows = first.children('group:acme:completed');
    assert.strictEqual(rows.length, ROWS_PER_PAGE + 1);
    const more = rows[ROWS_PER_PAGE];
    assert.deepStrictEqual([more.kind, more.id, more.kind === 'more' && more.label], ['more', 'more:acme:completed', 'Show 200 more (1,234 not shown)']);
    assert.strictEqual(first.parent(more.id)?.id, 'group:acme:completed');

    const second = buildTree(treeInput([[ORG, jobs]], { limits: new Map([['group:acme:completed', 2 * ROWS_PER_PAGE]]) }));
    const page2 = second.children('group:acme:completed');
    assert.strictEqual(page2.length, 2 * ROWS_PER_PAGE + 1);
    const inPage2 = page2[ROWS_PER_PAGE + 5];
    assert.strictEqual(inPage2.id, `job:acme|${jobs[ROWS_PER_PAGE + 5].id}`);
    assert.strictEqual(second.parent(inPage2.id)?.id, 'group:acme:completed');
    assert.strictEqual(second.node(inPage2.id), inPage2);
    assert.strictEqual(first.node(inPage2.id), undefined, 'not built beyond the page');
    const last = page2[2 * ROWS_PER_PAGE];
    assert.strictEqual(last.kind === 'more' && last.label, 'Show 200 more (1,034 not shown)');

    const all = buildTree(treeInput([[ORG, jobs.slice(0, 250)]], { limits: new Map([['group:acme:completed', 2 * ROWS_PER_PAGE]]) }));
    assert.strictEqual(all.children('group:acme:completed').length, 250, 'no more node once all are shown');
    const few = buildTree(treeInput([[ORG, jobs.slice(0, 250)]]));
    const tail = few.children('group:acme:completed')[ROWS_PER_PAGE];
    assert.strictEqual(tail.kind === 'more' && tail.label, 'Show 50 more (50 not shown)');
  });

  it('gives job nodes what the commands and menus need', () => {
    const job = row({ state: 'Open' });
    const query = row({ kind: 'query', operation: 'query', state: 'JobComplete', numberRecordsFailed: 0 });
    const failed = row({ state: 'JobComplete', numberRecordsFailed: 3 });
    const tree = buildTree(treeInput([[ORG, [job, query, failed]]], { isTracked: (ref) => ref.orgKey === ORG && ref.jobId === job.id }));
    const node = tree.node(`job:acme|${job.id}`);
    assert.ok(node?.kind === 'job');
    assert.deepStrictEqual([node.orgKey, node.jobId, node.group, node.job, node.row.tracked], [ORG, job.id, 'waiting', job, true]);
    assert.strictEqual(node.contextValue, 'orgJob tracked closable abortable');
    const contextValue = (job: BulkJob): string | undefined => {
      const n = tree.node(`job:acme|${job.id}`);
      return n?.kind === 'job' ? n.contextValue : undefined;
    };
    assert.strictEqual(contextValue(query), 'orgJob untracked done query');
    assert.strictEqual(contextValue(failed), 'orgJob untracked done hasFailures');
    assert.strictEqual(tree.parent(node.id)?.id, 'group:acme:waiting');
    assert.strictEqual(tree.parent('nothing'), undefined);
  });

  it('keys a job by its 18-character id, as the store does', () => {
    const asked: string[] = [];
    const tree = buildTree(treeInput([[ORG, [row({ id: '750R0000000zxcv' })]]], { isTracked: (ref) => { asked.push(ref.jobId); return true; } }));
    const node = tree.node('job:acme|750R0000000zxcvIAA');
    assert.ok(node?.kind === 'job');
    assert.deepStrictEqual([node.jobId, node.row.tracked, asked], ['750R0000000zxcvIAA', true, ['750R0000000zxcvIAA']]);
  });

  describe('diffTree', () => {
    const jobs = completed(10_000);
    const everything = new Map([['group:acme:completed', 10_000]]);
    const before = buildTree(treeInput([[ORG, jobs]], { limits: everything }));

    it('fires everything on the first build, or when the filter or the orgs changed', () => {
      assert.deepStrictEqual(diffTree(undefined, before, true), { all: true, changed: [] });
      assert.strictEqual(diffTree(before, before, false).all, true);
      const two = buildTree(treeInput([[ORG, jobs], ['other', []]]));
      assert.strictEqual(diffTree(before, two, true).all, true, 'the roots changed');
    });

    it('fires nothing when nothing changed', () => {
      assert.deepStrictEqual(diffTree(before, buildTree(treeInput([[ORG, [...jobs]]], { limits: everything })), true), { all: false, changed: [] });
    });

    it('fires exactly the 10 changed rows of 10,000 when they stay in their group', () => {
      const picked = [3, 150, 999, 2000, 4321, 5000, 6789, 8000, 9998, 9999];
      const next = jobs.map((j, i) => (picked.includes(i) ? { ...j, operation: 'update', systemModstamp: '2026-12-02T12:11:00.000Z' } : j));
      const diff = diffTree(before, buildTree(treeInput([[ORG, next]], { limits: everything })), true);
      assert.deepStrictEqual(diff, { all: false, changed: picked.map((i) => `job:acme|${jobs[i].id}`) });
    });

    it('fires both groups, not the row, when a job moves group', () => {
      const running = row({ state: 'InProgress', createdDate: '2026-11-30T12:00:00.000Z' });
      const a = buildTree(treeInput([[ORG, [running, ...jobs.slice(0, 10)]]]));
      const b = buildTree(treeInput([[ORG, [{ ...running, state: 'JobComplete' }, ...jobs.slice(0, 10)]]]));
      assert.deepStrictEqual(diffTree(a, b, true), { all: false, changed: ['group:acme:running', 'group:acme:completed'] });
    });

    it('fires the group when its shown page changes', () => {
      const a = buildTree(treeInput([[ORG, jobs]]));
      const b = buildTree(treeInput([[ORG, jobs]], { limits: new Map([['group:acme:completed', 400]]) }));
      assert.deepStrictEqual(diffTree(a, b, true).changed, ['group:acme:completed']);
    });

    it('fires the one row whose tracked mark changed', () => {
      const few = jobs.slice(0, 20);
      const a = buildTree(treeInput([[ORG, few]]));
      const b = buildTree(treeInput([[ORG, few]], { isTracked: (ref) => ref.jobId === few[7].id }));
      assert.deepStrictEqual(diffTree(a, b, true).changed, [`job:acme|${few[7].id}`]);
    });

    it('fires the row whose age text changed', () => {
      const fresh = row({ createdDate: '2026-12-02T12:11:00.000Z' });
      const few = [fresh, ...jobs.slice(0, 20)];
      const a = buildTree(treeInput([[ORG, few]]));
      const b = buildTree(treeInput([[ORG, few]], { now: Date.parse('2026-12-02T12:14:00.000Z') }));
      assert.deepStrictEqual(diffTree(a, b, true).changed, [`job:acme|${fresh.id}`]);
    });

    it('fires an org node whose description changed, not what is under it', () => {
      const input = treeInput([[ORG, jobs.slice(0, 5)], ['other', []]]);
      const a = buildTree(input);
      const b = buildTree({ ...input, orgs: [{ ...input.orgs[0], snapshot: { ...input.orgs[0].snapshot, notice: 'automatic refresh paused: API usage 97 %' } }, input.orgs[1]] });
      assert.deepStrictEqual(diffTree(a, b, true).changed, ['org:acme']);
    });
  });
});
