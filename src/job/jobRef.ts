/** Which job in which org: the identity every part of the extension uses. No `vscode` import here. */
import { isValidId, to18 } from '../salesforce/ids';

export interface JobRef {
  orgKey: string;
  /** Always the 18-character id. */
  jobId: string;
}

/** `${orgKey}|${jobId}`: the one key of a job (store entries, tree item ids, panels, result files). */
export function jobKey(ref: JobRef): string {
  return `${ref.orgKey}|${ref.jobId}`;
}

/** `JobRef` from anything that carries one (a tree node, a panel's argument). */
export function refOf(value: unknown): JobRef | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const v = value as { orgKey?: unknown; jobId?: unknown; entry?: unknown; ref?: unknown; job?: unknown };
  if (typeof v.orgKey === 'string' && typeof v.jobId === 'string' && isValidId(v.jobId)) {
    return { orgKey: v.orgKey, jobId: to18(v.jobId) };
  }
  const inner = v.ref ?? v.entry ?? v.job;
  return inner === undefined ? undefined : refOf(inner);
}
