/**
 * The Org Jobs view's tree as plain data: one org shown → its four groups at the top; several → one
 * node per org, each with its four groups. Each group's label carries its count after the filter
 * ("Running (12)"). A group shows its first `PAGE` rows and a "Show 200 more…" row; the view raises
 * a group's limit on demand (`limits`). Rows are `orgJobRow`'s, with the menu tokens decided by the
 * explorer's rules (`model/jobRules.ts`). Each node has a signature of what it shows, so a diff
 * (`orgJobsTreeDiff.ts`) can say which nodes to redraw. Pure: no vscode.
 */
import { deriveProgress } from '../../api/normalize';
import type { BulkJob } from '../../api/types';
import { canAbort, canClose, isDone } from '../jobRules';
import { formatCount, type Translate } from '../format';
import { jobFilter, type OrgJobFilter } from './filter';
import { groupJobs, type OrgJobGroup } from './groups';
import { orgJobRow, type OrgJobRowView } from './rowView';

/** Rows a group shows at first, and how many more "Show more" adds. */
export const PAGE = 200;

export interface OrgTreeNode {
  kind: 'org';
  id: string;
  orgKey: string;
  label: string;
  /** Empty until the org's list was read once. */
  groups: GroupTreeNode[];
  sig: string;
}

export interface GroupTreeNode {
  kind: 'group';
  id: string;
  orgKey: string;
  group: OrgJobGroup;
  /** The org node's id, when several orgs are shown. */
  parent?: string;
  label: string;
  count: number;
  /** Every job of the group after the filter, newest first (rows are made for the shown ones only). */
  jobs: readonly BulkJob[];
  children: Array<JobTreeNode | MoreTreeNode>;
  sig: string;
}

export interface JobTreeNode {
  kind: 'job';
  id: string;
  orgKey: string;
  jobId: string;
  parent: string;
  job: BulkJob;
  view: OrgJobRowView;
  contextValue: string;
  /** What the row shows: a change means the row is redrawn. */
  sig: string;
}

export interface MoreTreeNode {
  kind: 'more';
  id: string;
  orgKey: string;
  parent: string;
  label: string;
}

export type OrgJobsTreeNode = OrgTreeNode | GroupTreeNode | JobTreeNode | MoreTreeNode;

export interface OrgJobsTree {
  /** The org nodes (several orgs) or the one org's groups. */
  top: Array<OrgTreeNode | GroupTreeNode>;
  byId: ReadonlyMap<string, OrgJobsTreeNode>;
  /** Everything is redrawn when these change (orgs shown, filter). */
  shape: string;
}

export interface ShownOrg {
  orgKey: string;
  label: string;
  jobs?: readonly BulkJob[];
  myUserId?: string;
}

export interface TreeInput {
  orgs: readonly ShownOrg[];
  filter: OrgJobFilter;
  /** Rows shown per group id (absent: `PAGE`). */
  limits?: ReadonlyMap<string, number>;
  nameOf(orgKey: string, userId: string | undefined): string | undefined;
  isTracked(orgKey: string, jobId: string): boolean;
  now: number;
  t: Translate;
  locale?: string;
}

export function groupLabel(group: OrgJobGroup, count: number, t: Translate, locale?: string): string {
  const n = formatCount(count, locale);
  switch (group) {
    case 'running': return t('Running ({0})', n);
    case 'failed': return t('Failed or with failed records ({0})', n);
    case 'waiting': return t('Waiting for data ({0})', n);
    case 'completed': return t('Completed ({0})', n);
  }
}

/** Space-separated tokens matched by `viewItem =~ /token/` in package.json menus (the explorer's rules). */
export function orgJobContextValue(job: BulkJob, tracked: boolean): string {
  const facts = { job, progress: deriveProgress(job) };
  const tokens = ['orgJob', tracked ? 'tracked' : 'untracked'];
  if (canClose(facts)) { tokens.push('closable'); }
  if (canAbort(facts)) { tokens.push('abortable'); }
  if (isDone(facts)) { tokens.push('done'); }
  if (facts.progress.recordsFailed > 0) { tokens.push('hasFailures'); }
  if (job.kind === 'query') { tokens.push('query'); }
  return tokens.join(' ');
}

