import * as assert from 'assert';
import type { BulkJob } from '../../../../src/api/types';
import { translator } from '../../../../src/model/format';
import type { OrgJobFilter } from '../../../../src/model/orgJobs/filter';
import { buildTree, groupId, jobNodeId, orgJobContextValue, PAGE, placeOf, type GroupTreeNode, type MoreTreeNode, type TreeInput } from '../../../../src/model/orgJobs/orgJobsTree';
import { diffTrees } from '../../../../src/model/orgJobs/orgJobsTreeDiff';
import { INTEGRATION, ME, row } from './fixtures';

const t = translator(undefined);
const now = Date.parse('2026-12-02T12:12:00.000Z');

function input(jobs: readonly BulkJob[], more: Partial<TreeInput> = {}): TreeInput {
  return {
    orgs: [{ orgKey: 'acme', label: 'acme', jobs, myUserId: ME }],
    filter: {},
    nameOf: (_org, id) => (id === INTEGRATION ? 'MuleSoft Integration' : undefined),
    isTracked: () => false,
    now, t, locale: 'en-US',
    ...more,
  };
}

function mixed(): BulkJob[] {
  return [
    row({ state: 'InProgress' }),
    row({ state: 'Failed' }),
    row({ state: 'JobComplete', numberRecordsFailed: 3, numberRecordsProcessed: 10 }),
    row({ state: 'Open', createdById: ME }),
    row({ state: 'JobComplete', object: 'Contact' }),
    row({ state: 'JobComplete', kind: 'query', operation: 'query' }),
  ];
}

describe('model/orgJobs/orgJobsTree', () => {
  it('shows one org as its four groups, each label with its count', () => {
    const tree = buildTree(input(mixed()));
    assert.deepStrictEqual(tree.top.map((n) => n.label), ['Running (1)', 'Failed or with failed records (2)', 'Waiting for data (1)', 'Completed (2)']);
    const failed = tree.top[1] as GroupTreeNode;
    assert.strictEqual(failed.children.length, 2);
    assert.strictEqual(failed.parent, undefined);
  });

  it('shows several orgs as org nodes, each with its four groups', () => {
    const tree = buildTree({ ...input(mixed()), orgs: [{ orgKey: 'a', label: 'A', jobs: mixed() }, { orgKey: 'b', label: 'B', jobs: [row()] }] });
    assert.deepStrictEqual(tree.top.map((n) => n.label), ['A', 'B']);
    const b = tree.top[1];
    assert.ok(b.kind === 'org');
    assert.deepStrictEqual(b.groups.map((g) => g.label), ['Running (0)', 'Failed or with failed records (0)', 'Waiting for data (0)', 'Completed (1)']);
    assert.strictEqual(b.groups[0].parent, 'org:b');
  });

  it('shows no group for an org whose list was not read yet', () => {
    assert.deepStrictEqual(buildTree(input([], { orgs: [{ orgKey: 'acme', label: 'acme' }] })).top, []);
  });

  it('counts after the filter', () => {
    const filter: OrgJobFilter = { object: 'account', submittedBy: { kind: 'me' } };
    const tree = buildTree(input(mixed(), { filter }));
    assert.deepStrictEqual(tree.top.map((n) => n.label), ['Running (0)', 'Failed or with failed records (0)', 'Waiting for data (1)', 'Completed (0)']);
  });

  it('shows the first 200 rows of a big group, then "Show 200 more…", and more on demand', () => {
    const jobs = Array.from({ length: 450 }, () => row());
    const first = buildTree(input(jobs)).top[3] as GroupTreeNode;
    assert.strictEqual(first.label, 'Completed (450)');
    assert.strictEqual(first.children.length, PAGE + 1);
    assert.strictEqual(first.children[PAGE].kind, 'more');
    assert.strictEqual((first.children[PAGE] as MoreTreeNode).label, 'Show 200 more…');
    const more = buildTree(input(jobs, { limits: new Map([[groupId('acme', 'completed'), 400]]) })).top[3] as GroupTreeNode;
    assert.strictEqual(more.children.length, 401);
    assert.strictEqual((more.children[400] as MoreTreeNode).label, 'Show 50 more…');
  });

  it('finds the page a job is on (for reveal), and nothing for a job filtered out', () => {
    const jobs = Array.from({ length: 450 }, () => row());
    const tree = buildTree(input(jobs));
    assert.deepStrictEqual(placeOf(tree, 'acme', jobs[420].id), { groupId: groupId('acme', 'completed'), limit: 600 });
    assert.deepStrictEqual(placeOf(tree, 'acme', jobs[3].id), { groupId: groupId('acme', 'completed'), limit: PAGE });
    assert.strictEqual(placeOf(buildTree(input(jobs, { filter: { object: 'Lead' } })), 'acme', jobs[3].id), undefined);
  });

  it('decides the menu tokens by the explorer rules', () => {
    assert.strictEqual(orgJobContextValue(row({ state: 'Open' }), false), 'orgJob untracked closable abortable');
    assert.strictEqual(orgJobContextValue(row({ state: 'InProgress' }), true), 'orgJob tracked abortable');
    assert.strictEqual(orgJobContextValue(row({ state: 'JobComplete', numberRecordsFailed: 2, numberRecordsProcessed: 5 }), false), 'orgJob untracked done hasFailures');
    assert.strictEqual(orgJobContextValue(row({ state: 'JobComplete', kind: 'query' }), false), 'orgJob untracked done query');
  });
});

describe('model/orgJobs/orgJobsTreeDiff', () => {
  const jobs = Array.from({ length: 1000 }, () => row({ state: 'InProgress' }));

  it('redraws everything on the first build, and when the filter or the orgs shown change', () => {
    const tree = buildTree(input(jobs));
    assert.deepStrictEqual(diffTrees(undefined, tree), { all: true });
    assert.deepStrictEqual(diffTrees(tree, buildTree(input(jobs, { filter: { state: 'Failed' } }))), { all: true });
    assert.deepStrictEqual(diffTrees(tree, buildTree({ ...input(jobs), orgs: [{ orgKey: 'other', label: 'other', jobs }] })), { all: true });
  });

  it('redraws nothing when nothing changed', () => {
    assert.deepStrictEqual(diffTrees(buildTree(input(jobs)), buildTree(input([...jobs]))), { all: false, ids: [] });
  });

  it('redraws only the rows that changed, and the groups that jobs left or entered', () => {
    const next = jobs.map((j, i) => {
      if (i < 5) { return { ...j, systemModstamp: '2026-12-02T12:11:00.000Z', numberRecordsProcessed: 50 }; } // still running, modified since
      if (i < 10) { return { ...j, state: 'Failed' }; } // moves to the failed group
      return j;
    });
    const diff = diffTrees(buildTree(input(jobs)), buildTree(input(next)));
    assert.ok(!diff.all);
    const expected = [...jobs.slice(0, 5).map((j) => jobNodeId('acme', j.id)), groupId('acme', 'running'), groupId('acme', 'failed')];
    assert.deepStrictEqual([...diff.ids].sort(), expected.sort());
  });

  it('redraws a row that became tracked', () => {
    const target = jobs[150].id;
    const diff = diffTrees(buildTree(input(jobs)), buildTree(input(jobs, { isTracked: (_o, id) => id === target })));
    assert.deepStrictEqual(diff, { all: false, ids: [jobNodeId('acme', target)] });
  });
});
