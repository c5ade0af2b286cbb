import * as fs from 'fs';
import * as path from 'path';
import { FrameLocator, Locator, Page } from 'playwright-core';

/**
 * Helpers that drive the VS Code web workbench the way a person does: palette, activity bar, views,
 * notifications, webviews, hovers. Every wait names what was expected on screen, so a failure reads
 * like "expected to see … within 30s".
 */
export const WAIT_MS = 30_000;

/** Waits until `locator` is visible; the error says what a person should have seen. */
export async function expectVisible(locator: Locator, expectation: string, timeout = WAIT_MS): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch {
    throw new Error(`expected on screen: ${expectation} (not visible within ${timeout / 1000}s)`);
  }
}

/** Waits for the workbench to be laid out; a cold start takes ~10 s on 2 cores. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await expectVisible(page.locator('.monaco-workbench'), 'the VS Code workbench', 90_000);
  await expectVisible(page.locator('.activitybar'), 'the activity bar', 60_000);
}

/** F1, type the command's title as shown in the palette (e.g. "Bulk Jobs: Look Up Job…"), run it. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const row = await findInPalette(page, title);
  await row.click();
}

/** The quick input's text box (palette, input boxes, quick picks). */
export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget input');
}

/** Opens the command palette and types `text` after its ">" prefix; leaves it open. */
export async function openPalette(page: Page, text: string): Promise<void> {
  const input = quickInput(page);
  // A quick input still closing (the command just run from it) is inert and swallows F1: wait it out.
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  await page.keyboard.press('F1');
  await expectVisible(input, 'the command palette input');
  await input.fill(`>${text}`);
}

/**
 * The palette row of a command. Contributed commands show up only once the extension host has read
 * the extension's package.json, so the palette is reopened until the row appears.
 */
export async function findInPalette(page: Page, title: string, timeout = 90_000): Promise<Locator> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  const deadline = Date.now() + timeout;
  for (;;) {
    await openPalette(page, title);
    if (await row.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false)) {
      return row;
    }
    if (Date.now() > deadline) {
      throw new Error(`expected on screen: the command "${title}" in the command palette; it shows ${JSON.stringify(await quickPickRows(page))}`);
    }
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
  }
}

/** Titles of the rows the quick pick shows right now (palette, input boxes, pickers). */
export async function quickPickRows(page: Page): Promise<string[]> {
  return page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
}

/** Texts of the notification toasts on screen. */
export async function notifications(page: Page): Promise<string[]> {
  return page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
}

/** Waits for a notification whose text matches; returns its text. */
export async function waitForNotification(page: Page, text: string | RegExp, timeout = WAIT_MS): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: text });
  await expectVisible(toast, `a notification saying ${String(text)}`, timeout);
  return toast.first().innerText();
}

/** Shows a view container by clicking its icon in the activity bar (its title, e.g. "Bulk Jobs"). */
export async function openViewContainer(page: Page, title: string): Promise<void> {
  const icon = page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first();
  await expectVisible(icon, `the "${title}" icon in the activity bar`, 60_000);
  if ((await icon.locator('xpath=..').getAttribute('aria-selected')) !== 'true') {
    await icon.click();
  }
}

/** The side bar pane of a view, by the whole name in its header (so "Jobs" is not "Org Jobs"). */
export function viewPane(page: Page, name: string): Locator {
  const exact = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i');
  return page.locator('.part.sidebar .pane', { has: page.locator('.pane-header .title', { hasText: exact }) });
}

/**
 * Waits for a view's pane, expands it if collapsed, and returns it. A container with a single view
 * hides the pane's header and shows "Container: View" as the side bar title instead.
 */
export async function showView(page: Page, name: string): Promise<Locator> {
  const pane = viewPane(page, name);
  const header = pane.locator('.pane-header').first();
  const title = page.locator('.part.sidebar .composite.title .title-label', { hasText: name });
  await expectVisible(header.or(title), `the "${name}" view in the side bar`);
  if ((await header.isVisible()) && (await header.getAttribute('aria-expanded')) === 'false') {
    await header.click();
  }
  return pane;
}

