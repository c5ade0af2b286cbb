/**
 * "Reload Failed Records…" and "Load CSV into Salesforce…": the file (a job's `-failed.csv`, the
 * editor's CSV or one the person picks), what it is sent as (proposed from the original job), the
 * preflight, a modal naming the org (Production or Sandbox as the org says; the org is picked for
 * each run, the last one proposed first), then the load with cancellable progress. Afterwards,
 * outside the load's error handling (a load that sent records never ends in "try again"), every
 * job created is tracked (room made if need be), linked to the original, and the first opened. A
 * load that stopped part-way says what became of each job, and its unsent rows go to a file of
 * their own with "Load the Rest" (`../partialLoad.ts`).
 * The file's encoding, delimiter and line ending are found first (`bulkJobs.load.encoding` may force
 * the encoding); the preflight reads the decoded text and takes the file's size and hash as it
 * reads, and the upload sends those bytes only (changed since: checked and confirmed again).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Readable } from 'stream';
import * as vscode from 'vscode';
import { orgKind } from '../../orgs/orgKind';
import type { LoadResult, LoadSpec, OrgIdentity } from '../../salesforce/types';
import type { Deps } from '../../deps';
import { refOf, type JobRef } from '../../job/jobRef';
import { formatCount } from '../../job/format';
import { asLoadOperation } from '../loadOperation';
import { preflight, preflightSummary, readHeader, type PreflightResult } from '../preflight';
import { isResultColumn } from '../../salesforce/results/resultColumns';
import { pickOrg } from '../../orgs/picker';
import { signalOf } from '../../util/cancellation';
import { showError } from '../../orgs/showError';
import { chooseSpec, describeSpec } from '../loadChoices';
import { failedFileJobId } from '../preflightDiagnostics';
import { orgKeyLabel } from '../../orgs/orgKey';
import { isPartialLoadError, type PartialLoadError } from '../../salesforce/load/load';
import { isRecord } from '../../util/json';
import { reportPartialLoad, trackLoaded } from '../partialLoad';
import type { Confirm, ReloadContext } from '../registerLoad';
import { decodedText, detectFormat, formatWords, HEAD_BYTES, type FileFormat } from '../../salesforce/load/fileFormat';
import { readingSnapshot, snapshotOf, stillSnapshot, verifiedStream, type FileSnapshot } from '../fileSnapshot';
import { plainMessage } from '../../util/markdown';

/** What another command may pass: the org and what to load as (the picks skipped). Never the confirmation. */
export interface LoadCommandOptions {
  orgKey?: string;
  spec?: LoadSpec;
  /** Proposed instead of what the original job used (e.g. Bulk API 1.0 in Serial mode for lock contention); still confirmed. */
  proposal?: Partial<LoadSpec>;
}

/** The options as given by any caller, checked: only an org key, a whole spec and a proposal (still picked and confirmed) are taken. */
function optionsOf(raw: unknown): LoadCommandOptions {
  if (!isRecord(raw)) return {};
  const spec = raw.spec;
  const specOk = isRecord(spec) && (spec.flavour === '1.0' || spec.flavour === '2.0') && typeof spec.object === 'string' && asLoadOperation(typeof spec.operation === 'string' ? spec.operation : undefined) !== undefined;
  const proposal: Partial<LoadSpec> = {};
  if (isRecord(raw.proposal)) {
    const p = raw.proposal;
    if (p.flavour === '1.0' || p.flavour === '2.0') proposal.flavour = p.flavour;
    if (p.concurrencyMode === 'Serial' || p.concurrencyMode === 'Parallel') proposal.concurrencyMode = p.concurrencyMode;
    const operation = asLoadOperation(typeof p.operation === 'string' ? p.operation : undefined);
    if (operation) proposal.operation = operation;
  }
  return {
    orgKey: typeof raw.orgKey === 'string' ? raw.orgKey : undefined,
    spec: specOk ? (spec as unknown as LoadSpec) : undefined,
    proposal,
  };
}

/** The CSV to load and the job it came from, if any. */
async function fileOf(ctx: ReloadContext, arg: unknown): Promise<{ file: vscode.Uri; original?: JobRef } | undefined> {
  if (arg instanceof vscode.Uri) return { file: arg, original: ctx.deps.reloadLinks.originalOfRest(arg.fsPath) };
  const ref = refOf(arg);
  if (ref) {
    let failed = ctx.deps.results.get(ref)?.files.failed;
    if (!failed || !fs.existsSync(failed)) {
      await vscode.commands.executeCommand('bulkJobs.downloadResults', ref);
      failed = ctx.deps.results.get(ref)?.files.failed;
    }
    return failed ? { file: vscode.Uri.file(failed), original: ref } : undefined;
  }
  const active = vscode.window.activeTextEditor?.document;
  if (active?.uri.scheme === 'file' && active.fileName.toLowerCase().endsWith('.csv')) return { file: active.uri };
  const picked = await vscode.window.showOpenDialog({ filters: { CSV: ['csv'] }, openLabel: vscode.l10n.t('Load') });
  return picked?.[0] ? { file: picked[0] } : undefined;
}

