import type { OrgJobsFeature } from '../orgJobsChunk';

/** `bulkJobs.orgJobs.showMore`, a group's "Show more" row: `{ groupId }`. */
export function showMore({ controller }: OrgJobsFeature, arg: unknown): void {
  const groupId = (arg as { groupId?: unknown } | undefined)?.groupId;
  if (typeof groupId === 'string') {
    controller.showMore(groupId);
  }
}
