import * as os from 'os';
import * as vscode from 'vscode';
import type { BulkClient } from '../salesforce/bulkClient';
import { ApiUsage } from '../salesforce/types';
import type { Settings } from '../settings';
import type { CliOrg } from './cli/cliParse';
import type { CliOrgs } from './cli/cliOrgs';
import { cliAuthFolder, watchCliAuth } from './cli/cliAuthWatch';
import { OrgError } from './connectionErrors';
import { isManualOrgKey, manualOrgKey, orgKeyLabel } from './orgKey';
import { DEFAULT_ORG_KEY, MANUAL_ORGS_KEY, SESSION_SECRET_PREFIX } from '../storage/keys';

export interface OrgConnection {
  /** Stable: the username (CLI) or `manual:<instanceUrl>`. */
  key: string;
  /** Alias or username, for display. */
  label: string;
  username?: string;
  instanceUrl: string;
  source: 'cli' | 'manual';
}

interface ManualOrg {
  key: string;
  label: string;
  instanceUrl: string;
}

/** The `when` context key of the Jobs view's welcome content. */
const HAS_ORGS_CONTEXT = 'bulkJobs.hasOrgs';

/** The chunks the registry loads on first use (`chunks.ts`): the Salesforce client, the CLI's org list. */
export interface RegistryChunks {
  api(): Promise<{ BulkClient: typeof BulkClient }>;
  cli(): Promise<{ CliOrgs: typeof CliOrgs }>;
}

/**
 * Where orgs and their tokens come from: the Salesforce CLI (asked lazily through `CliOrgs`, answers
 * cached in memory) and manual sessions (URL in globalState, token in SecretStorage only), with the
 * workspace's default org and a Bulk API client per org. Data only: choosing an org is in `picker.ts`.
 * Never calls the CLI or the network from its constructor.
 */
