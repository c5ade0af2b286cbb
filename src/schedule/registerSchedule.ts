import * as vscode from 'vscode';
import { LEASE_RENEW_MS, Leases } from '../storage/lease';
import { Scheduler } from './scheduler';

/** A window's one scheduler (every automatic refresh) and one lease set (one window id). */
export interface WindowSchedule {
  scheduler: Scheduler;
  /** Which orgs this window refreshes: the tracked jobs' leases and the Org Jobs leases, under one window id. */
  leases: Leases;
}

/**
 * Made once per window in activate(): the scheduler that runs the tracked jobs' polls and the Org
 * Jobs refreshes, and the leases they take in `globalState`, renewed while the window runs and given
 * up when it closes. `windowId`: the window's one id (its tracked-job writes carry it too).
 */
export function registerSchedule(context: vscode.ExtensionContext, windowId: string, log: vscode.LogOutputChannel): WindowSchedule {
  const scheduler = new Scheduler(Date.now);
  const leases = new Leases(context.globalState, Date.now, windowId);
  context.subscriptions.push(scheduler, keepLeases(leases, log));
  return { scheduler, leases };
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
