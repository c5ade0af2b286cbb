import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BulkJobsApi } from '../../src/extension';
import type { JobRef } from '../../src/job/jobRef';
import { finishMessage } from '../../src/tracked/notifications';
import { OrgJobNotifier } from '../../src/orgJobs/orgJobNotifier';
import { SharedOrgState } from '../../src/orgJobs/sharedOrgState';
import { startEmulator, type Emulator } from '../emulator';
import { bulkJobsApi } from './panelHelpers';

/** VS Code's own rule for links in a notification's message (`vs/base/common/linkedText.ts`, `LINK_REGEX`). */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
/** VS Code's rule for theme icons in quick pick labels (`vs/base/common/iconLabels.ts`): an escaped one is text. */
const VSCODE_ICON = /(\\)?\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g;
const LINK_TEXT = '[x](command:workbench.action.terminal.new)';
const links = (text: string): string[] => [...text.matchAll(VSCODE_LINK)].map((m) => m[0]);
const icons = (text: string): string[] => [...text.matchAll(VSCODE_ICON)].filter((m) => m[1] === undefined).map((m) => m[2]);

/**
 * Server text never becomes a link or an icon: a job that failed on the emulator with an `errorMessage`
 * that would be a command link in a notification, read by the real store, and what the extension hands
 * to `showErrorMessage` for a tracked job, and for a watched org (the Org Jobs notifier, its `show` and
 * `pick` replaced to see them) whose label is a link, with an object and a submitter named `$(…)`.
 */
describe('Escaped server text: an errorMessage with a command link', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let api: BulkJobsApi;
  let ref: JobRef | undefined;

  before(async () => {
    emulator = await startEmulator({ seed: 'empty', clock: 'manual' });
    api = await bulkJobsApi();
  });

  after(async () => {
    if (api && ref) {
      await api.deps.store.untrack(ref);
      await api.deps.orgs.removeManual(ref.orgKey);
    }
    await emulator?.close();
  });

  it('a tracked job\'s failure is told as text: the notification carries no link', async () => {
    const orgKey = (await api.deps.orgs.addManual(emulator.url, emulator.token)).key;
    const now = emulator.clock.now();
    const jobId = emulator.jobs.create2({ operation: 'insert', object: 'Account', createdAt: now - 60_000, state: 'Failed', errorMessage: LINK_TEXT, records: 10 });
    ref = { orgKey, jobId };
    const entry = await api.deps.store.track(ref);
    assert.strictEqual(entry.lastError, undefined, entry.lastError?.message);
    assert.strictEqual(entry.job?.errorMessage, LINK_TEXT, 'the emulator sends the text as it is');
    assert.strictEqual(links(LINK_TEXT).length, 1, 'the text is a link as it is');

    const { text, severity } = finishMessage(entry);
    assert.strictEqual(severity, 'error');
    assert.deepStrictEqual(links(text), [], text);
    assert.ok(text.includes('[x] (command:workbench.action.terminal.new)'), text);
  });

  it('a watched org\'s failure is told as text, and its "Don\'t Notify…" pick shows $(…) as text', async () => {
    assert.ok(ref?.jobId, 'the first test tracked the job');
    const job = { ...api.deps.store.get(ref)!.job!, object: '$(alert)Account', createdById: '005EM0000000001YAA' };
    const shown: string[] = [];
    const picks: string[] = [];
    const notifier = new OrgJobNotifier({
      settings: api.deps.settings, shared: new SharedOrgState(api.globalState, Date.now), log: api.deps.log,
      orgLabel: async () => '[acme](https://evil.example)', nameOf: () => '$(verified) Mallory',
    });
    const dontNotify = vscode.l10n.t("Don't Notify…");
    let picked: Promise<void> | undefined;
    notifier.show = (_severity, message, actions) => {
      shown.push(message);
      assert.ok(actions.includes(dontNotify), actions.join(', '));
      return Promise.resolve(dontNotify);
    };
    notifier.pick = (items) => {
      picks.push(...items.map((i) => i.label));
      picked = Promise.resolve();
      return Promise.resolve(undefined);
    };
    await notifier.notify(ref.orgKey, [{ kind: 'failed', job }], 60_000);
    const end = Date.now() + 5_000;
    while (picked === undefined) {
      assert.ok(Date.now() < end, 'the pick was not shown');
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.strictEqual(shown.length, 1);
    assert.deepStrictEqual(links(shown[0]), [], shown[0]);
    assert.strictEqual(links('The Bulk job failed in [acme](https://evil.example)').length, 1, 'the org\'s label is a link as it is');
    assert.ok(shown[0].includes('[acme] (https://evil.example)'), shown[0]);
    assert.strictEqual(picks.length, 2, picks.join(' | '));
    for (const label of picks) {
      assert.deepStrictEqual(icons(label), [], label);
    }
    assert.ok(picks.some((l) => l.includes('\\$(verified) Mallory')), picks.join(' | '));
  });
});
