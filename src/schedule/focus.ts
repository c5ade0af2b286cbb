/**
 * "A VS Code window is focused now", said to every window through one stamp (`bulkJobs.orgJobs.focusedAt`,
 * `storage/stamps.ts`): background checks stop once no window has been focused for an hour. No `vscode` import here.
 */
import type { MementoLike } from '../storage/serialMemento';
import { FOCUS_KEY } from '../storage/keys';
import { raiseStamp, readStamp } from '../storage/stamps';

export function noteFocus(memento: MementoLike, at: number): Thenable<void> {
  return raiseStamp(memento, FOCUS_KEY, at, at);
}

/** When a window was last focused, by this window's clock `now`. */
export function lastFocus(memento: MementoLike, now: number): number | undefined {
  return readStamp(memento, FOCUS_KEY, now);
}
