/** The Jobs view's id (package.json `views`), apart from its drawing so that activation need not load it. */
export const JOBS_VIEW = 'bulkJobs.jobs';
