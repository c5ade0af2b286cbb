/**
 * Reading what the Salesforce CLI (`sf … --json`) prints, and finding a project's default org.
 * Plain Node: no `vscode` import, no child processes (the caller runs the CLI).
 *
 * Quirks handled (see shared/reference/sf-cli.md): the JSON is on stdout only (stderr may hold
 * noise such as `spawn sf ENOENT`); `status` is 0 even when the org is unhealthy, which shows in
 * `connectedStatus`; `org display` redacts `accessToken` in new CLIs; `instanceUrl` ends with `/`;
 * `warnings` sit inside the JSON.
 */
import * as fs from 'fs';
import * as path from 'path';
import { redactTokens } from '../../util/redact';
import { isRecord } from '../../util/json';

export interface CliEnvelope {
  status: number;
  result?: unknown;
  warnings: string[];
  /** On failure (`status` ≠ 0): the error's name (`NamedOrgNotFoundError`, `NoDefaultEnvError` …) and message. */
  name?: string;
  message?: string;
  actions?: string[];
}

export interface CliOrg {
  username: string;
  alias?: string;
  instanceUrl?: string;
  orgId?: string;
  isDefault: boolean;
  connectedStatus?: string;
  isScratch: boolean;
}

export interface CliOrgDetails {
  username: string;
  alias?: string;
  instanceUrl: string;
  orgId?: string;
  apiVersion?: string;
  /** Only when the CLI did not redact it (older CLIs). */
  accessToken?: string;
  connectedStatus?: string;
}

/** Why a CLI answer cannot be used; the VS Code layer turns this into a message with an action. */
export type CliProblem = 'notAuthenticated' | 'unreachable' | 'noSuchOrg' | 'badOutput' | 'failed';

