import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Locator, Page } from 'playwright-core';
import { hostPaths } from '../host/hostPaths';
import { loginCliToEmulator } from '../suite/cliLogin';
import type { E2eSession } from './session';
import { expectVisible, openPalette, runCommand } from './workbench';

/** The Jobs view as the UI tests drive it: tracking from the palette, rows, context menus. */

export function nls(key: string): string {
  const table = JSON.parse(fs.readFileSync(path.join(hostPaths.repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const value = table[key];
  assert.ok(value, `package.nls.json has no "${key}"`);
  return value;
}

/** The CLI alias the UI tests log in to the emulator with. */
export const ALIAS = 'emu';

/** "Bulk Jobs: Track Job…", the id, Enter; picks the CLI org if several are offered. */
export async function trackFromPalette(page: Page, jobId: string): Promise<void> {
  await runCommand(page, `${nls('category')}: ${nls('command.trackJob')}`);
  const input = page.locator('.quick-input-widget input');
  await expectVisible(page.locator('.quick-input-widget', { hasText: 'Track Bulk API Job' }), 'the Track Job input');
  await input.fill(jobId);
  await page.keyboard.press('Enter');
  const orgRow = page.locator('.quick-input-list .monaco-list-row', { hasText: ALIAS });
  if (await orgRow.first().waitFor({ state: 'visible', timeout: 8_000 }).then(() => true, () => false)) {
    await orgRow.first().click();
  }
}

/** Every notification, also those already hidden in the notification center (for failure messages). */
export async function allNotifications(page: Page): Promise<string[]> {
  await page.keyboard.press('Escape');
  await openPalette(page, 'Notifications: Show Notifications');
  await page.keyboard.press('Enter');
  const texts = await page.locator('.notifications-center .notification-list-item-message').allInnerTexts().catch(() => []);
  return texts;
}

/** Picks an item of the open context menu (pointed at, then Enter: the menu ignores a click right after it opens). */
export async function chooseFromContextMenu(page: Page, title: string, of: string): Promise<void> {
  const item = page.locator('.context-view .action-item', { hasText: title }).first();
  await expectVisible(item, `"${title}" in the context menu of ${of}`);
  await item.hover();
  await expectVisible(page.locator('.context-view .action-item.focused', { hasText: title }), `"${title}" highlighted in the context menu`);
  await page.keyboard.press('Enter');
}

export function row(pane: Locator, text: string): Locator {
  return pane.locator('.monaco-list-row', { hasText: text }).first();
}

export async function waitForRowText(pane: Locator, label: string, pattern: RegExp, what: string, timeoutMs = 45_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await row(pane, label).innerText({ timeout: 2_000 }).catch(() => '');
    if (pattern.test(last)) {
      return last;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const notes = await allNotifications(pane.page());
  throw new Error(`expected on screen: ${what} (the row reads ${JSON.stringify(last)} after ${timeoutMs / 1000}s; notifications: ${JSON.stringify(notes)})`);
}

/**
 * Logs the real Salesforce CLI in to the session's emulator (alias ALIAS) and points
 * bulkJobs.cliPath at it; returns what undoes both. bulkJobs.cliPath is machine-scoped: the remote
 * machine's settings, read when a window connects, so call this before opening the workbench.
 */
export async function useCliOrg(e2e: E2eSession): Promise<() => void> {
  const cli = await loginCliToEmulator(e2e.emulator, ALIAS);
  const settingsFile = path.join(e2e.server.userDataDir, 'Machine', 'settings.json');
  const savedSettings = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : '{}';
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(savedSettings), 'bulkJobs.cliPath': cli.shim }, null, 2));
  return () => {
    fs.writeFileSync(settingsFile, savedSettings);
    cli.dispose();
  };
}