export class OrgRegistry implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  /** Made on first use, when its code is loaded (`chunks.cli`). */
  private cliOrgs: CliOrgs | undefined;
  /** Orgs with an instance URL in the last `sf org list`; undefined until the CLI answered. */
  private cliOrgCount: number | undefined;
  /** Last value given to the `bulkJobs.hasOrgs` context. */
  private hasOrgs: boolean | undefined;
  private readonly tokens = new Map<string, Promise<string>>();
  private readonly clients = new Map<string, { client: BulkClient; apiVersion: string }>();
  private readonly settingsListener: vscode.Disposable;
  private readonly secretsListener: vscode.Disposable;
  private authWatch: { dispose(): void } | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly settings: Settings,
    private readonly chunks: RegistryChunks,
  ) {
    this.settingsListener = settings.onDidChange((change) => {
      if (change.affects('cliPath') || change.affects('apiVersion')) {
        this.reloadCli();
      }
    });
    // A session id stored or removed, in this window or another (the event fires in every window):
    // drop the client holding the old token, and say so (the poller tries jobs stopped for their session again).
    this.secretsListener = context.secrets.onDidChange((e) => {
      if (e.key.startsWith(SESSION_SECRET_PREFIX)) {
        this.forget(e.key.slice(SESSION_SECRET_PREFIX.length));
        this.changed.fire();
      }
    });
  }

  dispose(): void {
    this.settingsListener.dispose();
    this.secretsListener.dispose();
    this.authWatch?.dispose();
    this.changed.dispose();
  }

  /** The last reason the CLI gave no orgs (e.g. not installed), for the welcome view and messages. */
  get lastCliProblem(): OrgError | undefined {
    return this.cliOrgs?.lastProblem;
  }

  /** True once the CLI was asked for its orgs (the answer may still be on its way). */
  get cliAsked(): boolean {
    return this.cliOrgs?.asked ?? false;
  }

  /** CLI orgs (cached) and manual ones. A missing or failing CLI just contributes none. */
  async list(): Promise<OrgConnection[]> {
    const cli = await this.cli().then((c) => c.list()).catch(() => [] as CliOrg[]);
    const fromCli: OrgConnection[] = cli.filter((o) => o.instanceUrl).map((o) => ({
      key: o.username, label: o.alias ?? o.username, username: o.username, instanceUrl: o.instanceUrl!, source: 'cli',
    }));
    const manual: OrgConnection[] = this.manualOrgs().map((m) => ({ key: m.key, label: m.label, instanceUrl: m.instanceUrl, source: 'manual' }));
    return [...fromCli, ...manual];
  }

  async get(key: string): Promise<OrgConnection | undefined> {
    return (await this.list()).find((o) => o.key === key);
  }

  /** The org chosen for this workspace, else the project's default org, else the CLI's, else the only one. */
  async getDefault(): Promise<OrgConnection | undefined> {
    const orgs = await this.list();
    const chosen = this.context.workspaceState.get<string>(DEFAULT_ORG_KEY);
    const byChoice = chosen ? orgs.find((o) => o.key === chosen) : undefined;
    if (byChoice) {
      return byChoice;
    }
    const cliDefault = await (await this.cli()).defaultUsername();
    const byCli = cliDefault ? orgs.find((o) => o.source === 'cli' && o.key === cliDefault) : undefined;
    return byCli ?? (orgs.length === 1 ? orgs[0] : undefined);
  }

  async setDefault(key: string | undefined): Promise<void> {
    await this.context.workspaceState.update(DEFAULT_ORG_KEY, key);
    this.changed.fire();
  }

  /** A Bulk API client for the org; its token comes from the CLI or SecretStorage, refreshed once when rejected. */
  async clientFor(key: string): Promise<BulkClient> {
    const apiVersion = this.settings.apiVersion();
    const cached = this.clients.get(key);
    if (cached && cached.apiVersion === apiVersion) {
      return cached.client;
    }
    const org = await this.get(key);
    if (!org) {
      // A CLI org is missing because the CLI is (e.g. not installed): say that, not "unknown org".
      const cliProblem = isManualOrgKey(key) ? undefined : this.cliOrgs?.lastProblem;
      throw cliProblem ?? new OrgError('unknownOrg',
        vscode.l10n.t('Org {0} is no longer known: log in again with `sf org login web --alias ALIAS`, or add it with a session id.', orgKeyLabel(key)), key);
    }
    const { BulkClient } = await this.chunks.api();
    const client = new BulkClient({
      instanceUrl: org.instanceUrl,
      apiVersion,
      orgLabel: org.label,
      timeoutMs: this.settings.requestTimeoutMs(),
      getAccessToken: (refresh) => this.token(org, refresh),
      log: (level, message) => this.log[level](`[api ${org.label}] ${message}`),
    });
    this.clients.set(key, { client, apiVersion });
    return client;
  }

  lastApiUsage(key: string): ApiUsage | undefined {
    return this.clients.get(key)?.client.lastApiUsage;
  }

  /** Forgets what the CLI said (orgs, tokens): the next use asks again. */
  reloadCli(): void {
    this.cliOrgs?.reload();
    for (const key of [...this.tokens.keys()]) {
      if (!isManualOrgKey(key)) {
        this.tokens.delete(key);
      }
    }
    this.clients.clear();
    this.changed.fire();
  }

  // ---- manual orgs -------------------------------------------------------------------------

  manualOrgs(): ManualOrg[] {
    const raw = this.context.globalState.get<unknown>(MANUAL_ORGS_KEY);
    return Array.isArray(raw)
      ? raw.filter((m): m is ManualOrg => typeof m?.key === 'string' && typeof m?.instanceUrl === 'string' && typeof m?.label === 'string')
      : [];
  }

  /**
   * Checks the session id with one request, then keeps it (SecretStorage) and the URL (globalState).
   * Throws the request's error (a `BulkApiError`) when the check fails; nothing is stored then.
   */
  async addManual(instanceUrl: string, token: string, signal?: AbortSignal): Promise<OrgConnection> {
    const key = manualOrgKey(instanceUrl);
    const label = new URL(instanceUrl).host;
    const { BulkClient } = await this.chunks.api();
    const probe = new BulkClient({
      instanceUrl,
      apiVersion: this.settings.apiVersion(),
      orgLabel: label,
      timeoutMs: this.settings.requestTimeoutMs(),
      maxRetries: 0,
      getAccessToken: async (refresh) => {
        if (refresh) {
          throw new OrgError('tokenRejected', vscode.l10n.t('{0} rejected this session id. Copy a current one and try again.', label), key, label);
        }
        return token;
      },
    });
    await probe.listJobs({ limit: 1, signal });
    await this.context.secrets.store(SESSION_SECRET_PREFIX + key, token);
    const others = this.manualOrgs().filter((m) => m.key !== key);
    await this.context.globalState.update(MANUAL_ORGS_KEY, [...others, { key, label, instanceUrl }]);
    this.forget(key);
    this.log.info(`[orgs] added ${label} (session id)`);
    this.orgsChanged();
    return { key, label, instanceUrl, source: 'manual' };
  }

  async removeManual(key: string): Promise<void> {
    await this.context.secrets.delete(SESSION_SECRET_PREFIX + key);
    await this.context.globalState.update(MANUAL_ORGS_KEY, this.manualOrgs().filter((m) => m.key !== key));
    this.forget(key);
    if (this.context.workspaceState.get<string>(DEFAULT_ORG_KEY) === key) {
      await this.context.workspaceState.update(DEFAULT_ORG_KEY, undefined);
    }
    this.orgsChanged();
  }

  private async cli(): Promise<CliOrgs> {
    if (!this.cliOrgs) {
      const { CliOrgs } = await this.chunks.cli();
      this.cliOrgs ??= new CliOrgs(() => this.settings.cliPath(), this.log, (orgs) => this.cliListed(orgs));
      // A login with the CLI, in our login terminal or any other: read the orgs and tokens again, so
      // that jobs stopped for an expired session come back (the poller listens to onDidChange).
      const cliOrgs = this.cliOrgs;
      this.authWatch ??= watchCliAuth(cliAuthFolder(os.homedir()), () => {
        this.log.info('[orgs] the Salesforce CLI\'s logins changed; asking it again');
        this.reloadCli();
      }, { quietMs: 2_000, minGapMs: 30_000, ours: () => cliOrgs.busy() });
    }
    return this.cliOrgs;
  }

  // ---- tokens ------------------------------------------------------------------------------

  private forget(key: string): void {
    this.tokens.delete(key);
    this.clients.delete(key);
  }

  private token(org: OrgConnection, refresh: boolean): Promise<string> {
    const cached = this.tokens.get(org.key);
    if (cached && !refresh) {
      return cached;
    }
    const fresh = (org.source === 'manual' ? this.manualToken(org, refresh) : this.cli().then((c) => c.accessToken(org, refresh)))
      .catch((e: unknown) => {
        if (this.tokens.get(org.key) === fresh) {
          this.tokens.delete(org.key);
        }
        throw e;
      });
    this.tokens.set(org.key, fresh);
    return fresh;
  }

  private async manualToken(org: OrgConnection, refresh: boolean): Promise<string> {
    if (refresh) {
      throw new OrgError('tokenRejected',
        vscode.l10n.t('The session id for {0} has expired or was revoked. Enter a new one with “Add Org with Session Id…”.', org.label), org.key, org.label);
    }
    const token = await this.context.secrets.get(SESSION_SECRET_PREFIX + org.key);
    if (!token) {
      throw new OrgError('tokenRejected', vscode.l10n.t('No session id is stored for {0}. Enter one with “Add Org with Session Id…”.', org.label), org.key, org.label);
    }
    return token;
  }

  // ---- whether there is any org ------------------------------------------------------------

  private cliListed(orgs: readonly CliOrg[]): void {
    this.cliOrgCount = orgs.filter((o) => o.instanceUrl).length;
    this.publishHasOrgs();
  }

  private orgsChanged(): void {
    this.publishHasOrgs();
    this.changed.fire();
  }

  /**
   * A first `bulkJobs.hasOrgs` for the welcome content, from what is known without asking the CLI: a
   * manual org, a chosen default org, or tracked jobs (which name an org). The CLI's answer corrects it.
   */
  publishFirstGuess(trackedJobs: number): void {
    this.hasOrgs = this.manualOrgs().length > 0 || trackedJobs > 0 || this.context.workspaceState.get(DEFAULT_ORG_KEY) !== undefined;
    void vscode.commands.executeCommand('setContext', HAS_ORGS_CONTEXT, this.hasOrgs);
  }

  /** Sets `bulkJobs.hasOrgs` when the org list changed it; not before the CLI answered unless a manual org exists. */
  private publishHasOrgs(): void {
    const has = this.manualOrgs().length > 0 || (this.cliOrgCount ?? 0) > 0;
    if ((has || this.cliOrgCount !== undefined) && has !== this.hasOrgs) {
      this.hasOrgs = has;
      void vscode.commands.executeCommand('setContext', HAS_ORGS_CONTEXT, has);
    }
  }
}
