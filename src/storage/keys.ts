/**
 * Every key the extension keeps state under, in one place: `globalState` (shared by every window of
 * the profile), `workspaceState` (this workspace) and SecretStorage. Pure, no vscode.
 *
 * The values are what users' stored state is read back by: never change one (a changed key is state
 * lost). A key made of a prefix is followed by what the comment says (`jobKey` is `<orgKey>|<jobId>`).
 */

// globalState: tracked jobs

/** `bulkJobs.job.<jobKey>`: one tracked job's summary, or its tombstone. */
export const JOB_KEY_PREFIX = 'bulkJobs.job.';
/** Changes with every write of the tracked jobs by any window. */
export const REV_KEY = 'bulkJobs.rev';
/** `bulkJobs.history.<jobKey>`: a job's points over time (pace and charts). */
export const HISTORY_PREFIX = 'bulkJobs.history.';

// globalState: loads, orgs, Look Up

/** `bulkJobs.reload.<jobKey of the new job>`: the jobKey of the job whose failed records it loaded again. */
export const RELOAD_PREFIX = 'bulkJobs.reload.';
/**
 * `bulkJobs.reloadRest.<path of a file of unsent rows>`: `{ original: <jobKey>, at }`, the job whose
 * reload stopped part-way and left that file (its path and the job's key only, never rows).
 */
export const RELOAD_REST_PREFIX = 'bulkJobs.reloadRest.';
/** The orgs added with a session id (`{ key, label, instanceUrl }[]`; the token is in SecretStorage). */
export const MANUAL_ORGS_KEY = 'bulkJobs.manualOrgs';
/** The ids Look Up found lately. */
export const RECENT_LOOKUPS_KEY = 'bulkJobs.recentLookups';

// globalState: leases (which window polls what)

/** `bulkJobs.lease.<lease name>`: `{ holder, until }`. The tracked jobs' poller names a lease by the orgKey. */
export const LEASE_KEY_PREFIX = 'bulkJobs.lease.';

/** The lease name of an org's Org Jobs background checks (apart from the poller's lease of the same org). */
export function orgJobsLeaseName(orgKey: string): string {
  return `orgJobs:${orgKey}`;
}

/** The lease name of an org's Org Jobs refreshes while a window shows it. */
export function orgJobsShownLeaseName(orgKey: string): string {
  return `orgJobsShown:${orgKey}`;
}

// globalState: Org Jobs, shared by every window (`orgJobs/sharedOrgState.ts`)

const ORG_JOBS_PREFIX = 'bulkJobs.orgJobs.';
/** `…watch.<orgKey>`: `{ on, at }`, "Watch This Org". */
export const WATCH_PREFIX = `${ORG_JOBS_PREFIX}watch.`;
/** `…notified.<orgKey>`: `{ [jobId]: at }`, jobs told once across windows (before issue 21: read no more, removed). */
export const NOTIFIED_PREFIX = `${ORG_JOBS_PREFIX}notified.`;
/** `…told.<orgKey>|<jobId>`: when a window claimed the job to tell it (one key per job, so claims never overwrite each other). */
export const TOLD_PREFIX = `${ORG_JOBS_PREFIX}told.`;
/** `…mutes.<orgKey>`: `{ objects, users }`, "Don't Notify…" as kept before issue 21 (still read). */
export const MUTES_PREFIX = `${ORG_JOBS_PREFIX}mutes.`;
/** `…mute.<orgKey>|o:<object>` or `…|u:<userId>`: when it was muted (one key per mute). */
export const MUTE_PREFIX = `${ORG_JOBS_PREFIX}mute.`;
/** `…checkedThrough.<orgKey>`: the org's time (ms) through which a window looked at every finished job (only ever raised). */
export const CHECKED_PREFIX = `${ORG_JOBS_PREFIX}checkedThrough.`;
/** `…aborted.<orgKey>`: `{ [jobId]: at }`, jobs aborted from this extension. */
export const ABORTED_PREFIX = `${ORG_JOBS_PREFIX}aborted.`;
/** `…refreshed.<orgKey>`: the last refresh of the org by any window (ms). */
export const REFRESHED_PREFIX = `${ORG_JOBS_PREFIX}refreshed.`;
/** When a VS Code window was last focused (ms). */
export const FOCUS_KEY = `${ORG_JOBS_PREFIX}focusedAt`;

// workspaceState

/** The org commands use when none is given. */
export const DEFAULT_ORG_KEY = 'bulkJobs.defaultOrg';
/** Result files downloaded per job, and their summary. */
export const DOWNLOADS_KEY = 'bulkJobs.downloads';
/** The Org Jobs view's filter. */
export const ORG_JOBS_FILTER_KEY = 'bulkJobs.orgJobs.filter';
/** The orgs the Org Jobs view shows. */
export const SHOWN_ORGS_KEY = 'bulkJobs.orgJobs.orgs';

// SecretStorage

/** `bulkJobs.session:<orgKey>`: the session id of an org added with one. */
export const SESSION_SECRET_PREFIX = 'bulkJobs.session:';
