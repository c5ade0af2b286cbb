/**
 * The Org Jobs view's filter: a pure predicate over list rows, and the words the view's description
 * shows while it is on ("filter: Account · insert · by me"). Every part is optional; an empty
 * filter lets everything through. Object, operation and state compare case-insensitively; the free
 * text is looked for in the id, object, operation, state, submitter's name and error message.
 */
import type { BulkJob } from '../salesforce/types';
import type { Translate } from '../job/format';
import { sameId } from '../salesforce/ids';

export type OrgJobType = '1.0' | '2.0 ingest' | '2.0 query';

export type SubmittedBy = { kind: 'me' } | { kind: 'user'; userId: string; name?: string };

export interface OrgJobFilter {
  object?: string;
  operation?: string;
  /** Absent: anyone. */
  submittedBy?: SubmittedBy;
  type?: OrgJobType;
  /** As Salesforce says it (`Failed`, `JobComplete`, `Closed`…). */
  state?: string;
  text?: string;
}

export interface FilterContext {
  /** The session's user (005…), for "submitted by me". */
  myUserId?: string;
  /** A submitter's name, when known (`UserNames.nameOf`). */
  nameOf(userId: string | undefined): string | undefined;
}

export function typeOf(job: BulkJob): OrgJobType {
  return job.flavour === '1.0' ? '1.0' : job.kind === 'query' ? '2.0 query' : '2.0 ingest';
}

function same(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

export function isFilterEmpty(filter: OrgJobFilter): boolean {
  return filter.object === undefined && filter.operation === undefined && filter.submittedBy === undefined
    && filter.type === undefined && filter.state === undefined && (filter.text ?? '').trim() === '';
}

/** A predicate for `jobs.filter(…)`; the text is lower-cased once. */
export function jobFilter(filter: OrgJobFilter, ctx: FilterContext): (job: BulkJob) => boolean {
  const text = (filter.text ?? '').trim().toLowerCase();
  const by = filter.submittedBy;
  const byId = by === undefined ? undefined : by.kind === 'me' ? ctx.myUserId : by.userId;
  return (job) => {
    if (filter.object !== undefined && !same(job.object, filter.object)) {
      return false;
    }
    if (filter.operation !== undefined && !same(job.operation, filter.operation)) {
      return false;
    }
    if (by !== undefined && !sameId(job.createdById, byId)) {
      return false;
    }
    if (filter.type !== undefined && typeOf(job) !== filter.type) {
      return false;
    }
    if (filter.state !== undefined && !same(job.state, filter.state)) {
      return false;
    }
    if (text !== '') {
      const haystack = [job.id, job.object, job.operation, job.state, ctx.nameOf(job.createdById), job.errorMessage];
      return haystack.some((s) => s !== undefined && s.toLowerCase().includes(text));
    }
    return true;
  };
}

/** "filter: Account · insert · by me · 2.0 ingest · Failed · “acme”", or undefined when the filter is empty. */
export function filterDescription(filter: OrgJobFilter, t: Translate): string | undefined {
  if (isFilterEmpty(filter)) {
    return undefined;
  }
  const by = filter.submittedBy;
  const parts = [
    filter.object,
    filter.operation,
    by === undefined ? undefined : by.kind === 'me' ? t('by me') : t('by {0}', by.name ?? by.userId),
    filter.type,
    filter.state,
    (filter.text ?? '').trim() === '' ? undefined : `“${(filter.text ?? '').trim()}”`,
  ].filter((p): p is string => p !== undefined);
  return t('filter: {0}', parts.join(' · '));
}
