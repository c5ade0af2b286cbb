/**
 * Where result files go by default, and keeping them out of git. Result files hold customer records:
 * the default folder always holds a `.gitignore` with `*` (written when missing, never replaced), so
 * that `git status` never shows them and `git add .` never takes them.
 *
 * The default: the `bulkJobs.resultsFolder` setting (an absolute path, `~` for the home folder), else
 * `bulk-results/` in the first workspace folder, else `bulk-results/` in the extension's global storage.
 * Plain Node: the caller hands in the folders.
 */
import * as fs from 'fs';
import * as path from 'path';

export const DEFAULT_FOLDER_NAME = 'bulk-results';
export const GITIGNORE_TEXT = '# Written by Bulk Job Inspector: result files hold customer records; git must not see them.\n*\n';

export interface FolderInputs {
  /** `bulkJobs.resultsFolder` as read through the settings ('' when unset). */
  setting: string;
  /** The first workspace folder on disk, if any. */
  workspace?: string;
  /** The extension's global storage folder (context.globalStorageUri.fsPath). */
  globalStorage: string;
  home: string;
}

export type FolderSource = 'setting' | 'workspace' | 'globalStorage';

export function defaultResultsFolder(inputs: FolderInputs): { dir: string; source: FolderSource } {
  const setting = inputs.setting.trim();
  if (setting === '~' || /^~[/\\]/.test(setting)) {
    return { dir: path.join(inputs.home, setting.slice(1)), source: 'setting' };
  }
  if (setting !== '' && path.isAbsolute(setting)) {
    return { dir: path.normalize(setting), source: 'setting' };
  }
  if (inputs.workspace) {
    return { dir: path.join(inputs.workspace, DEFAULT_FOLDER_NAME), source: 'workspace' };
  }
  return { dir: path.join(inputs.globalStorage, DEFAULT_FOLDER_NAME), source: 'globalStorage' };
}

/** Creates `dir` if need be and a `.gitignore` with `*` in it if it has none; true when the folder was created. */
export async function ensureResultsFolder(dir: string): Promise<boolean> {
  const created = (await fs.promises.mkdir(dir, { recursive: true })) !== undefined;
  await fs.promises.writeFile(path.join(dir, '.gitignore'), GITIGNORE_TEXT, { flag: 'wx' }).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') {
      throw e;
    }
  });
  return created;
}

/** Removes a folder `ensureResultsFolder` created if nothing but its `.gitignore` is in it. */
export async function removeIfUnused(dir: string): Promise<void> {
  const names = await fs.promises.readdir(dir).catch(() => undefined);
  if (names && names.every((n) => n === '.gitignore')) {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
