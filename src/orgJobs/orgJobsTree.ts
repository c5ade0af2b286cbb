/**
 * The Org Jobs view's tree, pure: the shown orgs' lists, filtered (`jobFilter`), grouped
 * (`groupJobs`), one page of rows per group (`ROWS_PER_PAGE`, then a "Show 200 more" node), each row
 * as `orgJobRow` words it with the Jobs view's menu tokens (`actionTokens`), each node with a
 * fingerprint of what it shows, so `diffTree` (`ui/treeModel.ts`) fires only the rows that changed:
 * a refresh in which 10 jobs changed fires those 10 rows only. Only the rows of the shown pages are built.
 *
 * Node ids: `org:<orgKey>`, `group:<orgKey>:<group>`, `job:<orgKey>|<jobId>`, `more:<orgKey>:<group>`.
 */
import { isValidId, to18 } from '../salesforce/ids';
import { deriveProgress } from '../job/jobRules';
import type { BulkJob } from '../salesforce/types';
import type { OrgJobsSnapshot } from './source';
import { formatCount, type Translate } from '../job/format';
import { jobKey, type JobRef } from '../job/jobRef';
import { actionTokens } from '../job/jobRules';
import { jobFilter, type OrgJobFilter } from './filter';
import { groupJobs, type OrgJobGroup } from './groups';
import { orgJobRow, type OrgJobRowView } from './rowView';
import { TreeModel } from '../ui/treeModel';

export const ROWS_PER_PAGE = 200;

export type OrgJobsNode =
  | { kind: 'org'; id: string; orgKey: string; label: string; description?: string }
  | { kind: 'group'; id: string; orgKey: string; group: OrgJobGroup; label: string; count: number }
  | { kind: 'job'; id: string; orgKey: string; jobId: string; group: OrgJobGroup; row: OrgJobRowView; contextValue: string; job: BulkJob }
  | { kind: 'more'; id: string; orgKey: string; group: OrgJobGroup; label: string };

export interface TreeInput {
  /** The orgs shown, in order. One org: its four groups are the roots. Several: one org node each, groups under it. */
  orgs: ReadonlyArray<{ orgKey: string; label: string; snapshot: OrgJobsSnapshot }>;
  filter: OrgJobFilter;
  /** Rows shown per group node id (default ROWS_PER_PAGE; "show more" adds ROWS_PER_PAGE). */
  limits: ReadonlyMap<string, number>;
  now: number;
  t: Translate;
  locale?: string;
  nameOf(orgKey: string, userId: string | undefined): string | undefined;
  myUserId(orgKey: string): string | undefined;
  isTracked(ref: JobRef): boolean;
}

/** The built tree (`TreeModel`: roots, children, parent, node; diffed by `diffTree` in `ui/treeModel.ts`). */
export interface OrgJobsTree extends TreeModel<OrgJobsNode> {
  /** Jobs after the filter, per org (for the message line / "N jobs"), and before it. */
  counts(orgKey: string): { shown: number; total: number };
}

export function groupNodeId(orgKey: string, group: OrgJobGroup): string {
  return `group:${orgKey}:${group}`;
}

export function jobNodeId(ref: JobRef): string {
  return `job:${jobKey(ref)}`;
}

function groupLabel(group: OrgJobGroup, count: string, t: Translate): string {
  switch (group) {
    case 'running': return t('Running ({0})', count);
    case 'failed': return t('Failed or with failed records ({0})', count);
    case 'waiting': return t('Waiting for data ({0})', count);
    case 'completed': return t('Completed ({0})', count);
  }
}

/** What a row shows; a row fires when this changes. */
function rowFingerprint(row: OrgJobRowView, contextValue: string): string {
  return [row.label, row.description, row.status, String(row.tracked), contextValue].join('\u0000');
}

/** `orgJob`, `tracked`|`untracked`, then the Jobs view's action tokens, then `query` for a query job. */
export function orgJobContextValue(job: BulkJob, tracked: boolean): string {
  const tokens = ['orgJob', tracked ? 'tracked' : 'untracked', ...actionTokens({ job, progress: deriveProgress(job) })];
  if (job.kind === 'query') { tokens.push('query'); }
  return tokens.join(' ');
}

class BuiltTree extends TreeModel<OrgJobsNode> implements OrgJobsTree {
  readonly orgCounts = new Map<string, { shown: number; total: number }>();
  counts(orgKey: string): { shown: number; total: number } { return this.orgCounts.get(orgKey) ?? { shown: 0, total: 0 }; }
}

export function buildTree(input: TreeInput): OrgJobsTree {
  const { t, locale } = input;
  const tree = new BuiltTree();
  for (const org of input.orgs) {
    const { orgKey, snapshot } = org;
    const jobs = snapshot.jobs ?? [];
    const nameOf = (userId: string | undefined): string | undefined => input.nameOf(orgKey, userId);
    const shown = jobs.filter(jobFilter(input.filter, { myUserId: input.myUserId(orgKey), nameOf }));
    tree.orgCounts.set(orgKey, { shown: shown.length, total: jobs.length });
    let orgNode: OrgJobsNode | undefined;
    if (input.orgs.length > 1) {
      const description = snapshot.error ?? snapshot.notice;
      orgNode = { kind: 'org', id: `org:${orgKey}`, orgKey, label: org.label, ...(description === undefined ? {} : { description }) };
      tree.add(orgNode, undefined, `${org.label}\u0000${description ?? ''}`);
    }
    if (snapshot.jobs === undefined) {
      // Not read yet: no groups (the welcome content says the list is being read). Groups drawn at 0
      // would be leaves, and VS Code keeps a leaf that gains children collapsed: Running would not open.
      continue;
    }
    // The store's keys are 18-character ids; the list endpoints send those already.
    const refOfId = (id: string): JobRef => ({ orgKey, jobId: isValidId(id) ? to18(id) : id });
    const isTracked = (id: string): boolean => input.isTracked(refOfId(id));
    for (const { key: group, count, jobs: members } of groupJobs(shown)) {
      const id = groupNodeId(orgKey, group);
      const groupNode: OrgJobsNode = { kind: 'group', id, orgKey, group, label: groupLabel(group, formatCount(count, locale), t), count };
      const page = members.slice(0, Math.max(0, input.limits.get(id) ?? ROWS_PER_PAGE));
      tree.add(groupNode, orgNode, `${count}\u0000${page.map((j) => j.id).join(',')}`);
      for (const job of page) {
        const row = orgJobRow(job, { t, locale, now: input.now, nameOf, isTracked });
        const contextValue = orgJobContextValue(job, row.tracked);
        const ref = refOfId(job.id);
        tree.add({ kind: 'job', id: jobNodeId(ref), ...ref, group, row, contextValue, job }, groupNode, rowFingerprint(row, contextValue));
      }
      const rest = count - page.length;
      if (rest > 0) {
        const label = t('Show {0} more ({1} not shown)', formatCount(Math.min(ROWS_PER_PAGE, rest), locale), formatCount(rest, locale));
        tree.add({ kind: 'more', id: `more:${orgKey}:${group}`, orgKey, group, label }, groupNode, label);
      }
    }
  }
  return tree;
}
