/**
 * "A VS Code window is focused now", said to every window through one globalState number
 * (`bulkJobs.orgJobs.focusedAt`, only ever raised): background checks stop once no window has been
 * focused for an hour. No `vscode` import here.
 */
import type { MementoLike } from '../storage/serialMemento';
import { FOCUS_KEY } from '../storage/keys';

export function noteFocus(memento: MementoLike, at: number): Thenable<void> {
  const current = memento.get<unknown>(FOCUS_KEY);
  return typeof current === 'number' && Number.isFinite(current) && current >= at ? Promise.resolve() : memento.update(FOCUS_KEY, at);
}
