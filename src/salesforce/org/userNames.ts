/**
 * Submitters' names from their 005 ids: `SELECT Id, Name FROM User WHERE Id IN (…)`, one query per
 * set of ids not asked before (chunked so the URL stays well under Salesforce's ~16,000 characters),
 * the answers cached for the cache's life. An id the org does not answer (a user this session may
 * not see) is remembered as unknown, so it is not asked again; a failed query is not cached.
 */
import type { RequestOptions } from '../types';
import { id15, isUserId } from '../ids';

/** 200 ids ≈ 5,600 characters of encoded URL. */
export const USER_IDS_PER_QUERY = 200;

/** Runs one SOQL query and returns its records (all pages). */
export type SoqlRunner = (soql: string, options: RequestOptions) => Promise<Array<Record<string, unknown>>>;


export class UserNames {
  /** 15-character id → name (undefined: asked, not answered). */
  private readonly names = new Map<string, string | undefined>();

  constructor(private readonly run: SoqlRunner) {}

  /** The cached name, if any (never sends a request). */
  nameOf(userId: string | undefined): string | undefined {
    return userId === undefined ? undefined : this.names.get(id15(userId));
  }

  /** The names known, by 15-character id (to hand to another window). */
  entries(): Array<[string, string]> {
    return [...this.names].filter((e): e is [string, string] => e[1] !== undefined);
  }

  /** Takes names another window resolved (never asked again here). */
  remember(entries: Iterable<readonly [string, string]>): void {
    for (const [id, name] of entries) {
      this.names.set(id15(id), name);
    }
  }

  /** Queries the ids not asked before; resolves to how many queries it sent. */
  async resolve(userIds: Iterable<string | undefined>, options: RequestOptions = {}): Promise<number> {
    const wanted = new Map<string, string>();
    for (const id of userIds) {
      if (id !== undefined && isUserId(id) && !this.names.has(id15(id))) {
        wanted.set(id15(id), id);
      }
    }
    const ids = [...wanted.values()];
    let queries = 0;
    for (let i = 0; i < ids.length; i += USER_IDS_PER_QUERY) {
      const chunk = ids.slice(i, i + USER_IDS_PER_QUERY);
      const records = await this.run(`SELECT Id, Name FROM User WHERE Id IN (${chunk.map((id) => `'${id}'`).join(',')})`, options);
      queries++;
      for (const id of chunk) {
        this.names.set(id15(id), undefined);
      }
      for (const r of records) {
        if (typeof r.Id === 'string' && typeof r.Name === 'string') {
          this.names.set(id15(r.Id), r.Name);
        }
      }
    }
    return queries;
  }
}
