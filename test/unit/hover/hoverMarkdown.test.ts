import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { BulkJob, JobProgress } from '../../../src/salesforce/types';
import { translator } from '../../../src/job/format';
import { HOVER_COMMANDS, HoverContent, commandLink, hoverMarkdown } from '../../../src/hover/hoverMarkdown';
import { escapeMarkdown } from '../../../src/util/markdown';

const t = translator(undefined);
const NOW = Date.parse('2026-01-10T12:05:00.000Z');
const JOB_ID = '750R0000000zxcvIAA';

const job: BulkJob = {
  id: JOB_ID, flavour: '1.0', kind: 'classic', state: 'Closed', object: 'Account', operation: 'insert',
  systemModstamp: '2026-01-10T12:02:00.000Z', numberRecordsProcessed: 1204, numberRecordsFailed: 12,
  numberBatchesQueued: 1, numberBatchesInProgress: 1, other: {},
};
const progress: JobProgress = { status: 'running', done: false, summary: '', batchesDone: 4, batchesTotal: 6, recordsProcessed: 1204, recordsFailed: 12 };

function jobsContent(overrides: Partial<BulkJob> = {}, tracked = false): HoverContent {
  return {
    kind: 'jobs', id: JOB_ID, idKind: 'job',
    jobs: [{ ref: { orgKey: 'me@acme.com', jobId: JOB_ID }, orgLabel: 'acme', job: { ...job, ...overrides }, progress, fetchedAt: NOW - 60_000, tracked }],
  };
}

/** Every `command:` link in the markdown, with its decoded arguments. */
function links(markdown: string): Array<{ label: string; command: string; args: unknown }> {
  return [...markdown.matchAll(/\[([^\]]*)\]\(command:([\w.]+)(?:\?([^)]*))?\)/g)].map((m) => ({
    label: m[1], command: m[2], args: m[3] ? JSON.parse(decodeURIComponent(m[3])) : undefined,
  }));
}

describe('hover markdown', () => {
  it('summarises the job: title, status, records, last modified, org', () => {
    const md = hoverMarkdown(jobsContent(), { t, now: NOW, locale: 'en-US' });
    assert.ok(md.includes('**Account · insert · …00zxcv**'), md);
    assert.ok(md.includes('$(sync~spin)'));
    assert.ok(md.includes('Closed · 2 batches still running'));
    assert.ok(md.includes('Records\\: 1,204 processed · **12 failed**'), md);
    assert.ok(md.includes('Last modified\\: '));
    assert.ok(md.includes('\\(3 min ago\\)'), md);
    assert.ok(md.includes('Org\\: acme'));
  });

  it('links to our commands only, with the job as argument', () => {
    const md = hoverMarkdown(jobsContent(), { t, now: NOW });
    const found = links(md);
    assert.deepStrictEqual(found.map((l) => [l.label, l.command]), [
      ['Open details', 'bulkJobs.openJobDetails'], ['Track', 'bulkJobs.trackJob'], ['Refresh', 'bulkJobs.refreshJob'], ['Copy 18\\-char id', 'bulkJobs.copyJobId'],
    ]);
    for (const link of found) {
      assert.ok((HOVER_COMMANDS as readonly string[]).includes(link.command));
      assert.deepStrictEqual(link.args, [{ orgKey: 'me@acme.com', jobId: JOB_ID }]);
    }
    assert.strictEqual(links(hoverMarkdown(jobsContent({}, true), { t, now: NOW }))[1].command, 'bulkJobs.untrackJob');
  });

  it('escapes server strings so they cannot add links, images or icons', () => {
    const md = hoverMarkdown(jobsContent({ object: '[click](command:workbench.action.terminal.new) ![x](http://e/x.png) $(alert) <img src=x onerror=alert(1)>' }), { t, now: NOW });
    assert.strictEqual(links(md).length, 4, 'no extra link');
    assert.ok(!md.includes('](command:workbench'), md);
    assert.ok(!/(^|[^\\])\$\(alert\)/.test(md), 'no unescaped theme icon');
    assert.ok(!/(^|[^\\])<img/.test(md), 'no raw html');
    assert.strictEqual(escapeMarkdown('a\nb*c'), 'a b\\*c');
    assert.strictEqual(commandLink('x]y', 'bulkJobs.addOrg'), '[x\\]y](command:bulkJobs.addOrg)');
  });

  it('says when no org is connected and links to connecting one', () => {
    const md = hoverMarkdown({ kind: 'noOrg', id: JOB_ID, idKind: 'job' }, { t, now: NOW });
    assert.ok(md.includes('No Salesforce org is connected'));
    assert.deepStrictEqual(links(md).map((l) => l.command), ['bulkJobs.selectOrg', 'bulkJobs.addOrg']);
  });

  it('says what happened to an unknown id and offers another org', () => {
    const md = hoverMarkdown({ kind: 'unknown', id: JOB_ID, idKind: 'job', orgLabel: 'acme', message: 'The job was not found in acme.' }, { t, now: NOW });
    assert.ok(md.includes('not found in acme'));
    assert.deepStrictEqual(links(md).map((l) => [l.command, l.args]), [['bulkJobs.lookupJob', [{ id: JOB_ID }]]]);
  });

  it('names the batch and its job for a batch id', () => {
    const content: HoverContent = { ...(jobsContent() as Extract<HoverContent, { kind: 'jobs' }>), id: '751R0000001abcdIAA', idKind: 'batch' };
    const md = hoverMarkdown(content, { t, now: NOW });
    assert.ok(md.includes(`Batch 751R0000001abcdIAA of job ${JOB_ID}`));
  });

  it('offers "Find its job" for a batch nobody has listed: an allow-listed link with the batch and the org', () => {
    const batchId = '751R0000001abcdIAA';
    const md = hoverMarkdown({ kind: 'batchUnknown', id: batchId, idKind: 'batch', orgKey: 'me@acme.com', orgLabel: 'acme' }, { t, now: NOW });
    assert.ok(md.includes(`Batch ${batchId} — its job is not known here`), md);
    const found = links(md);
    assert.deepStrictEqual(found.map((l) => [l.label, l.command, l.args]), [['Find its job in acme', 'bulkJobs.findJobOfBatch', [{ batchId, orgKey: 'me@acme.com' }]]]);
    assert.ok((HOVER_COMMANDS as readonly string[]).includes('bulkJobs.findJobOfBatch'));
    const noOrg = links(hoverMarkdown({ kind: 'batchUnknown', id: batchId, idKind: 'batch' }, { t, now: NOW }));
    assert.deepStrictEqual(noOrg.map((l) => [l.label, l.args]), [['Find its job', [{ batchId }]]]);
  });

  it('links only to contributed commands; Find its job is item-only (hidden from the palette)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[]; menus: { commandPalette: { command: string; when?: string }[] } };
    };
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const command of HOVER_COMMANDS) {
      assert.ok(contributed.has(command), command);
    }
    const palette = manifest.contributes.menus.commandPalette.find((m) => m.command === 'bulkJobs.findJobOfBatch');
    assert.strictEqual(palette?.when, 'false');
  });
});