/** Unsaved changes: saved first (after asking), so what is checked and sent is what the person sees. */
async function savedFirst(file: vscode.Uri, confirm: Confirm): Promise<boolean> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
  if (!doc?.isDirty) return true;
  const question = vscode.l10n.t('{0} has unsaved changes. Save them before it is checked and loaded?', path.basename(file.fsPath));
  const detail = vscode.l10n.t('What is checked and sent is the file on disk.');
  return (await confirm(question, detail, vscode.l10n.t('Save and Continue'))) && (await doc.save());
}

async function headerOf(file: string, format: FileFormat): Promise<string[]> {
  const stream = fs.createReadStream(file, { highWaterMark: 64 * 1024 });
  try {
    return await readHeader(decodedText(stream, format), format.delimiter);
  } finally {
    stream.destroy();
  }
}

/** The encoding, delimiter and line ending, from the file's first bytes (the encoding as the setting forces it). */
async function formatOf(file: string, setting: string): Promise<FileFormat> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
    return detectFormat(head.subarray(0, bytesRead), bytesRead < HEAD_BYTES, setting);
  } finally {
    await handle.close();
  }
}

/** "Windows-1252, semicolon-separated, CRLF: sent as UTF-8". */
function formatLine(format: FileFormat, spec: LoadSpec): string {
  const w = formatWords(format);
  const found = format.forced ? vscode.l10n.t('{0} (bulkJobs.load.encoding), {1}-separated, {2}', w.encoding, w.delimiter, w.lineEnding)
    : vscode.l10n.t('{0}, {1}-separated, {2}', w.encoding, w.delimiter, w.lineEnding);
  const sent = spec.flavour === '1.0' && format.delimiter !== ','
    ? vscode.l10n.t('will be sent as UTF-8, comma-separated (Bulk API 1.0 takes commas only)')
    : vscode.l10n.t('will be sent as UTF-8');
  return vscode.l10n.t('File: {0}: {1}.', found, sent);
}


function confirmText(orgLabel: string, host: string, identity: OrgIdentity, spec: LoadSpec, result: PreflightResult, format: FileFormat): { message: string; detail: string } {
  const rows = formatCount(result.rows);
  const message = vscode.l10n.t('Load {0} rows into {1} ({2}) in {3}, a {4} org?', rows, spec.object, spec.operation, orgLabel, orgKind(identity, vscode.l10n.t));
  const found = preflightSummary(result, vscode.l10n.t);
  const lines = [
    vscode.l10n.t('Org: {0} · {1} ({2})', orgLabel === host ? host : `${orgLabel} · ${host}`, orgKind(identity, vscode.l10n.t), identity.name || identity.organizationType),
    vscode.l10n.t('Sent as: {0}', describeSpec(spec)),
    formatLine(format, spec),
    ...(result.header.some(isResultColumn) ? [vscode.l10n.t('Left out: the sf__ columns of the result file.')] : []),
    found.length ? vscode.l10n.t('The preflight found: {0}. Salesforce will reject those rows; fix them first (see the Problems view) or load anyway.', found.join('; '))
      : vscode.l10n.t('The preflight found nothing to fix.'),
  ];
  return { message, detail: lines.join('\n') };
}

