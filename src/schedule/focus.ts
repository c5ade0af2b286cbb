/**
 * "A VS Code window is focused", said to every window through one stamp (`bulkJobs.orgJobs.focusedAt`,
 * `storage/stamps.ts`): a focused window notes it when it gains focus and every `FOCUS_NOTE_MS` while it
 * keeps it (`registerSchedule.ts`). Two readers: the tracked jobs' poller paces by "a window is focused
 * now" (`anyWindowFocused`), so the poll-lease holder keeps the focused pace while another window is
 * focused; Org Jobs stops its background checks once no window was focused for an hour (`lastFocus`,
 * `orgJobs/watchPlan.ts`). No `vscode` import here.
 */
import type { MementoLike } from '../storage/serialMemento';
import { FOCUS_KEY } from '../storage/keys';
import { raiseStamp, readStamp } from '../storage/stamps';

/** While a window is focused, how often it says so to the others. */
export const FOCUS_NOTE_MS = 5 * 60_000;
/** How long after a window's last note it still counts as focused: a note and a minute's slack. */
export const FOCUS_FRESH_MS = FOCUS_NOTE_MS + 60_000;

export function noteFocus(memento: MementoLike, at: number): Thenable<void> {
  return raiseStamp(memento, FOCUS_KEY, at, at);
}

/** When a window was last focused, by this window's clock `now`. */
export function lastFocus(memento: MementoLike, now: number): number | undefined {
  return readStamp(memento, FOCUS_KEY, now);
}

/** Whether a VS Code window is focused at `now`: this one (`here`), or another one by its last note. */
export function anyWindowFocused(memento: MementoLike, here: boolean, now: number): boolean {
  const last = here ? undefined : lastFocus(memento, now);
  return here || (last !== undefined && now - last < FOCUS_FRESH_MS);
}
