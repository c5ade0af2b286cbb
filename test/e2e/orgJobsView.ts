import { Locator, Page } from 'playwright-core';
import { nls } from './jobsView';
import { expectVisible, openViewContainer, showView, WAIT_MS } from './workbench';

/**
 * The Org Jobs view (the second view of the Bulk Jobs container) as the UI tests read and drive it:
 * its group rows and counts, message line and description, title-bar actions, the filter's quick
 * picks, and notification toasts with their buttons.
 */

/** The group labels, in the view's order, without their counts. */
export const GROUPS = ['Running', 'Failed or with failed records', 'Waiting for data', 'Completed'] as const;
export type GroupName = (typeof GROUPS)[number];
const GROUP_ROW = new RegExp(`^(${GROUPS.join('|')}) \\(([\\d,]+)\\)`);

/** Shows the Bulk Jobs container and expands the Org Jobs view; returns its pane. */
export async function showOrgJobs(page: Page): Promise<Locator> {
  await openViewContainer(page, nls('viewsContainers.bulkJobs.title'));
  return showView(page, nls('views.orgJobs.name'));
}

/**
 * Every row of the view's tree as read on screen, top to bottom. The list only renders the rows in
 * view, so it is scrolled through (by the mouse wheel) and the rows gathered by their index.
 */
export async function allRows(pane: Locator): Promise<string[]> {
  const page = pane.page();
  const list = pane.locator('.monaco-list').first();
  const rows = new Map<number, string>();
  const gather = async (): Promise<number> => {
    const before = rows.size;
    for (const row of await list.locator('.monaco-list-row').all()) {
      const index = Number(await row.getAttribute('data-index').catch(() => NaN));
      const text = await row.innerText().catch(() => undefined);
      if (Number.isFinite(index) && text !== undefined) {
        rows.set(index, text.replace(/\s*\n\s*/g, ' ').trim());
      }
    }
    return rows.size - before;
  };
  const box = await list.boundingBox();
  if (box) {
    await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 40));
    await scrollToTop(pane);
    // Down while the wheel brings new rows, then back to the top. A busy window may draw a step late:
    // the end is taken as reached only after three steps in a row, each waited for longer, bring none.
    for (let step = 0, idle = 0; step < 200; step++) {
      idle = (await gather()) > 0 ? 0 : idle + 1;
      if (idle === 3) {
        break;
      }
      await page.mouse.wheel(0, 400);
      await page.waitForTimeout(150 * 2 ** idle);
    }
    await scrollToTop(pane);
    await page.mouse.move(box.x + box.width + 400, box.y + box.height / 2); // no row hover left on screen
  } else {
    await gather();
  }
  return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
}

/** Wheels the tree up until its first row is at the top of the list (the pointer must be over the list). */
async function scrollToTop(pane: Locator): Promise<void> {
  const list = pane.locator('.monaco-list').first();
  const first = list.locator('.monaco-list-row[data-index="0"]');
  const atTop = async (): Promise<boolean> => {
    const [row, top] = await Promise.all([first.boundingBox({ timeout: 500 }).catch(() => null), list.boundingBox()]);
    return row !== null && top !== null && row.y >= top.y - 1;
  };
  for (let step = 0; step < 100 && !(await atTop()); step++) {
    await pane.page().mouse.wheel(0, -1_000);
    await pane.page().waitForTimeout(100);
  }
}

/** The group rows' counts ("Running (3)" → Running: 3), in the order shown. */
export function groupCounts(rows: readonly string[]): Map<GroupName, number> {
  const counts = new Map<GroupName, number>();
  for (const text of rows) {
    const m = GROUP_ROW.exec(text);
    if (m) {
      counts.set(m[1] as GroupName, Number(m[2].replace(/,/g, '')));
    }
  }
  return counts;
}

/** Waits until the view shows its four groups and `ok` holds for their counts; returns them. */
export async function waitForGroups(pane: Locator, what: string, ok: (counts: Map<GroupName, number>) => boolean = () => true, timeout = 60_000): Promise<Map<GroupName, number>> {
  const deadline = Date.now() + timeout;
  let rows: string[] = [];
  while (Date.now() < deadline) {
    rows = await allRows(pane);
    const counts = groupCounts(rows);
    if (counts.size === GROUPS.length && ok(counts)) {
      return counts;
    }
    await pane.page().waitForTimeout(1_000);
  }
  const groups = rows.filter((text) => GROUP_ROW.test(text));
  throw new Error(`expected on screen: ${what} (the Org Jobs view shows the groups ${JSON.stringify(groups)} in ${rows.length} rows: ${JSON.stringify(rows.slice(0, 6))}…)`);
}

