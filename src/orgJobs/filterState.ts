/**
 * The Org Jobs filter as kept per workspace (`bulkJobs.orgJobs.filter`): read back checked part by
 * part, so a value written by another version (or edited by hand) never reaches the predicate
 * half-formed; and the values a part can take in the current list, for the filter's pick. Pure.
 */
import type { BulkJob } from '../salesforce/types';
import type { OrgJobFilter, OrgJobType, SubmittedBy } from './filter';
import { isUserId } from '../salesforce/ids';

const TYPES: readonly OrgJobType[] = ['1.0', '2.0 ingest', '2.0 query'];

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' && v.length <= 200 ? v : undefined;
}

function submittedBy(v: unknown): SubmittedBy | undefined {
  if (typeof v !== 'object' || v === null) {
    return undefined;
  }
  const o = v as { kind?: unknown; userId?: unknown; name?: unknown };
  if (o.kind === 'me') {
    return { kind: 'me' };
  }
  const userId = text(o.userId);
  if (o.kind === 'user' && userId !== undefined && isUserId(userId)) {
    const name = text(o.name);
    return name === undefined ? { kind: 'user', userId } : { kind: 'user', userId, name };
  }
  return undefined;
}

/** The filter read from workspace state; anything unexpected is dropped part by part. */
export function readFilter(value: unknown): OrgJobFilter {
  if (typeof value !== 'object' || value === null) {
    return {};
  }
  const v = value as Record<string, unknown>;
  const filter: OrgJobFilter = {};
  const object = text(v.object);
  const operation = text(v.operation);
  const state = text(v.state);
  const free = text(v.text);
  const by = submittedBy(v.submittedBy);
  if (object !== undefined) { filter.object = object; }
  if (operation !== undefined) { filter.operation = operation; }
  if (by !== undefined) { filter.submittedBy = by; }
  if (TYPES.includes(v.type as OrgJobType)) { filter.type = v.type as OrgJobType; }
  if (state !== undefined) { filter.state = state; }
  if (free !== undefined) { filter.text = free; }
  return filter;
}

/** The distinct values of a field in the list, the most frequent first (ties by name). */
export function valuesOf(jobs: Iterable<BulkJob>, field: 'object' | 'operation' | 'state' | 'createdById'): string[] {
  const counts = new Map<string, number>();
  for (const job of jobs) {
    const value = job[field];
    if (value !== undefined && value !== '') {
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([v]) => v);
}
