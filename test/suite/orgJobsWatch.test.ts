import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BulkJobsApi } from '../../src/extension';
import { Scheduler } from '../../src/schedule/scheduler';
import { Leases } from '../../src/storage/lease';
import { OrgJobNotifier, type ShowNotification } from '../../src/orgJobs/orgJobNotifier';
import { OrgJobsService } from '../../src/orgJobs/orgJobsService';
import { SharedOrgState } from '../../src/orgJobs/sharedOrgState';
import { SharedLists } from '../../src/orgJobs/sharedLists';
import { orgJobsLeaseName as leaseKey, orgJobsShownLeaseName as shownLeaseKey } from '../../src/storage/keys';
import { Emulator, startEmulator } from '../emulator';
import { liveLoadId } from '../emulator/seedOrg';
import { EXTENSION_ID } from './testEnv';

const MIN = 60_000;
const T0 = Math.floor(Date.now() / 1000) * 1000;

/** An emulator of its own (a small `orgSized` org on a manual clock), the extension's API, and the org added with its session id. */
async function orgOnEmulator(): Promise<{ emulator: Emulator; api: BulkJobsApi; orgJobs: OrgJobsService; orgKey: string }> {
  const emulator = await startEmulator({ seed: 'orgSized', orgSized: { count: 120, liveHours: 2 }, clock: 'manual', startTime: T0, pageSize: 1000 });
  const ext = vscode.extensions.getExtension<BulkJobsApi>(EXTENSION_ID);
  assert.ok(ext, 'extension not loaded');
  const api = await ext.activate();
  const orgKey = (await api.deps.orgs.addManual(emulator.url, emulator.token)).key;
  return { emulator, api, orgJobs: (await api.orgJobs()).service, orgKey };
}

/**
 * A watched org's new failure notifies once, in the real extension host: a manual-session org on
 * this suite's own emulator with the `orgSized` seed (a small one) on a manual clock, the real
 * service and notifier, the notifier's `show` replaced to see what is told. The integration user's
 * live loads: the k-th is created at t0 + 5 min × (k + 1), runs 2 minutes; every 7th (k = 6, 13…) fails.
 */
