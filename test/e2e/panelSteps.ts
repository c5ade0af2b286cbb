import * as fs from 'fs';
import * as path from 'path';
import { FrameLocator, Page } from 'playwright-core';
import { hostPaths } from '../host/hostPaths';
import { expectVisible, quickInput, runCommand, waitForNotification, webviewFrame } from './workbench';

/** Steps the details panel's UI tests share: connecting the emulator org, looking a job up, themes. */

/** Contributed titles, as package.nls.json spells them (what the person sees). */
function nls(key: string): string {
  const table = JSON.parse(fs.readFileSync(path.join(hostPaths.repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
  return table[key];
}

export const LOOKUP = (): string => `${nls('category')}: ${nls('command.lookupJob')}`;
const ADD_ORG = (): string => `${nls('category')}: ${nls('command.addOrg')}`;

/** Connects the emulator org the way a person without the CLI does: instance URL, then session id. */
export async function addEmulatorOrg(page: Page, url: string, token: string): Promise<void> {
  await runCommand(page, ADD_ORG());
  await expectVisible(page.locator('.quick-input-widget', { hasText: '1/2' }), 'the instance URL input');
  await quickInput(page).fill(url);
  await page.keyboard.press('Enter');
  await expectVisible(page.locator('.quick-input-widget', { hasText: '2/2' }), 'the session id input');
  await quickInput(page).fill(token);
  await page.keyboard.press('Enter');
  await waitForNotification(page, /Connected to 127\.0\.0\.1/);
}

export async function closeEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
}

/** Runs "Look Up Job…", types the id, accepts; picks the emulator org if asked. Returns the panel's frame. */
export async function lookUp(page: Page, id: string): Promise<FrameLocator> {
  await runCommand(page, LOOKUP());
  await expectVisible(page.locator('.quick-input-widget', { hasText: 'Look Up Bulk Job' }), 'the Look Up Job input');
  await quickInput(page).fill(id);
  await expectVisible(page.locator('.quick-input-list .monaco-list-row', { hasText: 'Look up' }), `"Look up job ${id}" as the first row`);
  await page.keyboard.press('Enter');
  const orgPick = page.locator('.quick-input-widget', { hasText: 'Which org' });
  if (await orgPick.first().isVisible({ timeout: 2_000 }).catch(() => false)) {
    await page.locator('.quick-input-list .monaco-list-row', { hasText: '127.0.0.1' }).first().click();
  }
  const frame = webviewFrame(page);
  await expectVisible(frame.locator('#title'), 'the job details panel');
  return frame;
}

export async function setTheme(page: Page, theme: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  await quickInput(page).fill(theme);
  await expectVisible(page.locator('.quick-input-list .monaco-list-row', { hasText: theme }), `the theme "${theme}"`);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(1_000);
}
