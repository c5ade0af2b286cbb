/**
 * The one owner of "user id → name" (`SELECT Id, Name FROM User WHERE Id IN (…)`): `UserNames` for one
 * org, `OrgUserNames` for every org of a window (built once in `activate()`, passed through `Deps`).
 * Org Jobs' reader resolves its submitters through the org's `UserNames` with its own client; the details
 * panel, the Jobs view's tooltips and the hover `want` names, gathered for a moment into one query per org.
 *
 * Each id is asked at most once per cache life (an id the org does not answer, a user this session may
 * not see, is remembered as unknown); ids asked while a query is on its way wait for it. A failed query
 * is not cached, but the org is not asked again for `RETRY_NAMES_MS`: until then its ids show as ids.
 */
import type { RequestOptions } from '../types';
import { id15, isUserId } from '../ids';

/** 200 ids ≈ 5,600 characters of encoded URL (Salesforce allows ~16,000). */
export const USER_IDS_PER_QUERY = 200;
/** After a failed query, how long the org's unknown names stay unknown (never a retry in a loop). */
export const RETRY_NAMES_MS = 10 * 60_000;
/** How long `want` gathers ids before it asks (a tree's rows, a panel and a hover at once: one query). */
export const GATHER_NAMES_MS = 50;

/** Runs one SOQL query and returns its records (all pages). */
export type SoqlRunner = (soql: string, options: RequestOptions) => Promise<Array<Record<string, unknown>>>;

export class UserNames {
  /** 15-character id → name (undefined: asked, not answered). */
  private readonly names = new Map<string, string | undefined>();
  /** Ids whose query is on its way → that query. */
  private readonly asking = new Map<string, Promise<unknown>>();
  /** After a failed query: not asked again before then. */
  private retryAt = 0;

  /** `learnt`: called when names arrive (a query's answer, another window's list). */
  constructor(private readonly learnt: () => void = () => undefined, private readonly now: () => number = Date.now) {}

  /** The cached name, if any (never sends a request). */
  nameOf(userId: string | undefined): string | undefined {
    return userId === undefined ? undefined : this.names.get(id15(userId));
  }

  /** Asked before (answered or not): not asked again. */
  asked(userId: string): boolean {
    return this.names.has(id15(userId));
  }

  /** The names known, by 15-character id (to hand to another window). */
  entries(): Array<[string, string]> {
    return [...this.names].filter((e): e is [string, string] => e[1] !== undefined);
  }

  /** Takes names another window resolved (never asked again here). */
  remember(entries: Iterable<readonly [string, string]>): void {
    let added = false;
    for (const [id, name] of entries) {
      added ||= this.names.get(id15(id)) !== name;
      this.names.set(id15(id), name);
    }
    if (added) {
      this.learnt();
    }
  }

  /**
   * Queries the ids not asked before (through `run`) and waits for those already on their way;
   * resolves to how many queries it sent. A failed query rejects, and for `RETRY_NAMES_MS` after it
   * nothing is sent (it resolves to 0).
   */
  async resolve(userIds: Iterable<string | undefined>, run: SoqlRunner, options: RequestOptions = {}): Promise<number> {
    const wanted = new Map<string, string>();
    const waits = new Set<Promise<unknown>>();
    for (const id of userIds) {
      const key = id === undefined || !isUserId(id) ? undefined : id15(id);
      const asked = key === undefined ? undefined : this.asking.get(key);
      if (asked) {
        waits.add(asked);
      } else if (key !== undefined && id !== undefined && !this.names.has(key)) {
        wanted.set(key, id);
      }
    }
    const ids = [...wanted.values()];
    if (ids.length === 0 || this.now() < this.retryAt) {
      await Promise.allSettled(waits);
      return 0;
    }
    let queries = 0;
    const sending = (async () => {
      for (let i = 0; i < ids.length; i += USER_IDS_PER_QUERY) {
        const chunk = ids.slice(i, i + USER_IDS_PER_QUERY);
        const records = await run(`SELECT Id, Name FROM User WHERE Id IN (${chunk.map((id) => `'${id}'`).join(',')})`, options);
        queries++;
        for (const id of chunk) {
          this.names.set(id15(id), undefined);
        }
        for (const r of records) {
          if (typeof r.Id === 'string' && typeof r.Name === 'string') {
            this.names.set(id15(r.Id), r.Name);
          }
        }
        this.learnt();
      }
    })();
    for (const key of wanted.keys()) {
      this.asking.set(key, sending);
    }
    try {
      await sending;
    } catch (e) {
      if (!options.signal?.aborted) {
        this.retryAt = this.now() + RETRY_NAMES_MS;
      }
      throw e;
    } finally {
      for (const key of wanted.keys()) {
        this.asking.delete(key);
      }
      await Promise.allSettled(waits);
    }
    return queries;
  }
}

