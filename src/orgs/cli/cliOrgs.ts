/**
 * Everything the org registry asks the Salesforce CLI: `sf org list` (cached, asked again after a
 * failure once CLI_RETRY_MS have passed), the project's or the CLI's default org, and access tokens.
 * Used only by `OrgRegistry`, so that it can later be loaded when the CLI is first needed.
 */
import * as os from 'os';
import * as vscode from 'vscode';
import { isBulkApiError } from '../../salesforce/errors';
import {
  CliOrg, CliOutputError, connectedProblem, findProjectDefaultOrg, matchOrg, parseAccessToken, parseOrgDisplay, parseOrgList,
} from './cliParse';
import { CliPlatform, CliResolver, isExecutableFile } from './cliResolve';
import { CLI_MAX_OUTPUT_BYTES, cliEnv, CliRunError, runCli } from './cliRunner';
import { OrgError } from '../connectionErrors';

const CLI_TIMEOUT_MS = 30_000;
/** `org display` may refresh the session first, which takes longer. */
const CLI_DISPLAY_TIMEOUT_MS = 45_000;
/** How long a failed `sf org list` is remembered before the CLI is asked again. */
const CLI_RETRY_MS = 30_000;

/** How long after a CLI call of ours a change to its auth files is taken as that call's own. */
const OWN_WRITE_MS = 5_000;

/** The org a CLI call is about, for its messages. */
export interface CliOrgTarget {
  key: string;
  label: string;
  username?: string;
  instanceUrl: string;
}

export class CliOrgs {
  private listing: Promise<CliOrg[]> | undefined;
  private running = 0;
  private lastEndedAt = -Infinity;
  private problem: OrgError | undefined;
  private readonly platform: CliPlatform = process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux';
  private readonly resolver = new CliResolver(isExecutableFile(this.platform));

  /**
   * @param cliPath the `sf` command (`bulkJobs.cliPath`), read at each call
   * @param onListed told the orgs of each fresh `sf org list` (none when it failed)
   */
  constructor(
    private readonly cliPath: () => string,
    private readonly log: vscode.LogOutputChannel,
    private readonly onListed: (orgs: readonly CliOrg[]) => void,
  ) {}

  /** Why the CLI could not list orgs the last time, if it could not. */
  get lastProblem(): OrgError | undefined {
    return this.problem;
  }

  /** True once `sf org list` was started (its answer is cached or on its way). */
  get asked(): boolean {
    return this.listing !== undefined;
  }

  /** Forgets the cached org list and problem: the next call asks the CLI again. */
  reload(): void {
    this.listing = undefined;
    this.problem = undefined;
    this.resolver.clear();
  }

  /** `sf org list`, cached. Rejects with an `OrgError` when the CLI is missing or fails. */
  list(): Promise<CliOrg[]> {
    if (!this.listing) {
      const started = Date.now();
      const listing: Promise<CliOrg[]> = this.run(['org', 'list', '--skip-connection-status'])
        .then((out) => {
          const orgs = parseOrgList(out);
          this.problem = undefined;
          this.log.info(`[orgs] the Salesforce CLI knows ${orgs.length} org(s) (${Date.now() - started} ms)`);
          this.onListed(orgs);
          return orgs;
        })
        .catch((e: unknown) => {
          const problem = this.toOrgError(e);
          if (problem.message !== this.problem?.message) {
            this.log.warn(`[orgs] no orgs from the Salesforce CLI: ${problem.message}`);
          }
          this.problem = problem;
          this.onListed([]);
          // Ask again after a while (the user may install the CLI or log in meanwhile), or at once after reload().
          setTimeout(() => {
            if (this.listing === listing) {
              this.listing = undefined;
            }
          }, CLI_RETRY_MS).unref?.();
          throw problem;
        });
      this.listing = listing;
    }
    return this.listing;
  }

