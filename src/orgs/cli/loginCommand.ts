/**
 * The `sf org login web` line typed into a terminal for the person to check and run. Only a safe
 * alias or username goes into it: letters, digits and `_ . @ + -`, at most 80 characters, not starting
 * with `-` (it would read as a flag) or `@` (PowerShell would read `@name` as splatting). None of these
 * is special to bash, zsh, fish, PowerShell or cmd.exe in the middle of a word, so the word needs no
 * quoting in whatever shell the terminal runs; anything else is not typed (the line goes without it).
 * Plain Node: no `vscode` import.
 */

const SAFE_CLI_ALIAS = /^[A-Za-z0-9_.+][A-Za-z0-9_.@+-]{0,79}$/;
/** An https origin: host name (or IP) and port only. */
const SAFE_INSTANCE_URL = /^https:\/\/[A-Za-z0-9.-]{1,253}(:\d{1,5})?\/?$/;

export function isSafeCliAlias(value: unknown): value is string {
  return typeof value === 'string' && SAFE_CLI_ALIAS.test(value);
}

export interface LoginTarget {
  /** Alias or username candidates, best first; the first safe one is used, unsafe ones are refused. */
  aliases: readonly (string | undefined)[];
  /** Where to log in (My Domain, sandbox); left out unless it is a plain https origin. */
  instanceUrl?: string;
}

export function loginCommandLine(target: LoginTarget): string {
  const parts = ['sf', 'org', 'login', 'web'];
  const alias = target.aliases.find(isSafeCliAlias);
  if (alias) {
    parts.push('--alias', alias);
  }
  if (target.instanceUrl && SAFE_INSTANCE_URL.test(target.instanceUrl)) {
    parts.push('--instance-url', target.instanceUrl.replace(/\/$/, ''));
  }
  return parts.join(' ');
}