export interface OrgUserNamesDeps {
  /** Runs a SOQL query in an org (loads the client on first use). */
  query(orgKey: string, soql: string, options: RequestOptions): Promise<Array<Record<string, unknown>>>;
  /** Other user ids of the org worth asking in the same query (the creators of the jobs the window knows). */
  known?(orgKey: string): Iterable<string | undefined>;
  /** A failed query (quiet: the ids show as ids). */
  warn?(message: string): void;
  now?: () => number;
}

/** Every org's `UserNames`, for one window: what Org Jobs, the panel, the Jobs view and the hover share. */
export class OrgUserNames {
  private readonly orgs = new Map<string, UserNames>();
  private readonly wanted = new Map<string, Set<string>>();
  private gathering: Promise<void> | undefined;
  private readonly listeners = new Set<(orgKey: string) => void>();

  constructor(private readonly deps: OrgUserNamesDeps) {}

  /** The org's cache (Org Jobs' reader resolves through it with the client of its read). */
  of(orgKey: string): UserNames {
    let names = this.orgs.get(orgKey);
    if (!names) {
      names = new UserNames(() => this.listeners.forEach((l) => l(orgKey)), this.deps.now);
      this.orgs.set(orgKey, names);
    }
    return names;
  }

  /** The cached name (never sends a request). */
  nameOf(orgKey: string, userId: string | undefined): string | undefined {
    return this.orgs.get(orgKey)?.nameOf(userId);
  }

  /**
   * Asks for the names not known, with every other id wanted within `GATHER_NAMES_MS` (one query per
   * org); resolves (never rejects) once answered or failed. `onDidChange` tells when names arrive.
   */
  want(orgKey: string, userIds: Iterable<string | undefined>): Promise<void> {
    const names = this.of(orgKey);
    const ids = [...userIds].filter((id): id is string => id !== undefined && isUserId(id) && !names.asked(id));
    if (ids.length === 0) {
      return Promise.resolve();
    }
    const set = this.wanted.get(orgKey) ?? new Set<string>();
    ids.forEach((id) => set.add(id));
    this.wanted.set(orgKey, set);
    this.gathering ??= new Promise<void>((r) => setTimeout(r, GATHER_NAMES_MS)).then(() => this.ask());
    return this.gathering;
  }

  /** The cached name; when the id was never asked, asks for it with the others wanted now (`onDidChange` tells when it arrives). */
  nameOrAsk(orgKey: string, userId: string | undefined): string | undefined {
    const name = this.nameOf(orgKey, userId);
    if (name === undefined && userId !== undefined) {
      void this.want(orgKey, [userId]);
    }
    return name;
  }

  onDidChange(listener: (orgKey: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  private async ask(): Promise<void> {
    const wanted = [...this.wanted];
    this.wanted.clear();
    this.gathering = undefined;
    await Promise.all(wanted.map(async ([orgKey, ids]) => {
      const run: SoqlRunner = (soql, options) => this.deps.query(orgKey, soql, options);
      await this.of(orgKey).resolve([...ids, ...(this.deps.known?.(orgKey) ?? [])], run).catch((e: unknown) => {
        this.deps.warn?.(`[names] ${orgKey}: users' names not read (ids shown instead; asked again in ${RETRY_NAMES_MS / 60_000} min): ${String(e)}`);
      });
    }));
  }
}
