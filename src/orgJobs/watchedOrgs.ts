/**
 * Which orgs are watched ("Watch This Org", shared by every window: `bulkJobs.orgJobs.watch.<orgKey>`),
 * apart from the rest of `sharedOrgState.ts` so that activation can ask without loading Org Jobs.
 */
import type { MementoLike } from '../storage/serialMemento';
import { isRecord } from '../util/json';
import { WATCH_PREFIX } from '../storage/keys';

/** Whether a window switched "Watch This Org" on for the org (and nobody off since). */
export function isWatched(memento: MementoLike, orgKey: string): boolean {
  const v = memento.get<unknown>(WATCH_PREFIX + orgKey);
  return isRecord(v) && v.on === true;
}

/** The org keys watched now. */
export function watchedOrgs(memento: MementoLike): string[] {
  return memento.keys()
    .filter((k) => k.startsWith(WATCH_PREFIX))
    .map((k) => k.slice(WATCH_PREFIX.length))
    .filter((orgKey) => isWatched(memento, orgKey));
}
