/**
 * An org's key: the username of a Salesforce CLI org, or `manual:<instanceUrl>` for an org added with
 * a session id. The one place that makes, tests and strips the `manual:` prefix. Pure, no vscode.
 * The prefix is part of stored state (tracked jobs, shared lists, leases): it never changes.
 */
const MANUAL_PREFIX = 'manual:';

/** The key of an org added with a session id. */
export function manualOrgKey(instanceUrl: string): string {
  return MANUAL_PREFIX + instanceUrl;
}

/** True for the key of an org added with a session id (not a CLI org). */
export function isManualOrgKey(orgKey: string | undefined): boolean {
  return orgKey?.startsWith(MANUAL_PREFIX) === true;
}

/** The instance URL of a manual org's key; undefined for a CLI org's key. */
export function manualInstanceUrl(orgKey: string | undefined): string | undefined {
  return orgKey !== undefined && isManualOrgKey(orgKey) ? orgKey.slice(MANUAL_PREFIX.length) : undefined;
}

/**
 * The key as a person may read it when the org's label is not known: the username of a CLI org,
 * the instance URL of a manual one (never `manual:…`).
 */
export function orgKeyLabel(orgKey: string): string {
  return manualInstanceUrl(orgKey) ?? orgKey;
}
