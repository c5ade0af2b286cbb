/** The Org Jobs view's id (package.json), apart so that activation knows it without the view's code. */
export const ORG_JOBS_VIEW = 'bulkJobs.orgJobs';