export async function loadCsv(ctx: ReloadContext, arg: unknown, rawOptions?: unknown): Promise<JobRef[] | undefined> {
  const { deps, confirm } = ctx;
  const options = optionsOf(rawOptions);
  const chosen = await fileOf(ctx, arg);
  if (!chosen || !(await savedFirst(chosen.file, confirm))) return undefined;
  const diagnostics = await ctx.diagnostics();
  const proposal = chosen.original ? { orgKey: chosen.original.orgKey, spec: specOf(deps, chosen.original) } : diagnostics.targetOf(chosen.file);
  const original = chosen.original ?? originalOfFile(deps, chosen.file);
  let source: () => Readable = () => fs.createReadStream(chosen.file.fsPath);
  let format: FileFormat | undefined;
  let orgKey: string | undefined;
  let spec: LoadSpec | undefined;
  let loaded: LoadResult | undefined;
  let partial: PartialLoadError | undefined;
  let rows = 0;
  try {
    orgKey = options.orgKey ?? (await pickOrg(deps.orgs, {
      placeHolder: vscode.l10n.t('Org to load {0} into', path.basename(chosen.file.fsPath)), preferred: proposal?.orgKey, alwaysAsk: true,
    }))?.key;
    if (!orgKey) return undefined;
    spec = options.spec ?? (await chooseSpec({ flavour: '2.0', ...proposal?.spec, ...options.proposal }));
    if (!spec) return undefined;
    const target = { orgKey, spec };
    const org = await deps.orgs.get(orgKey);
    const client = await deps.orgs.clientFor(orgKey);
    const check = (): Thenable<Checked> => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking {0}…', path.basename(chosen.file.fsPath)), cancellable: true },
      async (_p, token) => {
        const signal = signalOf(token);
        const format = await formatOf(chosen.file.fsPath, deps.settings.loadEncoding());
        const describes = await diagnostics.describes(target, await headerOf(chosen.file.fsPath, format), signal);
        const read = readingSnapshot(chosen.file.fsPath);
        const result = await preflight(decodedText(read.chunks, format), spec as LoadSpec, describes, vscode.l10n.t, undefined, format.delimiter);
        const snapshot = read.snapshot() ?? (await snapshotOf(chosen.file.fsPath)); // the preflight stopped early (a CSV error)
        const identity = await client.orgIdentity({ signal });
        return { result, identity, format, snapshot };
      });
    // Checked and confirmed; again when the file changed meanwhile (what is sent is what was checked).
    let checked: Checked | undefined;
    for (let attempt = 0; attempt < 3 && !checked; attempt++) {
      const c = await check();
      diagnostics.show(chosen.file, c.result);
      if (c.result.rows === 0) {
        void vscode.window.showInformationMessage(plainMessage(vscode.l10n.t('{0} has no rows to load: nothing was sent.', path.basename(chosen.file.fsPath))));
        return undefined;
      }
      const host = org ? new URL(org.instanceUrl).host : orgKeyLabel(orgKey);
      const { message, detail } = confirmText(org?.label ?? orgKeyLabel(orgKey), host, c.identity, spec, c.result, c.format);
      const button = vscode.l10n.t('Load {0} Rows', formatCount(c.result.rows));
      if (!(await confirm(attempt === 0 ? message : vscode.l10n.t('{0} changed since it was checked; it was checked again. {1}', path.basename(chosen.file.fsPath), message), detail, button))) {
        diagnostics.forgetTarget(chosen.file); // the next run asks for the org again
        return undefined;
      }
      if (await stillSnapshot(chosen.file.fsPath, c.snapshot, spec.flavour === '2.0')) checked = c;
    }
    if (!checked) {
      void vscode.window.showWarningMessage(plainMessage(vscode.l10n.t('{0} keeps changing: nothing was sent. Load it again once it is saved.', path.basename(chosen.file.fsPath))));
      return undefined;
    }
    diagnostics.setTarget(chosen.file, target);
    const sent = checked;
    rows = sent.result.rows;
    format = sent.format;
    source = () => verifiedStream(chosen.file.fsPath, sent.snapshot, path.basename(chosen.file.fsPath));
    const load = spec;
    const read = source;
    loaded = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: plainMessage(vscode.l10n.t('Loading into {0}', spec.object)), cancellable: true },
      (progress, token) => {
        let last = 0;
        return client.load(load, read, {
          signal: signalOf(token), dropColumns: isResultColumn, format: sent.format,
          onProgress: (rowsSent) => {
            const pct = sent.result.rows ? (100 * rowsSent) / sent.result.rows : 0;
            progress.report({ message: vscode.l10n.t('{0} of {1} rows sent', formatCount(rowsSent), formatCount(sent.result.rows)), increment: pct - last });
            last = pct;
          },
        });
      });
  } catch (e) {
    if (!isPartialLoadError(e)) {
      await showError(e);
      return undefined;
    }
    partial = e;
  }
  // Jobs exist from here on: nothing below may end in "try again".
  const sentIds = loaded ? loaded.sent.map((j) => j.id) : (partial?.sent ?? []).map((j) => j.id);
  const tracked = await trackLoaded(deps, (orgKey as string), sentIds, original);
  const what = spec as LoadSpec;
  if (partial) {
    deps.log.warn(`[reload] ${what.operation} ${what.object} stopped: ${partial.message}`);
    await reportPartialLoad(ctx, { file: chosen.file, source, error: partial, rows, original, tracked, target: { orgKey: orgKey as string, spec: what }, format });
    return tracked.refs;
  }
  deps.log.info(`[reload] ${what.operation} ${what.object}: ${loaded?.rows ?? 0} rows in ${tracked.refs.map((r) => r.jobId).join(', ')}${original ? ` (reload of ${original.jobId})` : ''}`);
  if (tracked.refs[0]) await vscode.commands.executeCommand('bulkJobs.openJobDetails', tracked.refs[0]);
  return tracked.refs;
}

interface Checked {
  result: PreflightResult;
  identity: OrgIdentity;
  format: FileFormat;
  snapshot: FileSnapshot;
}

function specOf(deps: Deps, ref: JobRef): Partial<LoadSpec> {
  const job = deps.store.get(ref)?.job;
  return { object: job?.object, operation: asLoadOperation(job?.operation), externalIdFieldName: job?.externalIdFieldName };
}

function originalOfFile(deps: Deps, file: vscode.Uri): JobRef | undefined {
  const jobId = failedFileJobId(file);
  const entry = jobId ? deps.store.findById(jobId)[0] : undefined;
  return entry ? { orgKey: entry.orgKey, jobId: entry.jobId } : undefined;
}
