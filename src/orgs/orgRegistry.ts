import * as vscode from 'vscode';
import { BulkClient } from '../api/bulkClient';
import { isBulkApiError } from '../api/errors';
import { ApiUsage, BulkApi } from '../api/types';
import { Settings, workspaceSettings } from '../deps';
import {
  CliOrg, CliOutputError, connectedProblem, findProjectDefaultOrg, matchOrg, parseAccessToken, parseOrgDisplay, parseOrgList,
} from './cliParse';
import { OrgError } from './errors';
import { CliRunError, runCli } from './cliRunner';

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

const MANUAL_ORGS_KEY = 'bulkJobs.manualOrgs';
const DEFAULT_ORG_KEY = 'bulkJobs.defaultOrg';
const SECRET_PREFIX = 'bulkJobs.session:';
const CLI_TIMEOUT_MS = 30_000;
/** How long a failed `sf org list` is remembered before the CLI is asked again. */
const CLI_RETRY_MS = 30_000;
export const CLI_INSTALL_URL = 'https://developer.salesforce.com/tools/salesforcecli';

export function manualOrgKey(instanceUrl: string): string {
  return `manual:${instanceUrl}`;
}

/**
 * Where orgs and their tokens come from: the Salesforce CLI (asked lazily, answers cached in
 * memory) and manual sessions (URL in globalState, token in SecretStorage only). Never calls the
 * CLI or the network from its constructor.
 */
