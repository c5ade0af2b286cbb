import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { vsixEntries, vsixPath } from '../host/extension';
import { hostPaths } from '../host/hostPaths';
import { findInPalette, notifications, openViewContainer, showView, welcomeContent } from './workbench';

/** Contributed titles, as package.nls.json spells them (what the person sees). */
function nls(key: string): string {
  const table = JSON.parse(fs.readFileSync(path.join(hostPaths.repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const value = table[key];
  assert.ok(value, `package.nls.json has no "${key}"`);
  return value;
}

describe('the Bulk Jobs view in VS Code (packaged .vsix)', () => {
  it('packages only what the extension needs at run time (.vscodeignore)', () => {
    const files = vsixEntries(vsixPath).filter((name) => name.startsWith('extension/')).map((name) => name.slice('extension/'.length));
    const allowed = /^(dist\/[\w.-]+\.js|media\/.+|l10n\/.+|package\.json|package\.nls(\.[\w-]+)?\.json|readme\.md|LICENSE\.txt|changelog\.md)$/;
    assert.deepStrictEqual(files.filter((file) => !allowed.test(file)), [], 'the .vsix holds files it does not need');
    assert.ok(files.includes('dist/extension.js'), `the .vsix lacks dist/extension.js: ${JSON.stringify(files)}`);
  });

  it('appears in the activity bar and shows its welcome content', async function () {
    const page = await this.e2e.openWorkbench();
    await openViewContainer(page, nls('viewsContainers.bulkJobs.title'));
    const pane = await showView(page, nls('views.jobs.name'));
    const lines = await welcomeContent(pane, 'the welcome content of the Jobs view');
    // No org is connected in the test host (its HOME has no Salesforce CLI logins): the first welcome text shows.
    const contents = nls('viewsWelcome.jobs.contents');
    const firstLine = contents.split('\n')[0];
    const buttons = [...contents.matchAll(/^\[([^\]]+)\]\(command:[^)]*\)$/gm)].map((match) => match[1]);
    assert.ok(buttons.length > 0, 'the welcome content should offer at least one button');
    assert.strictEqual(lines[0], firstLine, `the Jobs view should start with "${firstLine}"; it shows ${JSON.stringify(lines)}`);
    const buttonTexts = await pane.locator('.welcome-view-content .monaco-button').allInnerTexts();
    for (const button of buttons) {
      assert.ok(buttonTexts.includes(button), `the Jobs view should show a "${button}" button; it shows ${JSON.stringify(buttonTexts)}`);
    }
  });

  it('lists its command in the palette and runs it without an error', async function () {
    const page = await this.e2e.openWorkbench();
    const title = `${nls('category')}: ${nls('command.lookupJob')}`;
    const row = await findInPalette(page, title);
    await row.click();
    await page.waitForTimeout(2000);
    const errors = (await notifications(page)).filter((text) => /not found|error|failed/i.test(text));
    assert.deepStrictEqual(errors, [], `running "${title}" should not show an error notification`);
  });
});
