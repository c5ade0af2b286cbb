/**
 * Where the Salesforce CLI is: the absolute path of `sf` (or of `bulkJobs.cliPath`) to start, found
 * the way the platform's shell would, minus what would let an opened folder choose the program: PATH
 * entries that are relative, empty, `.` or inside a workspace folder are skipped, and the current
 * folder is never searched (Windows would search it first). On Windows the PATHEXT extensions are
 * tried in order, so `sf` finds `sf.cmd`. Plain Node: the platform, environment and file check are
 * passed in, so every platform is tested on any machine.
 */
import * as fs from 'fs';
import * as path from 'path';

export type CliPlatform = 'win32' | 'darwin' | 'linux';

export interface CliLookup {
  /** `sf`, or `bulkJobs.cliPath`: a bare name (looked up on PATH) or an absolute path (`~/…` allowed). */
  command: string;
  platform: CliPlatform;
  env: Readonly<Record<string, string | undefined>>;
  /** File system paths of the open workspace folders. */
  workspaceFolders: readonly string[];
  /** The user's home folder (for `~/…`). */
  homeDir: string;
  /** True when the file exists and may be run (on Windows: exists and is a file). */
  isExecutable(file: string): boolean;
}

export type CliResolution =
  | { ok: true; file: string }
  | { ok: false; problem: 'notFound' | 'relativePath'; detail: string };

const DEFAULT_PATHEXT = '.COM;.EXE;.BAT;.CMD';

/** Finds the CLI, or says why not. */
export function resolveCli(lookup: CliLookup): CliResolution {
  const win = lookup.platform === 'win32';
  const p = win ? path.win32 : path.posix;
  let command = unquoted(lookup.command.trim());
  if (win ? /^~[\\/]/.test(command) : command.startsWith('~/')) {
    command = p.join(lookup.homeDir, command.slice(2));
  }
  const hasSeparator = win ? /[\\/]/.test(command) : command.includes('/');
  if (hasSeparator || (win && /^[A-Za-z]:/.test(command))) {
    if (!isAbsolute(command, win)) {
      return { ok: false, problem: 'relativePath', detail: command };
    }
    const file = candidates(p.normalize(command), lookup).find((f) => lookup.isExecutable(f));
    return file ? { ok: true, file } : { ok: false, problem: 'notFound', detail: command };
  }
  const folders = lookup.workspaceFolders.map((f) => comparable(f, lookup.platform));
  for (const dir of pathEntries(lookup.env, win)) {
    if (!isAbsolute(dir, win) || folders.some((f) => isInside(comparable(dir, lookup.platform), f, p.sep))) {
      continue;
    }
    const file = candidates(p.join(dir, command), lookup).find((f) => lookup.isExecutable(f));
    if (file) {
      return { ok: true, file };
    }
  }
  return { ok: false, problem: 'notFound', detail: command };
}

/** Without one pair of surrounding quotes (Windows' "Copy as path" gives `"C:\Program Files\sf\bin\sf.cmd"`). */
function unquoted(command: string): string {
  const m = /^(["'])(.*)\1$/s.exec(command);
  return m ? m[2].trim() : command;
}

/** The files to try for one path: on Windows the PATHEXT extensions (or the name itself if it has one of them). */
function candidates(file: string, lookup: CliLookup): string[] {
  if (lookup.platform !== 'win32') {
    return [file];
  }
  const exts = (envValue(lookup.env, 'PATHEXT', true) || DEFAULT_PATHEXT)
    .split(';').map((e) => e.trim()).filter((e) => /^\.[^.\\/:*?"<>|]+$/.test(e));
  const own = path.win32.extname(file).toUpperCase();
  if (own && exts.some((e) => e.toUpperCase() === own)) {
    return [file];
  }
  return exts.map((e) => file + e);
}

/** The PATH entries in order, unquoted (Windows allows `"C:\Program Files\x"`, even with `;` inside quotes). */
export function pathEntries(env: CliLookup['env'], win: boolean): string[] {
  const value = envValue(env, 'PATH', win) ?? '';
  if (!win) {
    return value.split(':');
  }
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of value) {
    if (c === '"') {
      quoted = !quoted;
    } else if (c === ';' && !quoted) {
      out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  out.push(current);
  return out.map((e) => e.trim());
}

/** An environment variable; on Windows its name in any case (`Path`, `PATH`). */
function envValue(env: CliLookup['env'], name: string, anyCase: boolean): string | undefined {
  if (!anyCase) {
    return env[name];
  }
  const key = Object.keys(env).find((k) => k.toUpperCase() === name);
  return key === undefined ? undefined : env[key];
}

/** Absolute and rooted: `/x` on POSIX; `C:\x` or `\\server\share\x` on Windows (not `\x` or `C:x`). */
function isAbsolute(file: string, win: boolean): boolean {
  return win ? /^([A-Za-z]:[\\/]|[\\/]{2}[^\\/])/.test(file) : file.startsWith('/');
}

/**
 * A folder as compared with another: normalised, no trailing separator, and in lower case where the
 * file system usually ignores case (Windows, macOS). Skipping too much is safe; too little is not.
 */
function comparable(folder: string, platform: CliPlatform): string {
  const p = platform === 'win32' ? path.win32 : path.posix;
  let out = p.normalize(folder);
  while (out.length > 1 && out.endsWith(p.sep) && !/^[A-Za-z]:\\$/.test(out)) {
    out = out.slice(0, -1);
  }
  return platform === 'linux' ? out : out.toLowerCase();
}

function isInside(dir: string, folder: string, sep: string): boolean {
  return dir === folder || dir.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** Remembers resolutions per (command, PATH, workspace folders), so that the disk is not checked on every call. */
export class CliResolver {
  private readonly cache = new Map<string, CliResolution>();

  constructor(private readonly check: (file: string) => boolean) {}

  resolve(lookup: Omit<CliLookup, 'isExecutable'>): CliResolution {
    const win = lookup.platform === 'win32';
    const key = JSON.stringify([lookup.command, lookup.platform, envValue(lookup.env, 'PATH', win), envValue(lookup.env, 'PATHEXT', win), lookup.workspaceFolders]);
    let found = this.cache.get(key);
    if (!found) {
      found = resolveCli({ ...lookup, isExecutable: this.check });
      if (found.ok) {
        this.cache.set(key, found); // a miss is asked again: the person may install the CLI meanwhile
      }
    }
    return found;
  }

  /** Forget everything (the CLI may have moved). */
  clear(): void {
    this.cache.clear();
  }
}

/** The real file check: a file that exists and, on POSIX, that this user may run. */
export function isExecutableFile(platform: CliPlatform): (file: string) => boolean {
  return (file) => {
    try {
      if (!fs.statSync(file).isFile()) {
        return false;
      }
      if (platform !== 'win32') {
        fs.accessSync(file, fs.constants.X_OK);
      }
      return true;
    } catch {
      return false;
    }
  };
}