/** The welcome content of a view (shown while it has nothing to list), line by line. */
export async function welcomeContent(pane: Locator, expectation: string): Promise<string[]> {
  const content = pane.locator('.welcome-view-content');
  await expectVisible(content, expectation);
  return (await content.first().innerText()).split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

/** The visible rows of a tree view, as their labels (with descriptions) read on screen. */
export async function treeRows(pane: Locator, expectation: string): Promise<string[]> {
  const rows = pane.locator('.monaco-list-row');
  await expectVisible(rows, expectation);
  return rows.allInnerTexts();
}

/** The content of the active webview panel, two iframes deep. */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor. */
export async function openFile(page: Page, fileName: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await expectVisible(input, 'the Quick Open input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: fileName });
  // A file written a moment ago may not be in Quick Open's file index yet: type the name again until it is.
  for (let attempt = 0; attempt < 5; attempt++) {
    await input.fill('');
    await input.fill(fileName);
    if (await row.first().waitFor({ state: 'visible', timeout: 6_000 }).then(() => true, () => false)) {
      break;
    }
  }
  await expectVisible(row, `"${fileName}" in Quick Open`);
  await page.keyboard.press('Enter');
  await expectVisible(page.locator('.tab.active', { hasText: fileName }), `an editor tab for "${fileName}"`);
  await expectVisible(page.locator('.editor-instance .view-lines'), `the text of "${fileName}"`);
}

/** The few DOM types measureWord uses (the project compiles without the DOM library). */
interface DomRect { x: number; y: number; width: number; height: number }
interface DomRange { setStart(node: unknown, offset: number): void; setEnd(node: unknown, offset: number): void; getBoundingClientRect(): DomRect }
interface BrowserGlobals {
  document: { createTreeWalker(root: unknown, show: number): { nextNode(): { textContent: string | null } | null }; createRange(): DomRange };
  NodeFilter: { SHOW_TEXT: number };
}

/** Runs in the page: the on-screen box of `target` in an editor line, or undefined. */
function measureWord(element: unknown, target: string): DomRect | undefined {
  const { document, NodeFilter } = globalThis as unknown as BrowserGlobals;
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const nodes: { node: unknown; start: number }[] = [];
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push({ node, start: text.length });
    text += node.textContent ?? '';
  }
  const start = text.replace(/\u00a0/g, ' ').indexOf(target);
  if (start < 0) {
    return undefined;
  }
  const at = (offset: number) => {
    const found = [...nodes].reverse().find((n) => n.start <= offset)!;
    return { node: found.node, offset: offset - found.start };
  };
  const range = document.createRange();
  const from = at(start);
  const to = at(start + target.length - 1);
  range.setStart(from.node, from.offset);
  range.setEnd(to.node, to.offset + 1);
  const rect = range.getBoundingClientRect();
  return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
}

/** Moves the mouse over `word` in the active editor and returns the hover's text. */
export async function hoverWord(page: Page, word: string): Promise<string> {
  // Only lines on screen: the DOM also keeps hidden editors, whose text measures as 0×0 at the top left.
  const lines = page.locator('.editor-group-container.active .editor-instance .view-lines .view-line', { hasText: word })
    .filter({ visible: true });
  await expectVisible(lines, `the word "${word}" in the editor`);
  // The word may span several token <span>s: measure it with a DOM Range over the line's text nodes,
  // until the editor has laid it out.
  let box: DomRect | undefined;
  for (const deadline = Date.now() + WAIT_MS; !box && Date.now() < deadline; await page.waitForTimeout(250)) {
    for (const line of await lines.all()) {
      const measured = await line.evaluate(measureWord, word).catch(() => undefined);
      if (measured && measured.width > 0 && measured.height > 0) {
        box = measured;
        break;
      }
    }
  }
  if (!box) {
    throw new Error(`expected on screen: the word "${word}" in the editor, laid out as one piece`);
  }
  const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
  await expectVisible(hover, `a hover over "${word}"`);
  // A provider still at work shows "Loading..." first; wait for its answer.
  const deadline = Date.now() + WAIT_MS;
  let text = await hover.first().innerText();
  while (/^\s*Loading/.test(text) && Date.now() < deadline) {
    await page.waitForTimeout(200);
    text = await hover.first().innerText();
  }
  return text;
}

/** Saves a PNG of the page under test-results/e2e/ (git-ignored); returns its path. */
export async function screenshot(page: Page, name: string, dir: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '').slice(0, 100)}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** What "Developer: Show Running Extensions" says about one extension's activation. */
export interface ActivationReport {
  /** e.g. "Activation: 27ms" (VS Code's code loading + activate call time), or "Startup Activation: …". */
  text: string;
  /** The number in `text`, in ms. */
  ms: number;
  /** The hover over that figure (the activation event and the detailed times). */
  details: string;
}

/**
 * Reads the activation time VS Code itself reports for an extension (by its display name), from the
 * Running Extensions editor. The extension must already be active.
 */
export async function readActivationTime(page: Page, displayName: string): Promise<ActivationReport> {
  // The editor's list only renders the rows in view; a tall page shows all of them.
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: viewport?.width ?? 1280, height: 2400 });
  await runCommand(page, 'Developer: Show Running Extensions');
  const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: displayName });
  await expectVisible(row, `"${displayName}" in the Running Extensions editor`);
  const time = row.first().locator('.activation-time');
  await expectVisible(time, `the activation time of "${displayName}" in the Running Extensions editor`);
  const text = (await time.innerText()).trim();
  const ms = Number(/([\d.]+)\s*ms/.exec(text)?.[1] ?? NaN);
  await time.hover();
  const hover = page.locator('.monaco-hover:not(.hidden), .workbench-hover');
  const details = await hover.first().waitFor({ state: 'visible', timeout: 5000 })
    .then(() => hover.first().innerText(), () => '');
  if (viewport) {
    await page.setViewportSize(viewport);
  }
  return { text, ms, details: details.trim() };
}

/** "Add Org with Session Id…" (`commandTitle`, as the palette shows it) for the session's emulator, until "Connected". */
export async function addEmulatorOrg(page: Page, commandTitle: string, emulator: { url: string; token: string }): Promise<void> {
  await runCommand(page, commandTitle);
  await expectVisible(page.locator('.quick-input-widget', { hasText: '1/2' }), 'the instance URL input');
  await quickInput(page).fill(emulator.url);
  await page.keyboard.press('Enter');
  await expectVisible(page.locator('.quick-input-widget', { hasText: '2/2' }), 'the session id input');
  await quickInput(page).fill(emulator.token);
  await page.keyboard.press('Enter');
  await waitForNotification(page, /Connected to 127\.0\.0\.1/);
}