  /** The username of the first workspace folder's project default org, else of the CLI's default org. */
  async defaultUsername(): Promise<string | undefined> {
    const orgs = (await this.list().catch(() => [] as CliOrg[])).filter((o) => o.instanceUrl);
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') {
        continue;
      }
      const project = findProjectDefaultOrg(folder.uri.fsPath);
      const match = project ? matchOrg(orgs, project.org) : undefined;
      if (match) {
        return match.username;
      }
      if (project) {
        this.log.warn(`[orgs] ${project.source} names ${project.org}, which the Salesforce CLI does not know`);
      }
    }
    return orgs.find((o) => o.isDefault)?.username;
  }

  /**
   * `sf org auth show-access-token`; on a refresh, `sf org display` first, which makes the CLI check
   * the session and use its refresh token if it has one. Older CLIs: `org display`'s token.
   */
  async accessToken(org: CliOrgTarget, refresh: boolean): Promise<string> {
    const username = org.username ?? org.key;
    if (refresh) {
      this.log.info(`[orgs] the token of ${org.label} was rejected; asking the Salesforce CLI for a fresh one`);
      const details = parseOrgDisplay(await this.run(['org', 'display', '--target-org', username], org, CLI_DISPLAY_TIMEOUT_MS));
      const problem = connectedProblem(details.connectedStatus);
      if (problem === 'notAuthenticated') {
        throw notAuthenticated(org);
      }
      if (problem === 'unreachable') {
        throw unreachable(org);
      }
      if (details.accessToken) {
        return details.accessToken;
      }
    }
    try {
      return parseAccessToken(await this.run(['org', 'auth', 'show-access-token', '--target-org', username], org));
    } catch (e) {
      if (e instanceof CliOutputError && (e.problem === 'failed' || e.problem === 'badOutput')) {
        const details = parseOrgDisplay(await this.run(['org', 'display', '--target-org', username], org, CLI_DISPLAY_TIMEOUT_MS));
        if (details.accessToken) {
          return details.accessToken;
        }
      }
      throw this.toOrgError(e, org);
    }
  }

  /**
   * True while a CLI call of ours runs or has just ended: a token it refreshed rewrites the CLI's
   * auth files, which is not a login (see `cliAuthWatch`).
   */
  busy(now = Date.now()): boolean {
    return this.running > 0 || now - this.lastEndedAt < OWN_WRITE_MS;
  }

  private async run(args: string[], org?: CliOrgTarget, timeoutMs = CLI_TIMEOUT_MS): Promise<string> {
    const started = Date.now();
    this.running++;
    const env = cliEnv();
    const found = this.resolver.resolve({
      command: this.cliPath(),
      platform: this.platform,
      env,
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
      homeDir: os.homedir(),
    });
    try {
      if (!found.ok) {
        throw new CliRunError(found.problem, found.detail);
      }
      const out = await runCli(args, { command: found.file, timeoutMs, cwd: os.homedir(), env });
      this.log.debug(`[cli] sf ${args.slice(0, 3).join(' ')} (${Date.now() - started} ms)`);
      return out;
    } catch (e) {
      if (e instanceof CliRunError && e.failure === 'notFound') {
        this.resolver.clear(); // it may have moved
      }
      throw this.toOrgError(e, org);
    } finally {
      this.running--;
      this.lastEndedAt = Date.now();
    }
  }

  private toOrgError(e: unknown, org?: CliOrgTarget): OrgError {
    if (e instanceof OrgError) {
      return e;
    }
    const failed = (message: string): OrgError => new OrgError('cliFailed', message, org?.key, org?.label);
    if (e instanceof CliRunError) {
      switch (e.failure) {
        case 'notFound':
          return new OrgError('cliNotFound', /[\\/]/.test(this.cliPath())
            ? vscode.l10n.t('The Salesforce CLI was not found at `{0}` (`bulkJobs.cliPath`). Set it to the absolute path of `sf`, or leave it empty to use `sf` on the PATH.', this.cliPath())
            : vscode.l10n.t('The Salesforce CLI (`{0}`) was not found on the PATH (folders inside the workspace are not searched). Install it, or set `bulkJobs.cliPath` to its absolute path.', this.cliPath()),
          org?.key, org?.label);
        case 'relativePath':
          return new OrgError('cliNotFound', vscode.l10n.t(
            '`bulkJobs.cliPath` is a relative path (`{0}`). Set it to the absolute path of the Salesforce CLI, or leave it empty to use `sf` on the PATH.',
            e.message), org?.key, org?.label);
        case 'timeout':
          return failed(vscode.l10n.t('The Salesforce CLI did not answer in time{0}. Check the network, or run `sf org list` in a terminal to see what it waits for.',
            org ? ` (${org.label})` : ''));
        case 'tooLarge':
          return failed(vscode.l10n.t('The Salesforce CLI answered with more than {0} MB{1}, which is more than this extension reads. Update the CLI, or run the command in a terminal to see what it prints.',
            CLI_MAX_OUTPUT_BYTES / (1024 * 1024), org ? ` (${org.label})` : ''));
        case 'cancelled':
          return failed(vscode.l10n.t('The Salesforce CLI call was cancelled.'));
        default:
          return failed(vscode.l10n.t('The Salesforce CLI failed: {0}', e.message));
      }
    }
    if (e instanceof CliOutputError) {
      if (org && (e.problem === 'notAuthenticated' || e.problem === 'noSuchOrg')) {
        return notAuthenticated(org);
      }
      if (org && e.problem === 'unreachable') {
        return unreachable(org);
      }
      return failed(vscode.l10n.t('The Salesforce CLI failed: {0}', e.message));
    }
    if (isBulkApiError(e)) {
      return failed(e.message);
    }
    return failed(vscode.l10n.t('The Salesforce CLI failed: {0}', e instanceof Error ? e.message : String(e)));
  }
}

function notAuthenticated(org: CliOrgTarget): OrgError {
  return new OrgError('notAuthenticated',
    vscode.l10n.t('Org {0} is not authenticated in the Salesforce CLI. Run `sf org login web --alias {0}` and try again.', org.label), org.key, org.label);
}

function unreachable(org: CliOrgTarget): OrgError {
  return new OrgError('unreachable', vscode.l10n.t('Org {0} cannot be reached at {1}. Check the network or VPN.', org.label, org.instanceUrl), org.key, org.label);
}
