/** The emulator's public contract (see /tmp/emulator-contract.md); implemented by server.ts. */
import type { EmulatorJobs } from './jobs';

export interface EmulatorOptions {
  /** Default 0 (random); the host is always 127.0.0.1. */
  port?: number;
  /**
   * Default 'demo'. `orgSized`: thousands of jobs over 7 days (seedOrg.ts; `orgSized` below). `bigOrg`: the
   * same with 50,000 jobs in the 7 days (`BIG_ORG_JOBS`; `orgSized.liveHours` still applies).
   */
  seed?: 'demo' | 'empty' | 'orgSized' | 'bigOrg';
  /** Default 'manual' (tests); the CLI uses 'real'. */
  clock?: 'manual' | 'real';
  /** The valid access token; default '00D000000000001!EMULATOR.TOKEN.1'. */
  token?: string;
  /** Default 'demo@bulk-emulator.example'. */
  username?: string;
  /** Default 15000. */
  apiUsageMax?: number;
  // ---- additions beyond the contract
  /** Emulator time at start (ms since the epoch); default: now, rounded down to the second. */
  startTime?: number;
  /** Real clock only: emulator time runs `speed` × real time (default 1). */
  speed?: number;
  /** Page size of `jobs/ingest` and `jobs/query` listings (default 25; Salesforce uses up to 1000). */
  pageSize?: number;
  /** The refresh token accepted by POST /services/oauth2/token (letters, digits, '.'); default '5Aep861EMULATOR.REFRESH.TOKEN'. */
  refreshToken?: string;
  /** Whether the org is a sandbox (`Organization.IsSandbox`); default true. False: a production org. */
  sandbox?: boolean;
  /** Options of the `orgSized` seed: jobs in 7 days (default 3,000) and hours of live loads (default 2). */
  orgSized?: { count?: number; liveHours?: number };
  /**
   * Whether unfiltered `jobs/ingest` also lists Classic (1.0) jobs, as its documentation ("all jobs in
   * the org", with a `jobType=Classic` filter) says; default false (2.0 ingest jobs only, as before).
   */
  ingestListsClassic?: boolean;
  /**
   * Addition: also plant the `causes` scenario (tooling.ts `CAUSE_IDS`): loads whose records fail
   * because of the org's validation rule, Apex and flow (answered by the Tooling API queries, and
   * found in test/fixtures/sfdx-workspace); default false. The org's metadata is always answered.
   */
  causes?: boolean;
  /** Called when a request has been answered (or dropped), e.g. to log it. */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface RequestLogEntry {
  method: string;
  /** Path with query, as received (double slashes collapsed). */
  path: string;
  /** 0 when no answer was sent (reset, hang, client gone). */
  status: number;
  /** Emulator clock ms at arrival. */
  at: number;
  /** Real ms (performance.now()) for concurrency measurements. */
  startedAt: number;
  endedAt: number;
  flavour?: '1.0' | '2.0' | 'auth' | 'other';
  jobId?: string;
  authOk: boolean;
  /** Addition: which fault, if any, was applied. */
  fault?: string;
}

export interface FaultSpec {
  method?: string;
  /** Matched against the request path with query (string = substring). */
  path?: string | RegExp;
  /** How many matching requests it applies to (default: forever). */
  times?: number;
  /** Addition: the first `after` matching requests pass untouched (e.g. fail only the fifth batch: `after: 4, times: 1`). */
  after?: number;
  /** Added delay (real time). */
  latencyMs?: number;
  /** Answer with this status and an HTML body (a proxy / maintenance page). */
  status?: 500 | 502 | 503 | 429 | number;
  /**
   * malformed = broken XML/JSON with 200; truncated = cut mid-body; garbled = the whole body arrives but its gzip
   * does not decode (damaged on the way; without gzip, as malformed); empty = 200 with no body; html = an HTML page.
   */
  body?: 'html' | 'malformed' | 'truncated' | 'garbled' | 'empty';
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Never answer (until the emulator closes). */
  hang?: boolean;
  /** Addition: the current token expires just before this request is handled. */
  expireToken?: boolean;
  /**
   * Addition: answer with a Salesforce error instead: Bulk 1.0 `<error>` (XML or JSON by the job /
   * the request; default status 400) or a REST `[{"errorCode","message"}]` (default status 400).
   * E.g. `{ code: 'InvalidUser' }`, `{ code: 'ExceededQuota' }`, `{ code: 'REQUEST_LIMIT_EXCEEDED', status: 403 }`.
   */
  error?: { code: string; message?: string; status?: number };
  /** Addition: send the headers and this many bytes of the (uncompressed) body, then nothing more, ever (a stalled download). */
  stallAfterBytes?: number;
}

export interface Emulator {
  /** 'http://127.0.0.1:PORT' */
  readonly url: string;
  /** The currently valid access token. */
  readonly token: string;
  readonly username: string;
  /** 00D… (18 chars) */
  readonly orgId: string;
  /** 005… (18 chars) */
  readonly userId: string;
  /** Addition: the refresh token POST /services/oauth2/token accepts. */
  readonly refreshToken: string;
  /** advance() only moves a manual clock. */
  readonly clock: { now(): number; advance(ms: number): void };
  readonly log: RequestLogEntry[];
  clearLog(): void;
  /** Peak number of requests in flight since the last resetConcurrency(). */
  readonly maxConcurrent: number;
  resetConcurrency(): void;
  /** Returns a remover. */
  fault(spec: FaultSpec): () => void;
  clearFaults(): void;
  /** The current token becomes invalid (InvalidSessionId / 401 INVALID_SESSION_ID). */
  expireToken(): void;
  /** Returns a new valid token (old ones stay invalid if expired). */
  issueToken(): string;
  /** Added latency for every request (real ms). */
  setLatency(ms: number): void;
  /** Addition: API requests counted so far (the N of `Sforce-Limit-Info: api-usage=N/15000`). */
  readonly apiUsage: number;
  /** Addition: sets that count (e.g. to 96 % of `apiUsageMax`, as if other integrations used it); requests go on counting from there. */
  setApiUsage(used: number): void;
  jobs: EmulatorJobs;
  close(): Promise<void>;
}
