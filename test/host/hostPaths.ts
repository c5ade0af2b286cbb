import * as path from 'path';

/** The typed face of test/host/paths.js (plain JS so that install.js runs before anything is compiled). */
export interface HostPaths {
  repoRoot: string;
  cacheDir: string;
  versions: { node24: string; codeServer: string; sfCli: string };
  chromium: string;
  node24: string;
  codeServerDir: string;
  codeServerEntry: string;
  sfRunJs: string;
}

/** Folder of the uncompiled test/host sources, seen from out/test/host. */
export const hostSourceDir = path.resolve(__dirname, '..', '..', '..', 'test', 'host');

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const hostPaths: HostPaths = require(path.join(hostSourceDir, 'paths.js'));