export class CliOutputError extends Error {
  constructor(readonly problem: CliProblem, message: string, readonly cliName?: string) {
    super(message);
    this.name = 'CliOutputError';
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * The JSON envelope from stdout. Tolerates text before the JSON (a warning printed by an old
 * plugin); throws `CliOutputError('badOutput')` when there is no JSON object at all.
 */
export function parseEnvelope(stdout: string): CliEnvelope {
  const start = stdout.indexOf('{');
  const end = stdout.lastIndexOf('}');
  if (start < 0 || end < start) {
    throw new CliOutputError('badOutput', 'The Salesforce CLI printed no JSON.');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(stdout.slice(start, end + 1));
  } catch {
    throw new CliOutputError('badOutput', 'The Salesforce CLI printed JSON that could not be read.');
  }
  if (!isRecord(raw)) {
    throw new CliOutputError('badOutput', 'The Salesforce CLI printed an unexpected answer.');
  }
  const status = typeof raw.status === 'number' ? raw.status : 1;
  const warnings = Array.isArray(raw.warnings) ? raw.warnings.filter((w): w is string => typeof w === 'string') : [];
  const env: CliEnvelope = { status, result: raw.result, warnings };
  if (str(raw.name)) { env.name = str(raw.name); }
  if (str(raw.message)) { env.message = redactTokens(str(raw.message)!); }
  if (Array.isArray(raw.actions)) { env.actions = raw.actions.filter((a): a is string => typeof a === 'string').map((a) => redactTokens(a)); }
  return env;
}

/** The `result` of a successful command, else a `CliOutputError` saying what went wrong. */
export function resultOf(env: CliEnvelope): Record<string, unknown> {
  if (env.status !== 0) {
    const name = env.name ?? '';
    const message = env.message ?? 'The Salesforce CLI reported an error.';
    if (/NamedOrgNotFound|NoOrgFound|NoDefaultEnv|NoAuthInfoFound|AuthInfoNotFound|NoUsername|TargetOrgNotFound/i.test(name + ' ' + message)) {
      throw new CliOutputError('noSuchOrg', message, name);
    }
    if (/expired|invalid_grant|INVALID_SESSION|RefreshTokenAuth|invalid or expired/i.test(name + ' ' + message)) {
      throw new CliOutputError('notAuthenticated', message, name);
    }
    if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|fetch failed|socket hang up|network/i.test(name + ' ' + message)) {
      throw new CliOutputError('unreachable', message, name);
    }
    throw new CliOutputError('failed', message, name);
  }
  if (!isRecord(env.result)) {
    throw new CliOutputError('badOutput', 'The Salesforce CLI answered without a result.');
  }
  return env.result;
}

/** What `connectedStatus` says about an org: undefined when it is fine or unknown. */
export function connectedProblem(connectedStatus: string | undefined): CliProblem | undefined {
  if (!connectedStatus || connectedStatus === 'Connected' || connectedStatus === 'Unknown') {
    return undefined;
  }
  if (/expired|invalid|revoked|RefreshTokenAuthError|invalid_grant/i.test(connectedStatus)) {
    return 'notAuthenticated';
  }
  if (/fetch failed|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|timed out|unreachable|socket/i.test(connectedStatus)) {
    return 'unreachable';
  }
  return undefined;
}

export function trimInstanceUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** `sf org list --json`: every org the CLI knows, once each (an org may be listed in several groups). */
export function parseOrgList(stdout: string): CliOrg[] {
  const result = resultOf(parseEnvelope(stdout));
  const orgs = new Map<string, CliOrg>();
  for (const [group, list] of Object.entries(result)) {
    if (!Array.isArray(list)) {
      continue;
    }
    for (const o of list) {
      if (!isRecord(o) || !str(o.username)) {
        continue;
      }
      const username = str(o.username)!;
      const prev = orgs.get(username);
      const org: CliOrg = {
        username,
        isDefault: o.isDefaultUsername === true || prev?.isDefault === true,
        isScratch: group === 'scratchOrgs' || o.isScratch === true || prev?.isScratch === true,
      };
      const alias = str(o.alias) ?? prev?.alias;
      if (alias) { org.alias = alias; }
      const instanceUrl = str(o.instanceUrl) ?? prev?.instanceUrl;
      if (instanceUrl) { org.instanceUrl = trimInstanceUrl(instanceUrl); }
      const orgId = str(o.orgId) ?? prev?.orgId;
      if (orgId) { org.orgId = orgId; }
      const cs = str(o.connectedStatus) ?? str(o.status) ?? prev?.connectedStatus;
      if (cs) { org.connectedStatus = cs; }
      orgs.set(username, org);
    }
  }
  return [...orgs.values()];
}

const REDACTED = /REDACTED|show-access-token/i;

/** `sf org display --json` (works for old `sfdx force:org:display` output too). */
export function parseOrgDisplay(stdout: string): CliOrgDetails {
  const r = resultOf(parseEnvelope(stdout));
  const username = str(r.username);
  const instanceUrl = str(r.instanceUrl);
  if (!username || !instanceUrl) {
    throw new CliOutputError('badOutput', 'The Salesforce CLI did not say which user and instance the org has.');
  }
  const d: CliOrgDetails = { username, instanceUrl: trimInstanceUrl(instanceUrl) };
  if (str(r.alias)) { d.alias = str(r.alias); }
  if (str(r.id)) { d.orgId = str(r.id); }
  if (str(r.apiVersion)) { d.apiVersion = str(r.apiVersion); }
  const token = str(r.accessToken);
  if (token && !REDACTED.test(token)) { d.accessToken = token; }
  const cs = str(r.connectedStatus) ?? str(r.status);
  if (cs) { d.connectedStatus = cs; }
  return d;
}

/** `sf org auth show-access-token --json`. */
export function parseAccessToken(stdout: string): string {
  const r = resultOf(parseEnvelope(stdout));
  const token = str(r.accessToken);
  if (!token || REDACTED.test(token)) {
    throw new CliOutputError('badOutput', 'The Salesforce CLI did not print an access token.');
  }
  return token;
}

/** `sf config get target-org --json`: the value, if any (result is a list of `{name, value, location}`). */
export function parseConfigGet(stdout: string): string | undefined {
  const env = parseEnvelope(stdout);
  if (env.status !== 0 || !Array.isArray(env.result)) {
    return undefined;
  }
  for (const item of env.result) {
    if (isRecord(item) && str(item.value)) {
      return str(item.value);
    }
  }
  return undefined;
}

export interface ProjectDefault {
  /** Alias or username as written in the project's config. */
  org: string;
  /** Which file said so. */
  source: string;
}

function readJson(file: string, readFile: (f: string) => string | undefined): Record<string, unknown> | undefined {
  const text = readFile(file);
  if (text === undefined) {
    return undefined;
  }
  try {
    const v: unknown = JSON.parse(text);
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export function readFileOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The project's default org: `target-org` in `.sf/config.json`, else `defaultusername` in
 * `.sfdx/sfdx-config.json`, looked up in each folder from `folder` up to the file system root
 * (the CLI does the same, so a nested folder of an SFDX project finds it). Undefined if neither
 * says; the caller then asks the CLI for its global default.
 */
export function findProjectDefaultOrg(folder: string, readFile: (f: string) => string | undefined = readFileOrUndefined): ProjectDefault | undefined {
  let dir = path.resolve(folder);
  for (;;) {
    const sf = path.join(dir, '.sf', 'config.json');
    const fromSf = str(readJson(sf, readFile)?.['target-org']);
    if (fromSf) {
      return { org: fromSf, source: sf };
    }
    const sfdx = path.join(dir, '.sfdx', 'sfdx-config.json');
    const fromSfdx = str(readJson(sfdx, readFile)?.defaultusername);
    if (fromSfdx) {
      return { org: fromSfdx, source: sfdx };
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      return undefined;
    }
    dir = parent;
  }
}

/** Finds an org by alias or username (case-insensitive for usernames, as Salesforce is). */
export function matchOrg<T extends { username: string; alias?: string }>(orgs: readonly T[], aliasOrUsername: string): T | undefined {
  return orgs.find((o) => o.alias === aliasOrUsername)
    ?? orgs.find((o) => o.username.toLowerCase() === aliasOrUsername.toLowerCase());
}
