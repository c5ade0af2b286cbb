/**
 * What the hover learnt when an answer was not a job: an id the org does not know, or an org that
 * answered an error (its session expired, its API limit reached, no answer). Remembered long enough
 * that moving the mouse, or hovering the next id of the same org, sends nothing. One owner for how
 * long each kind of miss is kept (`missPolicy`). Memory only, bounded.
 */
import type { BulkErrorKind } from '../salesforce/errors';
import { LruMap } from '../util/lru';

const MINUTE = 60_000;
/** An id the org does not have: it will not appear (ids are never reused). */
export const NOT_FOUND_TTL_MS = 10 * MINUTE;
/** The org's session expired: until the orgs change (sign-in), or this long. */
export const SESSION_TTL_MS = 10 * MINUTE;
/** The org's API limit: give it time. */
export const QUOTA_TTL_MS = 2 * MINUTE;
/** Other errors (no answer, 5xx, a broken body), and "no org to ask". */
export const ERROR_TTL_MS = MINUTE;

export interface MissPolicy {
  /** `id`: about this id only; `org`: every hover in that org gets the same answer. */
  scope: 'id' | 'org';
  ttlMs: number;
}

/** How a failed answer is remembered; undefined for `cancelled` (nothing learnt). */
export function missPolicy(kind: BulkErrorKind): MissPolicy | undefined {
  switch (kind) {
    case 'cancelled':
      return undefined;
    case 'notFound':
    case 'invalidRequest':
      return { scope: 'id', ttlMs: NOT_FOUND_TTL_MS };
    case 'noPermission': // e.g. another user's job: the org itself answers
      return { scope: 'id', ttlMs: QUOTA_TTL_MS };
    case 'sessionExpired':
      return { scope: 'org', ttlMs: SESSION_TTL_MS };
    case 'quotaExceeded':
      return { scope: 'org', ttlMs: QUOTA_TTL_MS };
    default:
      return { scope: 'org', ttlMs: ERROR_TTL_MS };
  }
}

export interface OrgProblem {
  kind: BulkErrorKind;
  message: string;
  at: number;
}

const MAX_IDS = 1_000;

export class MissCache<T> {
  private readonly ids = new LruMap<string, { until: number; value: T }>(MAX_IDS);
  private readonly orgs = new Map<string, OrgProblem & { until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A remembered answer about this id, while it is fresh. */
  get(id: string): T | undefined {
    const hit = this.ids.get(id);
    if (hit && hit.until > this.now()) {
      return hit.value;
    }
    this.ids.delete(id);
    return undefined;
  }

  remember(id: string, value: T, ttlMs: number): T {
    this.ids.set(id, { until: this.now() + ttlMs, value });
    return value;
  }

  /** The org's last error while it is fresh: a hover in that org answers it without a request. */
  orgProblem(orgKey: string): OrgProblem | undefined {
    const hit = this.orgs.get(orgKey);
    if (hit && hit.until > this.now()) {
      return { kind: hit.kind, message: hit.message, at: hit.at };
    }
    this.orgs.delete(orgKey);
    return undefined;
  }

  rememberOrg(orgKey: string, problem: { kind: BulkErrorKind; message: string; at?: number }, ttlMs: number): void {
    const at = problem.at ?? this.now();
    this.orgs.set(orgKey, { kind: problem.kind, message: problem.message, at, until: at + ttlMs });
  }

  /** The org answered at `answeredAt` (default now): a problem seen before then is over. */
  forgetOrg(orgKey: string, answeredAt = this.now()): void {
    const hit = this.orgs.get(orgKey);
    if (hit && hit.at <= answeredAt) {
      this.orgs.delete(orgKey);
    }
  }

  /** Orgs were added, removed or signed in again: every answer may differ now. */
  clear(): void {
    this.ids.clear();
    this.orgs.clear();
  }
}
