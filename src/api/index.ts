/** The Salesforce side of the extension, in one import. Nothing here imports `vscode`. */
export * from './types';
export * from './errors';
export { BulkClient, parseLimitInfo } from './bulkClient';
export { checkInstanceUrl, isLoopbackHost, normalizeInstanceUrl } from './instanceUrl';
export type { InstanceUrlCheck, InstanceUrlProblem } from './instanceUrl';
export { checkId, findBulkIds, isBatchId, isJobId, isValidId, keyPrefix, setupDeepLink, to18 } from './ids';
export type { BulkIdKind, FoundId, IdCheck, IdProblem } from './ids';
export { deriveProgress } from './normalize';