/** The view's message line ("as of 12:03 · 306 jobs · API 12/15,000"), once it reads as `pattern`. */
export async function waitForMessage(pane: Locator, pattern: RegExp, timeout = WAIT_MS): Promise<string> {
  const message = pane.locator('.message');
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (await message.first().innerText({ timeout: 1_000 }).catch(() => '')).trim();
    if (pattern.test(last)) {
      return last;
    }
    await pane.page().waitForTimeout(500);
  }
  throw new Error(`expected on screen: the Org Jobs message line reading ${String(pattern)} (it reads ${JSON.stringify(last)})`);
}

/** The view's description in its header ("filter: Account"), '' when it has none. */
export async function viewDescription(pane: Locator): Promise<string> {
  const description = pane.locator('.pane-header .description').first();
  return (await description.textContent({ timeout: 2_000 }).catch(() => null))?.trim() ?? '';
}

/** Waits until the view's description matches. */
export async function waitForDescription(pane: Locator, pattern: RegExp, timeout = WAIT_MS): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = await viewDescription(pane);
    if (pattern.test(last)) {
      return last;
    }
    await pane.page().waitForTimeout(250);
  }
  throw new Error(`expected on screen: the Org Jobs view's description reading ${String(pattern)} (it reads ${JSON.stringify(last)})`);
}

/**
 * Clicks one of the view's title-bar actions by its title ("Filter Org Jobs…"). The header shows its
 * actions while the pointer is over it; an action that does not fit is under "More Actions…".
 */
export async function clickTitleAction(pane: Locator, title: string): Promise<void> {
  const page = pane.page();
  const header = pane.locator('.pane-header').first();
  await header.hover();
  const action = header.locator(`.actions .action-label[aria-label^="${title}"]`).first();
  if (await action.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) {
    await action.click();
    return;
  }
  await header.locator('.actions .action-label.codicon-toolbar-more, .actions .action-label[aria-label*="More Actions"]').first().click();
  const item = page.locator('.context-view .action-item', { hasText: title }).first();
  await expectVisible(item, `"${title}" in the Org Jobs view's title bar or its "More Actions…" menu`);
  await item.hover();
  await page.keyboard.press('Enter');
}

/** The title-bar action with this title is on screen (e.g. "Watch This Org" until the org is watched). */
export async function hasTitleAction(pane: Locator, title: string): Promise<boolean> {
  const header = pane.locator('.pane-header').first();
  await header.hover();
  return header.locator(`.actions .action-label[aria-label^="${title}"]`).first().isVisible();
}

/** Picks the row of the open quick pick whose label is `label` (exactly, or starting with it). */
export async function pick(page: Page, label: string, what: string): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^\\s*(\\$\\([\\w-]+\\)\\s*)?${escapeRegExp(label)}`) }) }).first();
  await expectVisible(row, `"${label}" in the quick pick (${what})`);
  await row.click();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A notification toast on screen: its message, its buttons, and the toast itself to act on. */
export interface Toast {
  message: string;
  buttons: string[];
  toast: Locator;
}

/** Waits for a toast whose message matches; returns its message and buttons. */
export async function waitForToast(page: Page, text: RegExp, timeout = WAIT_MS): Promise<Toast> {
  const toast = page.locator('.notifications-toasts .notification-toast', { has: page.locator('.notification-list-item-message', { hasText: text }) }).first();
  await expectVisible(toast, `a notification saying ${String(text)}`, timeout);
  const message = (await toast.locator('.notification-list-item-message').first().innerText()).trim();
  const buttons = (await toast.locator('.notification-list-item-buttons-container .monaco-button').allInnerTexts()).map((b) => b.trim());
  return { message, buttons, toast };
}

/** Clicks a button of a toast (the toast is hovered first, as a person does). */
export async function clickToastButton(toast: Toast, label: string): Promise<void> {
  await toast.toast.hover();
  await toast.toast.locator('.notification-list-item-buttons-container .monaco-button', { hasText: label }).first().click();
}
