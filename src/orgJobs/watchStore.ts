/**
 * "Watch This Org", shared by every window: one globalState key per org
 * (`bulkJobs.orgJobs.watch.<orgKey>` = `{ on, at }`), so a window only ever writes the org it means.
 * No `vscode` import here.
 */
import type { MementoLike } from '../jobs/jobRecords';

export const WATCH_KEY_PREFIX = 'bulkJobs.orgJobs.watch.';

export class SharedWatch {
  constructor(private readonly memento: MementoLike, private readonly now: () => number) {}

  isWatched(orgKey: string): boolean {
    const v = this.memento.get<{ on?: unknown }>(WATCH_KEY_PREFIX + orgKey);
    return typeof v === 'object' && v !== null && v.on === true;
  }

  setWatched(orgKey: string, on: boolean): Thenable<void> {
    return this.memento.update(WATCH_KEY_PREFIX + orgKey, { on, at: this.now() });
  }

  /** The org keys watched now. */
  watched(): string[] {
    return this.memento.keys()
      .filter((k) => k.startsWith(WATCH_KEY_PREFIX))
      .map((k) => k.slice(WATCH_KEY_PREFIX.length))
      .filter((orgKey) => this.isWatched(orgKey));
  }
}
