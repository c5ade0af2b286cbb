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
  const focus = watchFocus(context, log);
  context.subscriptions.push(scheduler, keepLeases(leases, log));
  return { scheduler, leases, focus };
}

/** Notes this window's focus for the others (on gaining it, and every `FOCUS_NOTE_MS` while it has it); says when "any window focused" changes. */
function watchFocus(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): WindowFocus {
  const memento = context.globalState;
  const anyFocused = (): boolean => anyWindowFocused(memento, vscode.window.state.focused, Date.now());
  const changed = new vscode.EventEmitter<boolean>();
  let seen = anyFocused();
  const check = (): void => {
    const now = anyFocused();
    if (now !== seen) {
      seen = now;
      changed.fire(now);
    }
  };
  const note = (): void => {
    if (vscode.window.state.focused) {
      void noteFocus(memento, Date.now()).then(undefined, (e: unknown) => log.warn(`[poll] could not note this window's focus: ${String(e)}`));
    }
    check();
  };
  note();
  const timers = [setInterval(note, FOCUS_NOTE_MS), setInterval(check, LEASE_RENEW_MS)];
  context.subscriptions.push(changed, vscode.window.onDidChangeWindowState(note), new vscode.Disposable(() => timers.forEach(clearInterval)));
  return { anyFocused, onDidChange: changed.event };
}

/** Renews this window's leases while it runs and gives them up when it closes. */
function keepLeases(leases: Leases, log: vscode.LogOutputChannel): vscode.Disposable {
  const failed = (e: unknown): void => log.warn(`[poll] could not renew the polling lease: ${String(e)}`);
  const timer = setInterval(() => void leases.renew().catch(failed), LEASE_RENEW_MS);
  return new vscode.Disposable(() => {
    clearInterval(timer);
    void leases.release().catch(failed);
  });
}
