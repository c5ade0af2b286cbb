/**
 * The org's other users, who submit the `orgSized` seed's jobs: an integration user and two people.
 * The session's own user (`OrgInfo.userId`, "Emulator Demo User") is answered as well.
 */
import { makeId } from './ids';

export interface EmulatorUser {
  id: string;
  name: string;
  username: string;
}

export const SEED_USERS = {
  integration: { id: makeId('005', 'US', 1), name: 'MuleSoft Integration', username: 'integration@bulk-emulator.example' },
  alice: { id: makeId('005', 'US', 2), name: 'Alice Martin', username: 'alice@bulk-emulator.example' },
  bob: { id: makeId('005', 'US', 3), name: 'Bob Okafor', username: 'bob@bulk-emulator.example' },
} as const satisfies Record<string, EmulatorUser>;

/**
 * `SELECT Id, Name FROM User WHERE Id IN ('005…', …)`: the ids listed (15 or 18 characters), or
 * undefined when the query has no such clause.
 */
export function userIdsOfQuery(soql: string): string[] | undefined {
  const m = /\bWHERE\s+Id\s+IN\s*\(([^)]*)\)/i.exec(soql);
  if (!m) {
    return undefined;
  }
  return m[1].split(',').map((s) => s.trim().replace(/^'|'$/g, '')).filter((s) => s !== '');
}
