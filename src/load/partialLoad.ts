/**
 * After a load created jobs: tracking them (never a reason for the load to fail: errors are logged,
 * room is made at the limit and the person told which job made it), and the account of a load
 * that stopped part-way (`PartialLoadError`: every job and what became of it), with the rows that
 * never reached Salesforce in a file of their own and "Load the Rest" to send only them.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { Deps } from '../deps';
import type { JobRef } from '../job/jobRef';
import { formatCount } from '../job/format';
import { MAX_TRACKED } from '../tracked/jobRecords';
import { unsentSlices, type PartialLoadError } from '../salesforce/load/load';
import type { FileFormat } from '../salesforce/load/fileFormat';
import { isResultColumn } from '../salesforce/results/resultColumns';
import type { LoadSpec } from '../salesforce/types';
import type { Readable } from 'stream';
import { writeUnsent } from './unsentFile';
import type { ReloadContext } from './registerLoad';
import { plainMessage } from '../util/markdown';

export interface TrackedLoad {
  refs: JobRef[];
  /** Finished jobs untracked to make room for these. */
  madeRoom: JobRef[];
}

/** Tracks and links every job a load created; never throws. */
export async function trackLoaded(deps: Deps, orgKey: string, jobIds: readonly string[], original: JobRef | undefined): Promise<TrackedLoad> {
  const refs = jobIds.map((jobId) => ({ orgKey, jobId }));
  const madeRoom: JobRef[] = [];
  for (const ref of refs) {
    try {
      if (original) await deps.reloadLinks.link(ref, original);
    } catch (e) {
      deps.log.warn(`[reload] could not link ${ref.jobId} to ${original?.jobId}: ${String(e instanceof Error ? e.message : e)}`);
    }
    try {
      const { madeRoom: room } = await deps.store.trackLoaded(ref);
      if (room) madeRoom.push(room);
    } catch (e) {
      deps.log.error(`[reload] could not track ${ref.jobId}: ${String(e instanceof Error ? e.message : e)}`);
    }
  }
  if (madeRoom.length > 0) {
    const ids = madeRoom.map((r) => r.jobId).join(', ');
    deps.log.info(`[reload] untracked ${ids} to make room for ${refs.map((r) => r.jobId).join(', ')}`);
    void vscode.window.showInformationMessage(vscode.l10n.t('The Jobs view keeps {0} jobs: to track the new ones, it stopped tracking the finished job(s) tracked longest ago: {1}.', MAX_TRACKED, ids));
  }
  return { refs, madeRoom };
}

export interface PartialLoad {
  file: vscode.Uri;
  /** The file as the load read it (read again for the unsent rows). */
  source: () => Readable;
  error: PartialLoadError;
  /** Data rows the preflight counted. */
  rows: number;
  original?: JobRef;
  tracked: TrackedLoad;
  target: { orgKey: string; spec: LoadSpec };
  /** How the file was read and sent (its encoding and delimiter), so the unsent rows are cut the same way. */
  format?: FileFormat;
}

/** The rows not accepted to `<name>-unsent.csv`, and the account of every job; resolves to the file written. */
export async function reportPartialLoad(ctx: ReloadContext, load: PartialLoad): Promise<string | undefined> {
  const { error } = load;
  const { deps } = ctx;
  let rest: { file: string; rows: number } | undefined;
  let problem: string | undefined;
  if (error.rowsAccepted > 0) {
    try {
      rest = await writeUnsent(load.file.fsPath, unsentSlices(load.source(), error.flavour, error.unsentFromPart, { dropColumns: isResultColumn, format: load.format }));
      if (load.original) {
        await deps.reloadLinks.linkRest(rest.file, load.original).then(undefined, (e: unknown) => {
          deps.log.warn(`[reload] could not link ${rest?.file} to ${load.original?.jobId}: ${String(e)}`);
        });
      }
      (await ctx.diagnostics()).setTarget(vscode.Uri.file(rest.file), load.target);
      deps.log.info(`[reload] ${rest.rows} unsent rows written to ${rest.file}`);
    } catch (e) {
      problem = String(e instanceof Error ? e.message : e);
      deps.log.error(`[reload] could not write the unsent rows of ${load.file.fsPath}: ${problem}`);
    }
  }
  const lines = [error.message];
  if (error.rowsAccepted === 0) {
    lines.push(vscode.l10n.t('Nothing of {0} was loaded: the whole file can be loaded again.', path.basename(load.file.fsPath)));
  } else {
    lines.push(vscode.l10n.t('{0} of {1} rows reached Salesforce: do not load them again.', formatCount(error.rowsAccepted), formatCount(load.rows)));
    lines.push(rest
      ? vscode.l10n.t('The {0} rows that did not are in {1}: Load the Rest sends only them.', formatCount(rest.rows), path.basename(rest.file))
      : vscode.l10n.t('The rows after the first {0} were not sent, and could not be written to a file of their own ({1}): load only those.', formatCount(error.rowsAccepted), problem ?? ''));
  }
  const message = lines.join(' ');
  const loadRest = vscode.l10n.t('Load the Rest');
  const openRest = vscode.l10n.t('Open File');
  const actions = rest ? [loadRest, openRest] : [];
  void vscode.window.showErrorMessage(plainMessage(message), ...actions).then(async (choice) => {
    if (!rest) return;
    if (choice === loadRest) await vscode.commands.executeCommand('bulkJobs.loadCsv', vscode.Uri.file(rest.file));
    else if (choice === openRest) await vscode.window.showTextDocument(vscode.Uri.file(rest.file));
  });
  if (error.rowsAccepted > 0 && load.tracked.refs[0]) {
    await vscode.commands.executeCommand('bulkJobs.openJobDetails', load.tracked.refs[0]);
  }
  return rest?.file;
}