describe('Org Jobs watch: a new failure notifies once', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let api: BulkJobsApi;
  let orgJobs: OrgJobsService;
  let orgKey: string;
  let orgLabel: string;
  let realShow: ShowNotification;
  const shown: Array<{ severity: string; message: string; actions: readonly string[] }> = [];

  const at = (ms: number): void => emulator.clock.advance(T0 + ms - emulator.clock.now());
  const refresh = async (): Promise<void> => {
    await orgJobs.refresh(orgKey);
    assert.strictEqual(orgJobs.snapshot(orgKey).error, undefined);
  };

  before(async () => {
    ({ emulator, api, orgJobs, orgKey } = await orgOnEmulator());
    orgLabel = (await api.deps.orgs.get(orgKey))?.label ?? '';
    const notifier = orgJobs.deps.notifier;
    realShow = notifier.show;
    notifier.show = (severity, message, actions) => {
      shown.push({ severity, message, actions });
      return Promise.resolve(undefined);
    };
  });

  after(async () => {
    if (api) {
      orgJobs.deps.notifier.show = realShow;
      await orgJobs.setWatched(orgKey, false);
      for (const key of api.globalState.keys().filter((k) => k.startsWith(`bulkJobs.orgJobs.mute.${orgKey}|`))) {
        await api.globalState.update(key, undefined);
      }
      await api.deps.store.untrack({ orgKey, jobId: liveLoadId(13) });
      await api.deps.store.flush();
      await api.deps.orgs.removeManual(orgKey);
    }
    await emulator?.close();
  });

  it('tells nothing on the first list, then exactly one notification for the live load that failed, and not again', async () => {
    at(36 * MIN); // every seeded run finished, live load 6 running (35 → 37 min)
    await orgJobs.setWatched(orgKey, true);
    assert.strictEqual(orgJobs.isWatched(orgKey), true);
    await refresh();
    assert.strictEqual(shown.length, 0, `the first list is the baseline: ${JSON.stringify(shown)}`);
    assert.ok((orgJobs.snapshot(orgKey).jobs?.length ?? 0) > 100);
    assert.strictEqual(orgJobs.snapshot(orgKey).myUserId, emulator.userId);

    at(38 * MIN); // live load 6 failed at 37 min
    await refresh();
    assert.strictEqual(shown.length, 1, JSON.stringify(shown));
    assert.strictEqual(shown[0].severity, 'error');
    assert.strictEqual(shown[0].message, `The Bulk job Contact · upsert failed in ${orgLabel}`);
    assert.deepStrictEqual(shown[0].actions, ['Open Details', 'Track', "Don't Notify…"]);
    assert.strictEqual(orgJobs.nameOf(orgKey, orgJobs.snapshot(orgKey).jobs?.find((j) => j.id === liveLoadId(6))?.createdById), 'MuleSoft Integration');

    await refresh();
    assert.strictEqual(shown.length, 1, 'no second notification for the same job');
  });

  it('leaves a tracked job\'s failure to the tracked-job notifications', async () => {
    at(71 * MIN); // live loads 7–12 done since (7 and 11 with failed records), 13 running (70 → 72 min)
    await refresh();
    shown.length = 0;
    const ref = { orgKey, jobId: liveLoadId(13) };
    const entry = await api.deps.store.track(ref);
    assert.strictEqual(entry.lastError, undefined, entry.lastError?.message);

    at(73 * MIN);
    await refresh();
    assert.strictEqual(orgJobs.snapshot(orgKey).jobs?.find((j) => j.id === ref.jobId)?.state, 'Failed');
    assert.strictEqual(shown.length, 0, JSON.stringify(shown));
  });

  it('"Don\'t Notify…" for an object keeps that object\'s next failure quiet', async () => {
    const notifier = orgJobs.deps.notifier;
    const fake = notifier.show;
    const realPick = notifier.pick;
    const picks: string[] = [];
    notifier.show = (severity, message, actions) => {
      void fake(severity, message, actions);
      return Promise.resolve("Don't Notify…");
    };
    notifier.pick = (items) => {
      picks.push(...items.map((i) => i.label));
      return Promise.resolve(items.find((i) => i.label.startsWith('For this object')));
    };
    try {
      shown.length = 0;
      at(104 * MIN); // live loads 15 and 19 completed with failed records since
      await refresh();
      assert.strictEqual(shown.length, 1, JSON.stringify(shown));
      assert.ok(shown[0].message.startsWith(`2 Bulk jobs failed in ${orgLabel} in the last `), shown[0].message);
      assert.deepStrictEqual(shown[0].actions, ['Show', "Don't Notify…"]);
      const end = Date.now() + 5_000;
      while (!orgJobs.deps.shared.mutes(orgKey).objects.has('Contact')) {
        assert.ok(Date.now() < end, `no mute stored; picks offered: ${JSON.stringify(picks)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.deepStrictEqual(picks, ['For this object (Contact)', 'For this user (MuleSoft Integration)']);

      shown.length = 0;
      at(108 * MIN); // live load 20 failed at 107 min: a Contact load, muted
      await refresh();
      assert.strictEqual(orgJobs.snapshot(orgKey).jobs?.find((j) => j.id === liveLoadId(20))?.state, 'Failed');
      assert.strictEqual(shown.length, 0, JSON.stringify(shown));
    } finally {
      notifier.show = fake;
      notifier.pick = realPick;
    }
  });

  it('a restart between a failure and the next check: the new window tells it, once; the old one does not tell it again', async () => {
    at(110 * MIN);
    await refresh();
    shown.length = 0;
    const now = emulator.clock.now();
    emulator.jobs.create2({
      operation: 'insert', object: 'Account', createdAt: now, uploadCompleteAt: now + 1_000, startAt: now + 2_000, endAt: now + MIN,
      state: 'JobComplete', records: 100, failed: 4,
    });
    at(112 * MIN); // failed at 111 min; this window "closed" before its next check
    const scheduler = new Scheduler(() => emulator.clock.now());
    const restarted = new OrgJobsService({ ...orgJobs.deps, scheduler });
    try {
      await restarted.refresh(orgKey);
      assert.strictEqual(restarted.snapshot(orgKey).error, undefined);
      await refresh();
    } finally {
      restarted.dispose();
      scheduler.dispose();
    }
    assert.deepStrictEqual(shown.map((n) => n.message), [`The Bulk job Account · insert completed with 4 failed records in ${orgLabel}`]);
  });
});

/**
 * The background check, as another window of the same profile does it: a second `OrgJobsService` in
 * this extension host with the real deps (globalState, shared lists, client, settings), its own lease
 * (another window id), its own scheduler and a clock that follows the emulator's. Its view is never shown, so only the
 * schedule reads the org: a baseline, nothing before `backgroundMinutes`, then the failure, told once.
 * This window's service sees the org watched too, but not the lease, so it reads nothing.
 */
describe('Org Jobs watch: a hidden watched org is checked in the background by the window with the lease', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let api: BulkJobsApi;
  let orgJobs: OrgJobsService;
  let orgKey: string;
  let other: OrgJobsService;
  let leases: Leases;
  let scheduler: Scheduler;
  let notifier: OrgJobNotifier;
  /** The other windows' view of globalState, on their clock (the emulator's: ahead of this window's, which would ignore their stamps). */
  let otherShared: SharedOrgState;
  const shown: string[] = [];

  const at = (ms: number): void => emulator.clock.advance(T0 + ms - emulator.clock.now());
  const settled = async (what: string): Promise<void> => {
    const end = Date.now() + 10_000;
    while (other.snapshot(orgKey).refreshing) {
      assert.ok(Date.now() < end, `${what}: still reading`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const tick = async (what: string): Promise<void> => {
    await otherShared.noteFocus(emulator.clock.now()); // a window is focused
    other.tick();
    await settled(what);
  };

  before(async () => {
    ({ emulator, api, orgJobs, orgKey } = await orgOnEmulator());
    const label = (await api.deps.orgs.get(orgKey))?.label ?? orgKey;
    const now = (): number => emulator.clock.now();
    leases = new Leases(api.globalState, now, 'another-window');
    assert.ok(leases.acquire(leaseKey(orgKey)), 'the other window takes the org\'s lease first');
    otherShared = new SharedOrgState(api.globalState, now);
    const deps = { ...orgJobs.deps, shared: otherShared };
    notifier = new OrgJobNotifier({ settings: api.deps.settings, shared: otherShared, log: deps.log, orgLabel: async () => label, nameOf: (o, u) => other.nameOf(o, u) });
    notifier.show = (_severity, message) => {
      shown.push(message);
      return Promise.resolve(undefined);
    };
    scheduler = new Scheduler(now);
    other = new OrgJobsService({ ...deps, leases, scheduler, notifier, now });
  });

  after(async () => {
    other?.dispose();
    scheduler?.dispose();
    await leases?.release();
    if (api) {
      await orgJobs.setWatched(orgKey, false);
      await api.deps.orgs.removeManual(orgKey);
    }
    await emulator?.close();
  });

  it('reads a baseline, waits backgroundMinutes, then tells the failed load once; this window reads nothing', async () => {
    at(36 * MIN); // live load 6 running (35 → 37 min)
    await other.setWatched(orgKey, true);
    await tick('the first check');
    assert.ok((other.snapshot(orgKey).jobs?.length ?? 0) > 100, 'the baseline was read');
    assert.deepStrictEqual(shown, [], 'the baseline tells nothing');

    at(38 * MIN); // live load 6 failed at 37 min; the last check was 2 minutes ago
    emulator.clearLog();
    await tick('a tick before backgroundMinutes');
    assert.deepStrictEqual(emulator.log.map((e) => e.path), [], 'nothing is read before backgroundMinutes');

    at(41 * MIN + 1_000); // 5 minutes after the first check
    await tick('the second check');
    assert.deepStrictEqual(shown, [`The Bulk job Contact · upsert failed in ${(await api.deps.orgs.get(orgKey))?.label}`]);
    assert.ok(emulator.log.some((e) => e.path.includes('/jobs/ingest')), 'the second check read the list');

    await new Promise((r) => setTimeout(r, 6_000)); // more than one tick of this window's own timer
    const userinfo = emulator.log.filter((e) => e.path.includes('/oauth2/userinfo')).length;
    assert.strictEqual(orgJobs.snapshot(orgKey).jobs, undefined, 'this window, without the lease, read nothing');
    assert.strictEqual(userinfo, 0, 'no first read by this window');
  });

  it('a third window showing the org takes the list, refreshes it every refreshSeconds all the same, and gives the lease up once hidden', async () => {
    const now = (): number => emulator.clock.now();
    const thirdLeases = new Leases(api.globalState, now, 'third-window');
    const thirdScheduler = new Scheduler(now);
    const third = new OrgJobsService({ ...orgJobs.deps, shared: otherShared, leases: thirdLeases, scheduler: thirdScheduler, notifier, now });
    try {
      emulator.clearLog();
      third.setShown([orgKey], true); // the second check was a moment ago: its list is taken, not read again
      const end = Date.now() + 10_000;
      while (third.snapshot(orgKey).jobs === undefined) {
        assert.ok(Date.now() < end, 'the list of the window with the lease was not taken');
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.deepStrictEqual(emulator.log.map((e) => e.path), [], 'taken, not read');

      at(42 * MIN + 2_000); // refreshSeconds (60 s) after that check; live load 7 ended at 42 min with 17 failed records
      assert.ok(leases.acquire(leaseKey(orgKey)), 'the other window keeps its background lease (a real window renews it every 15 s)');
      third.tick();
      while (third.snapshot(orgKey).asOf !== emulator.clock.now() || third.snapshot(orgKey).refreshing) {
        assert.ok(Date.now() < end, 'the window showing the org did not refresh it at refreshSeconds');
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.strictEqual(thirdLeases.holder(shownLeaseKey(orgKey)), 'third-window', 'the lease of refreshes while shown');
      assert.strictEqual(leases.holder(leaseKey(orgKey)), 'another-window', 'the background lease stays where it was');
      assert.strictEqual(shown.at(-1), `The Bulk job Contact · upsert completed with 17 failed records in ${(await api.deps.orgs.get(orgKey))?.label}`);

      third.setShown([], false);
      third.tick();
      const gone = Date.now() + 5_000;
      while (thirdLeases.holder(shownLeaseKey(orgKey)) !== undefined) {
        assert.ok(Date.now() < gone, 'the lease of refreshes while shown was kept after the view was hidden');
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      third.dispose();
      thirdScheduler.dispose();
    }
  });

  it('a window that cannot read the shared list (a Remote window, say) reads the org itself at refreshSeconds, rather than wait for the others forever', async () => {
    const now = (): number => emulator.clock.now();
    const blocked = path.join(os.tmpdir(), `bj-blocked-${process.pid}`);
    fs.writeFileSync(blocked, ''); // a file where its global storage folder would be: no list can be read there
    const fourthLeases = new Leases(api.globalState, now, 'fourth-window');
    const fourthScheduler = new Scheduler(now);
    const fourth = new OrgJobsService({
      ...orgJobs.deps, shared: otherShared, lists: new SharedLists(path.join(blocked, 'orgJobs')), leases: fourthLeases, scheduler: fourthScheduler, notifier, now,
    });
    const readAt = async (t: number, what: string): Promise<void> => {
      const end = Date.now() + 10_000;
      while (fourth.snapshot(orgKey).asOf !== t || fourth.snapshot(orgKey).refreshing) {
        assert.ok(Date.now() < end, what);
        fourth.tick();
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      at(50 * MIN);
      await otherShared.noteRefresh(orgKey, emulator.clock.now()); // another window just refreshed it
      fourth.setShown([orgKey], true);
      await readAt(emulator.clock.now(), 'the list could not be taken, and the org was not read instead');
      for (const minutes of [52, 54]) {
        at(minutes * MIN);
        await otherShared.noteRefresh(orgKey, emulator.clock.now() - 1_000); // the other window keeps refreshing it
        await readAt(emulator.clock.now(), `no read of its own at ${minutes} min: waiting for a list it cannot take`);
      }
    } finally {
      fourth.dispose();
      fourthScheduler.dispose();
      fs.rmSync(blocked, { force: true });
    }
  });
});
