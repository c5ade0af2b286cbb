import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BulkJobsApi } from '../../src/extension';
import type { JobDetailsPanel } from '../../src/details/jobDetailsPanel';
import { EXTENSION_ID, emulatorInfo } from './testEnv';

/** The activated extension's API (for reaching the store and the panels from tests). */
export async function bulkJobsApi(): Promise<BulkJobsApi> {
  const ext = vscode.extensions.getExtension<BulkJobsApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

/** Connects the emulator org with its session id (the manual route) and makes it the default; returns its key. */
export async function connectEmulatorOrg(api: BulkJobsApi): Promise<string> {
  const emulator = emulatorInfo();
  const org = await api.deps.orgs.addManual(emulator.url, emulator.token);
  await api.deps.orgs.setDefault(org.key);
  return org.key;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until the webview has rendered an update that satisfies `check` (the host's last message,
 * acknowledged by the webview with the same generation), and returns that message.
 */
export function waitForRendered(panel: JobDetailsPanel, what: string, check: (m: NonNullable<JobDetailsPanel['lastPosted']>) => boolean) {
  return waitFor(what, () => {
    const posted = panel.lastPosted;
    return posted && panel.lastRendered && panel.lastRendered.generation >= posted.generation && check(posted) ? posted : undefined;
  });
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
