import type { OrgJobsFeature } from '../orgJobsChunk';

/** `bulkJobs.orgJobs.refresh`: every org shown, now, with progress in the view. */
export async function refresh({ controller }: OrgJobsFeature): Promise<void> {
  await Promise.all(controller.orgKeys.map((k) => controller.refresh(k)));
}
