/**
 * One download of a job's result files, start to end, on the file system: a staging folder, the
 * download into it, then the whole set moved into place as the person chose (publish.ts), or nothing
 * at all. Plain Node: the download itself and the rename are handed in.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { DownloadResult } from '../salesforce/results/downloadTypes';
import { createStaging, findResultFiles, publishSet, removeStaging, type PublishOptions } from './publish';
import { keepBothFolder, publishPlan, type FileStamp, type FoundFile, type PublishPlan } from './resultSet';

export interface SetRequest {
  dir: string;
  jobId: string;
  /** The person's answer when an earlier set was found (undefined: none was). */
  choice: 'replace' | 'keepBoth' | undefined;
  /** The earlier set as it was when the person was asked. */
  found: readonly FoundFile[];
  /** Default: the clock (the Keep Both folder's time stamp). */
  now?: () => Date;
  publish?: PublishOptions;
}

export interface PlacedSet {
  result: DownloadResult;
  plan: PublishPlan & { changedMeanwhile: boolean };
  /** The folder the files are in (the Keep Both folder, or `dir`). */
  folder: string;
  files: DownloadResult['files'];
  stamps: FileStamp[];
}

/**
 * Runs `download` into a fresh staging folder in `dir`; resolves undefined when it does (cancelled),
 * and rejects when it fails: in both cases the staging folder is removed and the old set untouched.
 */
export async function downloadSet(request: SetRequest, download: (staging: string) => Promise<DownloadResult | undefined>): Promise<PlacedSet | undefined> {
  const { dir } = request;
  const staging = await createStaging(dir, request.jobId);
  let result: DownloadResult | undefined;
  try {
    result = await download(staging);
  } finally {
    if (!result) {
      await removeStaging(staging);
    }
  }
  if (!result) {
    return undefined;
  }
  const jobId = result.jobId;
  const now = await findResultFiles(dir, jobId);
  const plan = publishPlan(request.choice, request.found, now,
    () => keepBothFolder(dir, jobId, (request.now ?? (() => new Date()))(), (name) => fs.existsSync(path.join(dir, name))));
  const placed = await publishSet(staging, result.files, dir, plan, request.publish);
  return { result, plan, folder: plan.kind === 'keepBoth' ? plan.folder : dir, ...placed };
}
