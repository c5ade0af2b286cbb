/** The emulator in its own process, as Salesforce is on its own machine (its work on its own core). */
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';

export interface EmulatorProcess {
  child: ChildProcess;
  url: string;
  token: string;
  bigJobs: { big1?: string; big2?: string };
  /** Stops the process. */
  stop(): void;
}

/** `args`: the command line's (see test/emulator/cli.ts), after `--seed empty --quiet=1`. */
export async function startEmulatorProcess(args: string[] = []): Promise<EmulatorProcess> {
  const cli = path.join(__dirname, '..', 'emulator', 'cli.js');
  const child = spawn(process.execPath, [cli, '--seed', 'empty', ...args, '--quiet=1'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        resolve(out.slice(0, nl));
      }
    });
    child.on('exit', (code) => reject(new Error(`the emulator exited (${code})`)));
  });
  const info = JSON.parse(line) as { url: string; token: string; bigJobs?: { big1?: string; big2?: string } };
  return {
    child,
    url: info.url,
    token: info.token,
    bigJobs: info.bigJobs ?? {},
    stop: () => {
      child.stdin?.end();
      child.kill();
    },
  };
}
