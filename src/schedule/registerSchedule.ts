import * as vscode from 'vscode';
import { LEASE_RENEW_MS, Leases } from '../storage/lease';
import { Scheduler } from './scheduler';
import { FOCUS_NOTE_MS, anyWindowFocused, noteFocus } from './focus';

/** Whether any VS Code window is focused (`schedule/focus.ts`): what the poll-lease holder paces by. */
export interface WindowFocus {
  anyFocused(): boolean;
  /** `anyFocused()` changed: at once for this window's focus, within `LEASE_RENEW_MS` for another window's. */
  readonly onDidChange: vscode.Event<boolean>;
}

/** A window's one scheduler (every automatic refresh) and one lease set (one window id). */
export interface WindowSchedule {
  scheduler: Scheduler;
  /** Which orgs this window refreshes: the tracked jobs' leases and the Org Jobs leases, under one window id. */
  leases: Leases;
  focus: WindowFocus;
}

/**
 * Made once per window in activate(): the scheduler that runs the tracked jobs' polls and the Org
 * Jobs refreshes, the leases they take in `globalState`, renewed while the window runs and given
 * up when it closes, and the focus signal (this window's focus noted for the others). `windowId`:
 * the window's one id (its tracked-job writes carry it too).
 */
export function registerSchedule(context: vscode.ExtensionContext, windowId: string, log: vscode.LogOutputChannel): WindowSchedule {
  const scheduler = new Scheduler(Date.now);
  const leases = new Leases(context.globalState, Date.now, windowId);
  const memento = context.globalState;
  const warn = (what: string) => (e: unknown): void => log.warn(`[poll] could not ${what}: ${String(e)}`);
  const anyFocused = (): boolean => anyWindowFocused(memento, vscode.window.state.focused, Date.now());
  const changed = new vscode.EventEmitter<boolean>();
  let seen = anyFocused();
  let noted = -Infinity;
  // This window's focus noted for the others (on gaining it, and every FOCUS_NOTE_MS while it has it);
  // "any window focused" checked at once for this window, within LEASE_RENEW_MS for another's.
  const note = (): void => {
    const now = Date.now();
    if (vscode.window.state.focused && now - noted >= FOCUS_NOTE_MS) {
      noted = now;
      void noteFocus(memento, now).then(undefined, warn("note this window's focus"));
    }
    if (anyFocused() !== seen) {
      seen = !seen;
      changed.fire(seen);
    }
  };
  note();
  const timer = setInterval(() => {
    void leases.renew().catch(warn('renew the polling lease'));
    note();
  }, LEASE_RENEW_MS);
  context.subscriptions.push(scheduler, changed, vscode.window.onDidChangeWindowState((state) => {
    if (state.focused) noted = -Infinity; // gaining focus is noted at once
    note();
  }), new vscode.Disposable(() => {
    clearInterval(timer);
    void leases.release().catch(warn('give up the polling lease'));
  }));
  return { scheduler, leases, focus: { anyFocused, onDidChange: changed.event } };
}
