/** The Jobs view's tooltip, as markdown: the creator named when known (the id beside it), every value escaped. */
import * as assert from 'assert';
import { translator } from '../../../src/job/format';
import type { JobEntry } from '../../../src/job/jobEntry';
import { jobTooltip, type TooltipOptions } from '../../../src/tracked/jobTooltip';

const JOB_ID = '750R0000000zxcvIAA';
const USER = '005R0000000abcdIAA';
const NOW = Date.parse('2026-01-10T12:05:00.000Z');

const entry: JobEntry = {
  orgKey: 'me@acme.com', jobId: JOB_ID, key: `me@acme.com|${JOB_ID}`, tracked: true, refreshing: false, addedAt: NOW - 600_000,
  job: {
    id: JOB_ID, flavour: '2.0', kind: 'ingest', state: 'JobComplete', object: 'Account', operation: 'insert', createdById: USER,
    createdDate: '2026-01-10T12:00:00.000Z', numberRecordsProcessed: 10, numberRecordsFailed: 0, other: {},
  },
  fetchedAt: NOW - 60_000,
};
const options: TooltipOptions = { t: translator(undefined), locale: 'en-US', now: NOW, orgLabel: 'acme' };
const lines = (md: string) => md.split('  \n').map((l) => l.trim());

describe('tracked/jobTooltip', () => {
  it('says the creator\'s id while the name is unknown, the name with the id once known', () => {
    assert.ok(lines(jobTooltip(entry, options)).includes(`Created by: ${USER}`));
    assert.ok(lines(jobTooltip(entry, { ...options, createdByName: 'Ada Lovelace' })).includes(`Created by: Ada Lovelace \\(${USER}\\)`));
    assert.ok(!jobTooltip({ ...entry, job: { ...entry.job!, createdById: undefined } }, options).includes('Created by'));
  });

  it('escapes the name (another org user chose it): no link, no theme icon, no markup', () => {
    const md = jobTooltip(entry, { ...options, createdByName: '[x](command:workbench.action.terminal.new) $(alert) **b**' });
    assert.ok(!md.includes('](command:'), md);
    assert.ok(!/(^|[^\\])\$\(alert\)/.test(md), md);
    assert.ok(md.includes('\\*\\*b\\*\\*'), md);
    assert.ok(md.startsWith('**Account · insert**'), md);
  });

  it('keeps its other lines: org, state, as of, the polling note', () => {
    const md = jobTooltip(entry, { ...options, polling: 'polling paused' });
    assert.ok(lines(md).includes('Org: acme'), md);
    assert.ok(lines(md).includes('State: JobComplete'), md);
    assert.ok(md.includes('\n$(info) polling paused\n'), md);
  });
});
