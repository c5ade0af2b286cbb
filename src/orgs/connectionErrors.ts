import { BulkApiError, BulkErrorKind } from '../salesforce/errors';

/** What is wrong with an org connection (as opposed to with one request). */
export type OrgProblem =
  /** `sf` is not on PATH and `bulkJobs.cliPath` does not point at it. */
  | 'cliNotFound'
  /** The CLI knows the org but its session is gone: `sf org login web --alias ALIAS`. */
  | 'notAuthenticated'
  /** The CLI does not know this org (logged out, alias renamed). */
  | 'unknownOrg'
  /** The org's instance cannot be reached. */
  | 'unreachable'
  /** A manual session id was rejected: ask for a new one. */
  | 'tokenRejected'
  /** The CLI took too long or failed in another way. */
  | 'cliFailed';

const KIND: Record<OrgProblem, BulkErrorKind> = {
  cliNotFound: 'unexpectedResponse',
  notAuthenticated: 'sessionExpired',
  unknownOrg: 'sessionExpired',
  unreachable: 'network',
  tokenRejected: 'sessionExpired',
  cliFailed: 'unexpectedResponse',
};

/**
 * A `BulkApiError` (so the store and the client treat it like any other failure) that also says
 * which org and what to do about it.
 */
export class OrgError extends BulkApiError {
  constructor(readonly problem: OrgProblem, message: string, readonly orgKey?: string, readonly orgAlias?: string) {
    super({ kind: KIND[problem], message });
    this.name = 'OrgError';
  }
}

export function isOrgError(e: unknown): e is OrgError {
  return e instanceof OrgError;
}