describe('hover markdown: who created the job', () => {
  const withCreator = (createdByName?: string): HoverContent => {
    const content = jobsContent({ createdById: '005R0000000abcdIAA' });
    return content.kind === 'jobs' ? { ...content, jobs: [{ ...content.jobs[0], createdByName }] } : content;
  };

  it('says the id while the name is unknown, the name with the id once it is known', () => {
    const plain = hoverMarkdown(withCreator(), { t, now: NOW });
    assert.ok(plain.split('\n\n').includes('Created by\\: 005R0000000abcdIAA'), plain);
    const md = hoverMarkdown(withCreator('Ada Lovelace'), { t, now: NOW });
    assert.ok(md.includes('Created by\\: Ada Lovelace \\(005R0000000abcdIAA\\)'), md);
    assert.ok(!hoverMarkdown(jobsContent(), { t, now: NOW }).includes('Created by'), 'no creator, no line');
  });

  it('escapes the name (another org user chose it): no link, no theme icon', () => {
    const md = hoverMarkdown(withCreator('[x](command:workbench.action.terminal.new) $(alert) **b**'), { t, now: NOW });
    assert.strictEqual(links(md).length, 4, 'no extra link');
    assert.ok(!md.includes('](command:workbench'), md);
    assert.ok(!/(^|[^\\])\$\(alert\)/.test(md), 'no unescaped theme icon');
    assert.ok(md.includes('\\*\\*b\\*\\*'), md);
  });
});

describe('hover markdown: pace', () => {
  it('adds the rate and time left in one line when the history is known, nothing without it', () => {
    const history = [{ at: NOW - 120_000, processed: 204, failed: 2 }, { at: NOW - 60_000, processed: 1204, failed: 12 }];
    const content = jobsContent();
    if (content.kind !== 'jobs') {
      throw new Error('jobs');
    }
    const withPace: HoverContent = { ...content, jobs: [{ ...content.jobs[0], job: { ...job, flavour: '2.0', kind: 'ingest', state: 'InProgress' }, history }] };
    const md = hoverMarkdown(withPace, { t, now: NOW, locale: 'en-US' });
    const line = md.split('\n\n').find((l) => l.includes('records/min'));
    assert.ok(line, md);
    assert.match(line, /^1,000 records\/min now · .* · time left cannot be known/);
    assert.ok(!hoverMarkdown(jobsContent(), { t, now: NOW }).includes('records/min'));
  });
});