export class OrgRegistry implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  private cliOrgs: Promise<CliOrg[]> | undefined;
  /** Why the CLI could not list orgs the last time, if it could not. */
  private cliProblem: OrgError | undefined;
  private readonly tokens = new Map<string, Promise<string>>();
  private readonly clients = new Map<string, { client: BulkApi; apiVersion: string }>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly settings: Settings = workspaceSettings(),
  ) {
    this.configListener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bulkJobs.cliPath') || e.affectsConfiguration('bulkJobs.apiVersion')) {
        this.reloadCli();
      }
    });
  }

  private readonly configListener: vscode.Disposable;

  dispose(): void {
    this.configListener.dispose();
    this.changed.dispose();
  }

  /** The last reason the CLI gave no orgs (e.g. not installed), for the welcome view and messages. */
  get lastCliProblem(): OrgError | undefined {
    return this.cliProblem;
  }

  /** CLI orgs (cached) and manual ones. A missing or failing CLI just contributes none. */
  async list(): Promise<OrgConnection[]> {
    const cli = await this.cliOrgList().catch(() => [] as CliOrg[]);
    const fromCli: OrgConnection[] = cli.filter((o) => o.instanceUrl).map((o) => ({
      key: o.username, label: o.alias ?? o.username, username: o.username, instanceUrl: o.instanceUrl!, source: 'cli',
    }));
    const manual: OrgConnection[] = this.manualOrgs().map((m) => ({ key: m.key, label: m.label, instanceUrl: m.instanceUrl, source: 'manual' }));
    const all = [...fromCli, ...manual];
    void vscode.commands.executeCommand('setContext', 'bulkJobs.hasOrgs', all.length > 0);
    return all;
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
    const cliOrgs = orgs.filter((o) => o.source === 'cli').map((o) => ({ ...o, username: o.username!, alias: o.label }));
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') {
        continue;
      }
      const project = findProjectDefaultOrg(folder.uri.fsPath);
      const match = project ? matchOrg(cliOrgs, project.org) : undefined;
      if (match) {
        return orgs.find((o) => o.key === match.username);
      }
      if (project) {
        this.log.warn(`[orgs] ${project.source} names ${project.org}, which the Salesforce CLI does not know`);
      }
    }
    const cliDefault = (await this.cliOrgList().catch(() => [] as CliOrg[])).find((o) => o.isDefault);
    if (cliDefault) {
      return orgs.find((o) => o.key === cliDefault.username);
    }
    return orgs.length === 1 ? orgs[0] : undefined;
  }

  async setDefault(key: string | undefined): Promise<void> {
    await this.context.workspaceState.update(DEFAULT_ORG_KEY, key);
    this.changed.fire();
  }

  /** The only org, or the user's choice among several (the default first); undefined if cancelled or none. */
  async pickOrg(options: { placeHolder?: string; exclude?: string[] } = {}): Promise<OrgConnection | undefined> {
    const orgs = await this.withCliProgress(() => this.list());
    const candidates = orgs.filter((o) => !options.exclude?.includes(o.key));
    if (candidates.length === 0) {
      await this.explainNoOrg();
      return undefined;
    }
    if (candidates.length === 1) {
      return candidates[0];
    }
    const def = await this.getDefault();
    const sorted = [...candidates].sort((a, b) => Number(b.key === def?.key) - Number(a.key === def?.key));
    const picked = await vscode.window.showQuickPick(sorted.map((o) => ({
      label: o.label,
      description: [o.username !== o.label ? o.username : undefined, o.key === def?.key ? vscode.l10n.t('default') : undefined]
        .filter(Boolean).join(' · '),
      detail: o.source === 'manual' ? vscode.l10n.t('{0} · session id', o.instanceUrl) : vscode.l10n.t('{0} · Salesforce CLI', o.instanceUrl),
      org: o,
    })), { placeHolder: options.placeHolder ?? vscode.l10n.t('Choose an org'), matchOnDescription: true, matchOnDetail: true });
    return picked?.org;
  }

  /** A Bulk API client for the org; its token comes from the CLI or SecretStorage, refreshed once when rejected. */
  async clientFor(key: string): Promise<BulkApi> {
    const apiVersion = this.settings.apiVersion();
    const cached = this.clients.get(key);
    if (cached && cached.apiVersion === apiVersion) {
      return cached.client;
    }
    const org = await this.get(key);
    if (!org) {
      // A CLI org is missing because the CLI is (e.g. not installed): say that, not "unknown org".
      throw !key.startsWith('manual:') && this.cliProblem ? this.cliProblem : this.unknownOrg(key);
    }
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
    this.cliOrgs = undefined;
    this.cliProblem = undefined;
    for (const key of [...this.tokens.keys()]) {
      if (!key.startsWith('manual:')) {
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
    await this.context.secrets.store(SECRET_PREFIX + key, token);
    const others = this.manualOrgs().filter((m) => m.key !== key);
    await this.context.globalState.update(MANUAL_ORGS_KEY, [...others, { key, label, instanceUrl }]);
    this.tokens.delete(key);
    this.clients.delete(key);
    this.log.info(`[orgs] added ${label} (session id)`);
    this.changed.fire();
    return { key, label, instanceUrl, source: 'manual' };
  }

  async removeManual(key: string): Promise<void> {
    await this.context.secrets.delete(SECRET_PREFIX + key);
    await this.context.globalState.update(MANUAL_ORGS_KEY, this.manualOrgs().filter((m) => m.key !== key));
    this.tokens.delete(key);
    this.clients.delete(key);
    if (this.context.workspaceState.get<string>(DEFAULT_ORG_KEY) === key) {
      await this.context.workspaceState.update(DEFAULT_ORG_KEY, undefined);
    }
    this.changed.fire();
  }

  // ---- tokens ------------------------------------------------------------------------------

  private token(org: OrgConnection, refresh: boolean): Promise<string> {
    const cached = this.tokens.get(org.key);
    if (cached && !refresh) {
      return cached;
    }
    const fresh = (org.source === 'manual' ? this.manualToken(org, refresh) : this.cliToken(org, refresh))
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
    const token = await this.context.secrets.get(SECRET_PREFIX + org.key);
    if (!token) {
      throw new OrgError('tokenRejected', vscode.l10n.t('No session id is stored for {0}. Enter one with “Add Org with Session Id…”.', org.label), org.key, org.label);
    }
    return token;
  }

  /**
   * `sf org auth show-access-token`; on a refresh, `sf org display` first, which makes the CLI check
   * the session and use its refresh token if it has one. Older CLIs: `org display`'s token.
   */
  private async cliToken(org: OrgConnection, refresh: boolean): Promise<string> {
    const username = org.username ?? org.key;
    if (refresh) {
      this.log.info(`[orgs] the token of ${org.label} was rejected; asking the Salesforce CLI for a fresh one`);
      const details = parseOrgDisplay(await this.cli(['org', 'display', '--target-org', username], org, 45_000));
      const problem = connectedProblem(details.connectedStatus);
      if (problem === 'notAuthenticated') {
        throw this.notAuthenticated(org);
      }
      if (problem === 'unreachable') {
        throw new OrgError('unreachable', vscode.l10n.t('Org {0} cannot be reached at {1}. Check the network or VPN.', org.label, org.instanceUrl), org.key, org.label);
      }
      if (details.accessToken) {
        return details.accessToken;
      }
    }
    try {
      return parseAccessToken(await this.cli(['org', 'auth', 'show-access-token', '--target-org', username], org));
    } catch (e) {
      if (e instanceof CliOutputError && (e.problem === 'failed' || e.problem === 'badOutput')) {
        const details = parseOrgDisplay(await this.cli(['org', 'display', '--target-org', username], org, 45_000));
        if (details.accessToken) {
          return details.accessToken;
        }
      }
      throw this.toOrgError(e, org);
    }
  }

  // ---- the CLI -----------------------------------------------------------------------------

  private cliOrgList(): Promise<CliOrg[]> {
    if (!this.cliOrgs) {
      const started = Date.now();
      const listing: Promise<CliOrg[]> = this.cli(['org', 'list', '--skip-connection-status'])
        .then((out) => {
          const orgs = parseOrgList(out);
          this.cliProblem = undefined;
          this.log.info(`[orgs] the Salesforce CLI knows ${orgs.length} org(s) (${Date.now() - started} ms)`);
          return orgs;
        })
        .catch((e: unknown) => {
          const problem = this.toOrgError(e);
          if (problem.message !== this.cliProblem?.message) {
            this.log.warn(`[orgs] no orgs from the Salesforce CLI: ${problem.message}`);
          }
          this.cliProblem = problem;
          // Ask again after a while (the user may install the CLI or log in meanwhile), or at once after reloadCli().
          setTimeout(() => {
            if (this.cliOrgs === listing) {
              this.cliOrgs = undefined;
            }
          }, CLI_RETRY_MS).unref?.();
          throw problem;
        });
      this.cliOrgs = listing;
    }
    return this.cliOrgs;
  }

  private async cli(args: string[], org?: OrgConnection, timeoutMs = CLI_TIMEOUT_MS): Promise<string> {
    const command = this.settings.cliPath();
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    const started = Date.now();
    try {
      const out = await runCli(args, { command, timeoutMs, cwd: folder?.uri.fsPath });
      this.log.debug(`[cli] sf ${args.slice(0, 3).join(' ')} (${Date.now() - started} ms)`);
      return out;
    } catch (e) {
      throw this.toOrgError(e, org);
    }
  }

  private withCliProgress<T>(task: () => Promise<T>): Promise<T> {
    if (this.cliOrgs) {
      return task();
    }
    return Promise.resolve(vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Asking the Salesforce CLI for orgs…') }, task));
  }

  private async explainNoOrg(): Promise<void> {
    const add = vscode.l10n.t('Add Org with Session Id…');
    const install = vscode.l10n.t('Install Salesforce CLI');
    const problem = this.cliProblem;
    const message = problem?.problem === 'cliNotFound'
      ? problem.message
      : vscode.l10n.t('No Salesforce org yet. Log in with the Salesforce CLI (`sf org login web -o ALIAS`) or add an org with a session id.');
    const choice = await vscode.window.showWarningMessage(message, add, install);
    if (choice === add) {
      await vscode.commands.executeCommand('bulkJobs.addOrg');
    } else if (choice === install) {
      await vscode.env.openExternal(vscode.Uri.parse(CLI_INSTALL_URL));
    }
  }

  private notAuthenticated(org: OrgConnection): OrgError {
    const alias = org.label;
    return new OrgError('notAuthenticated',
      vscode.l10n.t('Org {0} is not authenticated in the Salesforce CLI. Run `sf org login web -o {0}` and try again.', alias), org.key, alias);
  }

  private unknownOrg(key: string): OrgError {
    return new OrgError('unknownOrg',
      vscode.l10n.t('Org {0} is no longer known: log in again with `sf org login web -o ALIAS`, or add it with a session id.', key), key);
  }

  private toOrgError(e: unknown, org?: OrgConnection): OrgError {
    if (e instanceof OrgError) {
      return e;
    }
    if (e instanceof CliRunError) {
      switch (e.failure) {
        case 'notFound':
          return new OrgError('cliNotFound',
            vscode.l10n.t('The Salesforce CLI (`{0}`) was not found. Install it, or set `bulkJobs.cliPath` to where it is.', this.settings.cliPath()), org?.key, org?.label);
        case 'timeout':
          return new OrgError('cliFailed', vscode.l10n.t('The Salesforce CLI did not answer in time{0}.', org ? ` (${org.label})` : ''), org?.key, org?.label);
        default:
          return new OrgError('cliFailed', vscode.l10n.t('The Salesforce CLI failed: {0}', e.message), org?.key, org?.label);
      }
    }
    if (e instanceof CliOutputError) {
      if (org && (e.problem === 'notAuthenticated' || e.problem === 'noSuchOrg')) {
        return this.notAuthenticated(org);
      }
      if (org && e.problem === 'unreachable') {
        return new OrgError('unreachable', vscode.l10n.t('Org {0} cannot be reached at {1}. Check the network or VPN.', org.label, org.instanceUrl), org.key, org.label);
      }
      return new OrgError('cliFailed', vscode.l10n.t('The Salesforce CLI failed: {0}', e.message), org?.key, org?.label);
    }
    if (isBulkApiError(e)) {
      return new OrgError('cliFailed', e.message, org?.key, org?.label);
    }
    return new OrgError('cliFailed', vscode.l10n.t('The Salesforce CLI failed: {0}', e instanceof Error ? e.message : String(e)), org?.key, org?.label);
  }
}
