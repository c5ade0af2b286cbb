/**
 * What a hover on a job (750…) or batch (751…) id says: the provider's core, with no `vscode` import
 * (the store and the orgs are passed in by shape), so it runs in plain Node against the emulator.
 *
 * Budget: an id the store, the batch cache or the miss cache knows costs nothing; an unknown job id
 * costs one `getJob` (with its 1.0/2.0 probe), capped, and the cap aborts it; an unknown batch id
 * costs nothing (the search is "Find its job", a click); an org that answered an error, or an id it
 * does not have, is not asked again for a while (`missPolicy`).
 */
import { isBulkApiError } from '../salesforce/errors';
import type { FoundId } from '../salesforce/ids';
import type { JobRef, RefreshOptions } from '../tracked/jobStore';
import type { JobEntry } from '../job/jobEntry';
import type { BatchJobs } from '../job/batchJobs';
import type { Translate } from '../job/format';
import type { HistoryPoint } from '../job/history';
import type { HoverContent, HoverJob } from './hoverMarkdown';
import { ERROR_TTL_MS, MissCache, missPolicy } from './missCache';
import { withCap } from '../util/cancellation';
import { orgKeyLabel } from '../orgs/orgKey';
import type { OrgUserNames } from '../salesforce/org/userNames';

/** The store as the hover uses it (`JobStore` has this shape). */
export interface HoverStore {
  get(ref: JobRef): JobEntry | undefined;
  findById(jobId: string): JobEntry[];
  tracked(): JobEntry[];
  refresh(ref: JobRef, options?: RefreshOptions): Promise<JobEntry>;
}

export interface HoverOrg {
  key: string;
  label: string;
}

/** The orgs as the hover uses them (`OrgRegistry` has this shape); listing them asks no org. */
export interface HoverOrgs {
  list(): Promise<HoverOrg[]>;
  getDefault(): Promise<HoverOrg | undefined>;
}

export interface HoverLimits {
  /** Each request the hover sends gets this long at most. */
  requestMs: number;
  /**
   * The whole answer, which may first wait for the Salesforce CLI to list the orgs (seconds on a cold
   * start; VS Code shows "Loading…" meanwhile). At the cap the requests are aborted.
   */
  totalMs: number;
}

export const HOVER_LIMITS: HoverLimits = { requestMs: 3_000, totalMs: 10_000 };

export interface HoverAnswerDeps {
  store: HoverStore;
  orgs: HoverOrgs;
  batches: BatchJobs;
  misses: MissCache<HoverContent>;
  t: Translate;
  debug?: (message: string) => void;
  /** Each job's points over time (`JobHistory` has this shape): the rate and time left line. */
  history?: { get(ref: JobRef): HistoryPoint[] };
  /** The window's users' names: who created each job (asked once per org, capped like a request). */
  names?: Pick<OrgUserNames, 'nameOf' | 'want'>;
}

export function hoverJob(entry: JobEntry, orgLabel?: string, history?: HoverAnswerDeps['history'], names?: HoverAnswerDeps['names']): HoverJob {
  return {
    createdByName: names?.nameOf(entry.orgKey, entry.job?.createdById),
    ref: { orgKey: entry.orgKey, jobId: entry.jobId },
    orgLabel: orgLabel ?? orgKeyLabel(entry.orgKey),
    job: entry.job,
    progress: entry.progress,
    fetchedAt: entry.fetchedAt,
    tracked: entry.tracked,
    history: history?.get(entry),
    batches: entry.batches,
    error: entry.lastError && (entry.fetchedAt === undefined || entry.lastError.at >= entry.fetchedAt) ? entry.lastError : undefined,
  };
}

export class HoverAnswers {
  constructor(private readonly deps: HoverAnswerDeps, private readonly limits: HoverLimits = HOVER_LIMITS) {}

