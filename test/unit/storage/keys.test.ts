import * as assert from 'assert';
import * as keys from '../../../src/storage/keys';

/** Users' stored state is read back by these exact keys: a change here is state lost, so each is spelt out. */
describe('storage/keys', () => {
  it('keeps every stored key byte for byte', () => {
    assert.deepStrictEqual({
      JOB_KEY_PREFIX: keys.JOB_KEY_PREFIX, REV_KEY: keys.REV_KEY,
      HISTORY_PREFIX: keys.HISTORY_PREFIX, RELOAD_PREFIX: keys.RELOAD_PREFIX, MANUAL_ORGS_KEY: keys.MANUAL_ORGS_KEY,
      RECENT_LOOKUPS_KEY: keys.RECENT_LOOKUPS_KEY, LEASE_KEY_PREFIX: keys.LEASE_KEY_PREFIX,
      WATCH_PREFIX: keys.WATCH_PREFIX, NOTIFIED_PREFIX: keys.NOTIFIED_PREFIX, MUTES_PREFIX: keys.MUTES_PREFIX,
      ABORTED_PREFIX: keys.ABORTED_PREFIX, REFRESHED_PREFIX: keys.REFRESHED_PREFIX, FOCUS_KEY: keys.FOCUS_KEY,
      DEFAULT_ORG_KEY: keys.DEFAULT_ORG_KEY, DOWNLOADS_KEY: keys.DOWNLOADS_KEY, ORG_JOBS_FILTER_KEY: keys.ORG_JOBS_FILTER_KEY,
      SHOWN_ORGS_KEY: keys.SHOWN_ORGS_KEY, SESSION_SECRET_PREFIX: keys.SESSION_SECRET_PREFIX,
      TOLD_PREFIX: keys.TOLD_PREFIX, MUTE_PREFIX: keys.MUTE_PREFIX, CHECKED_PREFIX: keys.CHECKED_PREFIX,
    }, {
      JOB_KEY_PREFIX: 'bulkJobs.job.', REV_KEY: 'bulkJobs.rev',
      HISTORY_PREFIX: 'bulkJobs.history.', RELOAD_PREFIX: 'bulkJobs.reload.', MANUAL_ORGS_KEY: 'bulkJobs.manualOrgs',
      RECENT_LOOKUPS_KEY: 'bulkJobs.recentLookups', LEASE_KEY_PREFIX: 'bulkJobs.lease.',
      WATCH_PREFIX: 'bulkJobs.orgJobs.watch.', NOTIFIED_PREFIX: 'bulkJobs.orgJobs.notified.', MUTES_PREFIX: 'bulkJobs.orgJobs.mutes.',
      ABORTED_PREFIX: 'bulkJobs.orgJobs.aborted.', REFRESHED_PREFIX: 'bulkJobs.orgJobs.refreshed.', FOCUS_KEY: 'bulkJobs.orgJobs.focusedAt',
      DEFAULT_ORG_KEY: 'bulkJobs.defaultOrg', DOWNLOADS_KEY: 'bulkJobs.downloads', ORG_JOBS_FILTER_KEY: 'bulkJobs.orgJobs.filter',
      SHOWN_ORGS_KEY: 'bulkJobs.orgJobs.orgs', SESSION_SECRET_PREFIX: 'bulkJobs.session:',
      TOLD_PREFIX: 'bulkJobs.orgJobs.told.', MUTE_PREFIX: 'bulkJobs.orgJobs.mute.', CHECKED_PREFIX: 'bulkJobs.orgJobs.checkedThrough.',
    });
    assert.strictEqual(keys.orgJobsLeaseName('me@x.com'), 'orgJobs:me@x.com');
    assert.strictEqual(keys.orgJobsShownLeaseName('me@x.com'), 'orgJobsShown:me@x.com');
  });
});
