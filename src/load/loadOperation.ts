/** Which job operations a load can repeat. Pure, and small: activation loads it (the preflight itself loads on first use). */
import type { LoadOperation } from '../salesforce/types';

const LOAD_OPERATIONS: ReadonlySet<string> = new Set<LoadOperation>(['insert', 'update', 'upsert', 'delete', 'hardDelete']);

/** A job's operation as a load can repeat it (not `query`, `queryAll`, …). */
export function asLoadOperation(operation: string | undefined): LoadOperation | undefined {
  return operation !== undefined && LOAD_OPERATIONS.has(operation) ? (operation as LoadOperation) : undefined;
}
