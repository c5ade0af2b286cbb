/**
 * Runs the emulator from a command line:
 *   node out/test/emulator/cli.js [--port 8123] [--seed demo|empty|orgSized|bigOrg] [--token T] [--speed N] [--page-size N]
 *                                 [--big1 BATCHESxROWS] [--big2 RECORDS] [--production=1] [--quiet]
 *                                 [--org-jobs N] (the orgSized seed's count) [--latency MS] [--ingest-lists-classic=1]
 *                                 [--causes=1] (also the loads that fail because of the org's Apex, validation rule and flow)
 * Prints one JSON line `{"url":…,"token":…,"username":…}` on stdout (plus `refreshToken`,
 * `sfdxAuthUrl` and `bigJobs` {big1?, big2?}: ids of big generated jobs with 10 % failures), then one
 * line per request on stderr (unless --quiet); stops on SIGINT / SIGTERM or when stdin closes.
 */
import { sfdxAuthUrl, startEmulator } from './index';

function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      throw new Error(`Unexpected argument: ${a}`);
    }
    const eq = a.indexOf('=');
    if (eq > 0) {
      args.set(a.slice(2, eq), a.slice(eq + 1));
    } else {
      args.set(a.slice(2), argv[++i] ?? '');
    }
  }
  return args;
}

function num(value: string | undefined, name: string): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    throw new Error(`--${name} needs a non-negative number, got "${value}"`);
  }
  return n;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const seed = args.get('seed') ?? 'demo';
  if (seed !== 'demo' && seed !== 'empty' && seed !== 'orgSized' && seed !== 'bigOrg') {
    throw new Error('--seed is demo, empty, orgSized or bigOrg');
  }
  const emulator = await startEmulator({
    port: num(args.get('port'), 'port') ?? 0,
    seed,
    clock: 'real',
    speed: num(args.get('speed'), 'speed') ?? 1,
    token: args.get('token') || undefined,
    pageSize: num(args.get('page-size'), 'page-size'),
    sandbox: !args.has('production'),
    orgSized: { count: num(args.get('org-jobs'), 'org-jobs') },
    ingestListsClassic: args.has('ingest-lists-classic'),
    causes: args.has('causes'),
    onRequest: args.has('quiet') ? undefined : (e) => {
      process.stderr.write(`${new Date().toISOString()} ${e.method} ${e.path} -> ${e.status || 'no answer'} ${Math.round(e.endedAt - e.startedAt)}ms${e.fault ? ' [fault]' : ''}\n`);
    },
  });
  emulator.setLatency(num(args.get('latency'), 'latency') ?? 0);
  const bigJobs: { big1?: string; big2?: string } = {};
  const big1 = args.get('big1');
  if (big1 !== undefined) {
    const m = /^(\d+)x(\d+)$/.exec(big1);
    if (!m) {
      throw new Error('--big1 needs BATCHESxROWS, e.g. 100x10000');
    }
    bigJobs.big1 = emulator.jobs.createBig1({ batches: Number(m[1]), rowsPerBatch: Number(m[2]), failureRate: 0.1 });
  }
  const big2 = num(args.get('big2'), 'big2');
  if (big2 !== undefined) {
    bigJobs.big2 = emulator.jobs.createBig2({ records: big2, failureRate: 0.1 });
  }
  process.stdout.write(JSON.stringify({
    url: emulator.url,
    token: emulator.token,
    username: emulator.username,
    refreshToken: emulator.refreshToken,
    sfdxAuthUrl: sfdxAuthUrl(emulator),
    bigJobs,
  }) + '\n');
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (args.has('quiet')) {
    process.stdin.on('end', stop).on('error', stop).resume();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`emulator: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