export const groupId = (orgKey: string, group: OrgJobGroup): string => `group:${orgKey}:${group}`;
export const jobNodeId = (orgKey: string, jobId: string): string => `job:${orgKey}|${jobId}`;

export function buildTree(input: TreeInput): OrgJobsTree {
  const byId = new Map<string, OrgJobsTreeNode>();
  const several = input.orgs.length > 1;
  const orgNodes = input.orgs.map((org) => buildOrg(org, input, several, byId));
  const top = several ? orgNodes : (orgNodes[0]?.groups ?? []);
  const shape = JSON.stringify([input.orgs.map((o) => [o.orgKey, o.jobs !== undefined]), input.filter]);
  return { top, byId, shape };
}

function buildOrg(org: ShownOrg, input: TreeInput, several: boolean, byId: Map<string, OrgJobsTreeNode>): OrgTreeNode {
  const { t, locale } = input;
  const id = `org:${org.orgKey}`;
  const nameOf = (userId: string | undefined): string | undefined => input.nameOf(org.orgKey, userId);
  const keep = jobFilter(input.filter, { myUserId: org.myUserId, nameOf });
  const groups = org.jobs === undefined ? [] : groupJobs(org.jobs.filter(keep)).map((g): GroupTreeNode => {
    const gid = groupId(org.orgKey, g.key);
    const limit = input.limits?.get(gid) ?? PAGE;
    const children: Array<JobTreeNode | MoreTreeNode> = [];
    for (const job of g.jobs.slice(0, limit)) {
      const tracked = input.isTracked(org.orgKey, job.id);
      const view = orgJobRow(job, { t, locale, now: input.now, nameOf, isTracked: () => tracked });
      const contextValue = orgJobContextValue(job, tracked);
      const sig = [view.label, view.description, view.status, contextValue, job.state, job.systemModstamp, job.errorMessage].join('\u0000');
      children.push({ kind: 'job', id: jobNodeId(org.orgKey, job.id), orgKey: org.orgKey, jobId: job.id, parent: gid, job, view, contextValue, sig });
    }
    if (g.count > limit) {
      children.push({ kind: 'more', id: `more:${gid}`, orgKey: org.orgKey, parent: gid, label: t('Show {0} more…', formatCount(Math.min(PAGE, g.count - limit), locale)) });
    }
    const label = groupLabel(g.key, g.count, t, locale);
    const node: GroupTreeNode = {
      kind: 'group', id: gid, orgKey: org.orgKey, group: g.key, label, count: g.count, jobs: g.jobs, children,
      sig: `${label}\u0000${children.map((c) => c.id).join(',')}`,
      ...(several ? { parent: id } : {}),
    };
    return node;
  });
  const node: OrgTreeNode = { kind: 'org', id, orgKey: org.orgKey, label: org.label, groups, sig: `${org.label}\u0000${groups.map((g) => g.count).join(',')}` };
  if (several) {
    byId.set(id, node);
  }
  for (const g of groups) {
    byId.set(g.id, g);
    for (const c of g.children) {
      byId.set(c.id, c);
    }
  }
  return node;
}

/** The group that holds a job after the filter, and the rows it must show to include it; undefined when filtered out. */
export function placeOf(tree: OrgJobsTree, orgKey: string, jobId: string): { groupId: string; limit: number } | undefined {
  for (const node of tree.byId.values()) {
    if (node.kind === 'group' && node.orgKey === orgKey) {
      const i = node.jobs.findIndex((j) => j.id === jobId);
      if (i >= 0) {
        return { groupId: node.id, limit: Math.max(PAGE, Math.ceil((i + 1) / PAGE) * PAGE) };
      }
    }
  }
  return undefined;
}
