/**
 * A stand-in for Setup's "Bulk Data Load Job" page
 * (`/lightning/setup/AsyncApiJobStatus/page?address=%2F{jobId}`), so "Open in Salesforce Setup"
 * leads somewhere in the demo. Every value is HTML-escaped (the demo has an XSS-named job).
 */
import { DateValue, FieldValue, RawNumber, xmlEscape } from './format';
import { job1Fields, job2Fields } from './model';
import { CT_HTML, Reply, RequestContext } from './reply';
import type { JobStore } from './jobs';

function text(v: FieldValue): string {
  if (v instanceof DateValue) {
    return new Date(v.ms).toISOString();
  }
  if (v instanceof RawNumber) {
    return v.text;
  }
  return String(v);
}

export function setupPage(jobs: JobStore, ctx: RequestContext): Reply {
  const id = (ctx.query.get('address') ?? '').replace(/^\//, '');
  const job = jobs.find(id);
  const title = job ? `Bulk Data Load Job: ${job.id}` : 'Bulk Data Load Job not found';
  const fields = job ? (job.flavour === '1.0' ? job1Fields(job, ctx.now) : job2Fields(job, ctx.now)) : [];
  const rows = fields.map(([k, v]) => `<tr><th>${xmlEscape(k)}</th><td>${xmlEscape(text(v))}</td></tr>`).join('\n');
  return {
    status: job ? 200 : 404,
    contentType: CT_HTML,
    body: `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${xmlEscape(title)} | Salesforce (emulator)</title>` +
      '<style>body{font-family:sans-serif;margin:2em}th{text-align:left;padding-right:2em}</style></head>\n' +
      `<body><h1>${xmlEscape(title)}</h1>\n<table>\n${rows}\n</table></body></html>\n`,
  };
}
