/**
 * `npm run bench`: prints figures and ratios; asserts nothing. Each section is a function that
 * returns rows.
 */
import { benchActivation } from './activation';
import { benchBundle } from './bundle';
import { benchClient } from './client';
import { benchHover } from './hover';
import { benchResults } from './results';
import { benchPanel } from './panel';
import { benchRefresh } from './refresh';
import { benchPolling } from './polling';
import { benchWindows } from './windows';
import { benchReload, benchReloadExcel } from './reload';
import { benchOrgJobs } from './orgJobs';
import { benchOrgJobsTree } from './orgJobsTree';
import { benchPreflight, benchPreflightExcel } from './preflight';
import { benchBigOrgWatch, benchOrgJobsWatch } from './orgJobsWatch';
import { benchEstimate } from './estimate';
import { benchOrgJobsNews } from './orgJobsNews';

export interface Row {
  name: string;
  value: string;
  /** The aim from the issue, as text, and whether this run met it. */
  aim?: string;
  met?: boolean;
}

export type Section = () => Promise<Row[]>;

const SECTIONS: [string, Section][] = [
  ['Bundle', benchBundle],
  ['Activation in the extension host', benchActivation],
  ['Client overhead', benchClient],
  ['Refresh and polling', benchRefresh],
  ['Polling and the API allocation', benchPolling],
  ['Result files', benchResults],
  ['Details panel and hover', benchPanel],
  ['Hover and lookup within the API budget', benchHover],
  ['Several windows', benchWindows],
  ['Reload: loading a CSV', benchReload],
  ['Reload: preflight of a CSV', benchPreflight],
  ['Reload: an Excel save (Windows-1252, semicolons)', benchReloadExcel],
  ['Reload: preflight of an Excel save', benchPreflightExcel],
  ['Org Jobs: one refresh of a whole org', benchOrgJobs],
  ['Org Jobs: updating the tree after a refresh', benchOrgJobsTree],
  ['Org Jobs: requests per hour of a watched org', benchOrgJobsWatch],
  ['Org Jobs: a watched big org inside its budget', benchBigOrgWatch],
  ['Time left: the estimate against the truth', benchEstimate],
  ['Org Jobs: failures told over a busy day', benchOrgJobsNews],
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  for (const [title, section] of SECTIONS) {
    if (only.length && !only.some((o) => title.toLowerCase().includes(o.toLowerCase()))) continue;
    console.log(`\n## ${title}`);
    for (const row of await section()) {
      const aim = row.aim ? `  (aim ${row.aim}: ${row.met ? 'met' : 'NOT met'})` : '';
      console.log(`${row.name.padEnd(52)} ${row.value}${aim}`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