  /** The answer, or undefined when cancelled or past the cap (its requests then aborted). */
  async answer(found: FoundId, signal?: AbortSignal): Promise<HoverContent | undefined> {
    const content = this.fromMemory(found) ?? await withCap(this.limits.totalMs, signal, (capped) => this.ask(found, capped).catch((e: unknown) => {
      this.deps.debug?.(`[hover] ${found.id18}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }));
    return content && this.withNames(content, signal);
  }

  /**
   * The creators' names: from the window's cache, else asked (ids wanted at once are one query per org;
   * an id asked before is not asked again), waited for at most `requestMs`; the id when none comes.
   */
  private async withNames(content: HoverContent, signal: AbortSignal | undefined): Promise<HoverContent> {
    const names = this.deps.names;
    const unnamed = content.kind === 'jobs' ? content.jobs.filter((j) => j.job?.createdById !== undefined && j.createdByName === undefined) : [];
    if (!names || content.kind !== 'jobs' || unnamed.length === 0) {
      return content;
    }
    await withCap(this.limits.requestMs, signal, () => Promise.all(unnamed.map((j) => names.want(j.ref.orgKey, [j.job?.createdById]))));
    return { ...content, jobs: content.jobs.map((j) => ({ ...j, createdByName: names.nameOf(j.ref.orgKey, j.job?.createdById) })) };
  }

  /**
   * A store entry that changed (a refresh by the poller, the panel, a lookup): its batches fill the
   * batch cache; an org-wide error newer than its data is the org's problem; fresh data ends one.
   */
  note(entry: JobEntry): void {
    const { batches, misses } = this.deps;
    if (entry.batches) {
      batches.remember(entry.orgKey, entry.batches);
    }
    const error = entry.lastError;
    const policy = error && missPolicy(error.kind);
    if (error && policy?.scope === 'org' && (entry.fetchedAt === undefined || error.at >= entry.fetchedAt)) {
      misses.rememberOrg(entry.orgKey, error, policy.ttlMs);
    } else if (!error && entry.fetchedAt !== undefined) {
      misses.forgetOrg(entry.orgKey, entry.fetchedAt);
    }
  }

  /** What the store, the batch cache or a recent miss already says: no I/O at all. */
  fromMemory(found: FoundId): HoverContent | undefined {
    const known = this.knownEntries(found).filter((e) => e.job);
    if (known.length > 0) {
      return { kind: 'jobs', id: found.id18, idKind: found.kind, jobs: known.map((e) => hoverJob(e, undefined, this.deps.history, this.deps.names)) };
    }
    return this.deps.misses.get(found.id18);
  }

  private knownEntries(found: FoundId): JobEntry[] {
    const { store, batches } = this.deps;
    if (found.kind === 'job') {
      return store.findById(found.id18);
    }
    const ref = batches.jobOf(found.id18);
    const cached = ref && store.get(ref);
    return cached ? [cached] : store.tracked().filter((e) => e.batches?.some((b) => b.id === found.id18));
  }

  private async ask(found: FoundId, signal: AbortSignal): Promise<HoverContent | undefined> {
    const { orgs, misses, t } = this.deps;
    const all = await orgs.list();
    if (all.length === 0) {
      return misses.remember(found.id18, { kind: 'noOrg', id: found.id18, idKind: found.kind }, ERROR_TTL_MS);
    }
    const org = (await orgs.getDefault()) ?? (all.length === 1 ? all[0] : undefined);
    // A batch seen in an org that has since been removed is as good as unknown.
    const batchRef = found.kind === 'batch' ? this.deps.batches.jobOf(found.id18) : undefined;
    const batchOrg = batchRef && all.find((o) => o.key === batchRef.orgKey);
    if (found.kind === 'batch' && !batchOrg) {
      return { kind: 'batchUnknown', id: found.id18, idKind: 'batch', orgKey: org?.key, orgLabel: org?.label };
    }
    const target = batchOrg ?? org;
    if (!target) {
      return misses.remember(found.id18, {
        kind: 'unknown', id: found.id18, idKind: found.kind,
        message: t('Not among the jobs seen so far, and several orgs are connected: look it up to choose the org.'),
      }, ERROR_TTL_MS);
    }
    const problem = misses.orgProblem(target.key);
    if (problem) {
      return { kind: 'unknown', id: found.id18, idKind: found.kind, orgLabel: target.label, message: orgProblemText(problem.kind, problem.message, target.label, t) };
    }
    const ref = { orgKey: target.key, jobId: batchRef?.jobId ?? found.id18 };
    try {
      const entry = await this.deps.store.refresh(ref, { signal, timeoutMs: this.limits.requestMs });
      misses.forgetOrg(target.key);
      return { kind: 'jobs', id: found.id18, idKind: found.kind, jobs: [hoverJob(entry, target.label, this.deps.history, this.deps.names)] };
    } catch (e) {
      return this.missed(found, target, e);
    }
  }

  private missed(found: FoundId, org: HoverOrg, e: unknown): HoverContent | undefined {
    const kind = isBulkApiError(e) ? e.kind : 'unexpectedResponse';
    const message = e instanceof Error ? e.message : String(e);
    const policy = missPolicy(kind);
    if (!policy) {
      return undefined; // cancelled, or past the cap: nothing learnt
    }
    if (policy.scope === 'org') {
      this.deps.misses.rememberOrg(org.key, { kind, message }, policy.ttlMs);
    }
    const content: HoverContent = {
      kind: 'unknown', id: found.id18, idKind: found.kind, orgLabel: org.label,
      message: policy.scope === 'org' ? orgProblemText(kind, message, org.label, this.deps.t) : message,
    };
    return policy.scope === 'id' ? this.deps.misses.remember(found.id18, content, policy.ttlMs) : content;
  }
}

/** An org-wide problem in a hover: said without asking the org again. */
export function orgProblemText(kind: string, message: string, orgLabel: string, t: Translate): string {
  return kind === 'sessionExpired'
    ? t('The session of {0} has expired: sign in again (`sf org login web`) or add a new session id, then hover again.', orgLabel)
    : t('{0} answered an error a moment ago, so it is not asked again yet: {1}', orgLabel, message);
}
