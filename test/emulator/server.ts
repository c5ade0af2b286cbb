/**
 * The emulator's HTTP server: routing, tokens, the request log, the concurrency counter, fault
 * injection, gzip and the headers every Salesforce response carries. Plain Node `http`, 127.0.0.1.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable, pipeline } from 'node:stream';
import * as zlib from 'node:zlib';
import { handleBulk1 } from './bulk1';
import { handleBulk2 } from './bulk2';
import { describeReply } from './describe';
import { EmulatorClock, manualClock, realClock } from './clock';
import { to18 } from './ids';
import { scannerFor, uploadTarget } from './ingest';
import { JobStore } from './jobs';
import type { Upload } from './upload';
import { API_VERSIONS, bearer, limits, oauthToken, OrgDeps, OrgInfo, resources, soql, sobjectUser, userInfo, versionList } from './org';
import { bodyText, bulk1Error, CT_JSON, htmlPage, NOT_FOUND_MESSAGE, Reply, RequestContext, requestWantsJson, restError } from './reply';
import { seedDemo } from './seed';
import { bigOrgSized, seedOrgSized } from './seedOrg';
import { setupPage } from './setup';
import { seedCauses } from './tooling';
import type { Emulator, EmulatorOptions, FaultSpec, RequestLogEntry } from './types';

const ORG_ID_15 = '00D000000000001';
const USER_ID_15 = '005EM0000000001';
const DEFAULT_TOKEN = `${ORG_ID_15}!EMULATOR.TOKEN.1`;
const MAX_BODY = 10 * 1024 * 1024;

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
  /** Matching requests still to let through before it applies. */
  skip: number;
}

/**
 * The self-signed certificate (CN/SAN 127.0.0.1, its own CA) the emulator presents to TLS clients.
 * Test-only key material. Give it to a Salesforce CLI with `NODE_EXTRA_CA_CERTS=<this path>`.
 */
export const EMULATOR_CA_CERT_PATH = findTlsFile('cert.pem');

function findTlsFile(name: string): string {
  // Compiled to out/test/emulator/: the PEM files stay in the source tree.
  const candidates = [path.join(__dirname, 'tls', name), path.resolve(__dirname, '../../../test/emulator/tls', name)];
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[1];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function collapse(rawUrl: string): string {
  const q = rawUrl.indexOf('?');
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  return path.replace(/\/{2,}/g, '/') + (q < 0 ? '' : rawUrl.slice(q));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) {
        chunks.push(c);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
    req.on('aborted', () => resolve(''));
  });
}

/** An upload body (ingest.ts), judged as it streams in: nothing but counts and failed rows is kept of a big one. */
function scanBody(req: http.IncomingMessage, scanner: NonNullable<ReturnType<typeof scannerFor>>): Promise<Upload | undefined> {
  return new Promise((resolve) => {
    req.on('data', (c: Buffer) => scanner.push(c));
    req.on('end', () => resolve(scanner.end()));
    req.on('error', () => resolve(undefined));
    req.on('aborted', () => resolve(undefined));
  });
}

/** What a request is about, from its path alone (so faulted requests are described too). */
function describePath(pathWithQuery: string): Pick<RequestLogEntry, 'flavour' | 'jobId'> {
  const p = pathWithQuery.split('?')[0];
  const v1 = /^\/services\/async\/[^/]+\/job\/([^/]+)/.exec(p);
  if (p.startsWith('/services/async/')) {
    return { flavour: '1.0', jobId: v1?.[1] };
  }
  const v2 = /^\/services\/data\/v[^/]+\/jobs\/(?:ingest|query)(?:\/([^/]+))?/.exec(p);
  if (v2) {
    return { flavour: '2.0', jobId: v2[1] };
  }
  if (p.startsWith('/services/oauth2/') || p.startsWith('/id/')) {
    return { flavour: 'auth' };
  }
  return { flavour: 'other' };
}

/** A body that parses as nothing: mismatched XML tags, broken JSON, an unterminated CSV quote. */
function malformed(reply: Reply): string {
  if (reply.contentType.includes('json')) {
    return '{"id" : "750EM0000000001AAA", "state" : "Open", "numberBatchesTotal" : , }';
  }
  if (reply.contentType.includes('csv')) {
    return '"Id","Success","Created","Error"\n"001EM00000000001","true,"true\n';
  }
  return '<?xml version="1.0" encoding="UTF-8"?>\n<jobInfo xmlns="http://www.force.com/2009/06/asyncapi/dataload">\n  <id>750EM0000000001AAA</state>\n  <state>Open</id>\n</jobInfo';
}

export class EmulatorServer implements Emulator {
  readonly log: RequestLogEntry[] = [];
  readonly jobs: JobStore;
  readonly username: string;
  readonly orgId = to18(ORG_ID_15);
  readonly userId = to18(USER_ID_15);
  readonly refreshToken: string;
  private readonly clockImpl: EmulatorClock;
  /** Accepts connections and hands each to the HTTP or the HTTPS server by its first byte. */
  private readonly server: net.Server;
  private readonly httpServer: http.Server;
  private readonly httpsServer: https.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly validTokens = new Set<string>();
  private currentToken: string;
  private tokenCounter = 1;
  private faults: ActiveFault[] = [];
  private latency = 0;
  private inFlight = 0;
  private peak = 0;
  private usage = 0;
  private readonly apiUsageMax: number;
  private readonly pageSize: number;
  private readonly onRequest?: (entry: RequestLogEntry) => void;
  private port = 0;
  private readonly sandbox: boolean;
  private readonly ingestListsClassic: boolean;

  constructor(options: EmulatorOptions = {}) {
    const start = options.startTime ?? Math.floor(Date.now() / 1000) * 1000;
    this.clockImpl = options.clock === 'real' ? realClock(start, options.speed ?? 1) : manualClock(start);
    this.username = options.username ?? 'demo@bulk-emulator.example';
    this.currentToken = options.token ?? DEFAULT_TOKEN;
    this.validTokens.add(this.currentToken);
    this.refreshToken = options.refreshToken ?? '5Aep861EMULATOR.REFRESH.TOKEN';
    this.apiUsageMax = options.apiUsageMax ?? 15000;
    this.pageSize = Math.max(1, options.pageSize ?? 25);
    this.onRequest = options.onRequest;
    this.sandbox = options.sandbox ?? true;
    this.jobs = new JobStore(() => this.clockImpl.now(), this.userId);
    if ((options.seed ?? 'demo') === 'demo') {
      seedDemo(this.jobs, start);
    } else if (options.seed === 'orgSized') {
      seedOrgSized(this.jobs, start, options.orgSized);
    } else if (options.seed === 'bigOrg') {
      seedOrgSized(this.jobs, start, bigOrgSized(options.orgSized));
    }
    if (options.causes === true) {
      seedCauses(this.jobs, start);
    }
    this.ingestListsClassic = options.ingestListsClassic ?? false;
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      void this.handle(req, res);
    };
    this.httpServer = http.createServer(handler);
    this.httpServer.keepAliveTimeout = 5_000;
    // The Salesforce CLI always logs in to `https://` + the host of an sfdx auth URL, so the same
    // port also speaks TLS; the token answer then points it to the plain-HTTP instance URL.
    this.httpsServer = https.createServer({ key: fs.readFileSync(findTlsFile('key.pem')), cert: fs.readFileSync(EMULATOR_CA_CERT_PATH) }, handler);
    this.httpsServer.keepAliveTimeout = 5_000;
    this.server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => { /* client went away */ });
      socket.once('data', (first: Buffer) => {
        socket.pause();
        socket.unshift(first);
        (first[0] === 0x16 ? this.httpsServer : this.httpServer).emit('connection', socket);
        process.nextTick(() => socket.resume());
      });
    });
    this.server.maxConnections = 4096;
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', 1024, () => {
        this.port = (this.server.address() as net.AddressInfo).port;
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get token(): string {
    return this.currentToken;
  }

  get clock(): { now(): number; advance(ms: number): void } {
    return this.clockImpl;
  }

  get maxConcurrent(): number {
    return this.peak;
  }

  get apiUsage(): number {
    return this.usage;
  }

  setApiUsage(used: number): void {
    this.usage = Math.max(0, Math.floor(used));
  }

  clearLog(): void {
    this.log.length = 0;
  }

  resetConcurrency(): void {
    this.peak = this.inFlight;
  }

  fault(spec: FaultSpec): () => void {
    const active: ActiveFault = { spec, remaining: spec.times ?? Infinity, skip: spec.after ?? 0 };
    this.faults.push(active);
    return () => {
      this.faults = this.faults.filter((f) => f !== active);
    };
  }

  clearFaults(): void {
    this.faults = [];
  }

  expireToken(): void {
    this.validTokens.delete(this.currentToken);
  }

  issueToken(): string {
    this.tokenCounter++;
    this.currentToken = `${ORG_ID_15}!EMULATOR.TOKEN.${this.tokenCounter}`;
    this.validTokens.add(this.currentToken);
    return this.currentToken;
  }

  setLatency(ms: number): void {
    this.latency = Math.max(0, ms);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) {
        s.destroy();
      }
    });
  }

  private tokenOk = (token: string): boolean => this.validTokens.has(token);

  private takeFault(method: string, path: string): FaultSpec | undefined {
    for (const f of this.faults) {
      if (f.remaining <= 0) {
        continue;
      }
      if (f.spec.method && f.spec.method.toUpperCase() !== method) {
        continue;
      }
      const p = f.spec.path;
      if (p !== undefined && !(typeof p === 'string' ? path.includes(p) : p.test(path))) {
        continue;
      }
      if (f.skip > 0) {
        f.skip--;
        continue;
      }
      f.remaining--;
      return f.spec;
    }
    return undefined;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = collapse(req.url ?? '/');
    const startedAt = performance.now();
    const entry: RequestLogEntry = { method, path, status: 0, at: this.clockImpl.now(), startedAt, endedAt: startedAt, authOk: false, ...describePath(path) };
    if (entry.jobId === undefined) {
      delete entry.jobId;
    }
    this.log.push(entry);
    this.inFlight++;
    this.peak = Math.max(this.peak, this.inFlight);
    let finished = false;
    res.on('close', () => {
      if (!finished) {
        finished = true;
        this.inFlight--;
        entry.endedAt = performance.now();
        entry.status = res.headersSent ? res.statusCode : 0;
        this.onRequest?.(entry);
      }
    });

    const uploadJob = uploadTarget(method, path.split('?')[0]);
    const scanner = uploadJob === undefined ? undefined : scannerFor(this.jobs.find(uploadJob), this.jobs);
    const upload = scanner === undefined ? undefined : await scanBody(req, scanner);
    const body = scanner === undefined ? await readBody(req) : '';
    const fault = this.takeFault(method, path);
    if (fault) {
      entry.fault = JSON.stringify({ ...fault, path: fault.path?.toString() });
    }
    const delay = this.latency + (fault?.latencyMs ?? 0);
    if (delay > 0) {
      await sleep(delay);
    }
    if (res.destroyed) {
      return;
    }
    if (fault?.hang) {
      return; // never answered; the socket is destroyed by close()
    }
    if (fault?.reset) {
      req.socket.destroy();
      return;
    }
    if (fault?.expireToken) {
      this.expireToken();
    }
    const q = path.indexOf('?');
    const ctx: RequestContext = {
      method,
      path: q < 0 ? path : path.slice(0, q),
      query: new URLSearchParams(q < 0 ? '' : path.slice(q + 1)),
      headers: req.headers,
      body,
      now: this.clockImpl.now(),
      upload,
    };
    // A gateway page (status / html) is answered in front of Salesforce: the request never reaches
    // it, so nothing changes and nothing is counted. Other body faults corrupt a real answer.
    if (fault?.status !== undefined || fault?.body === 'html') {
      this.send(req, res, htmlPage(fault.status ?? 200), false);
      return;
    }
    let reply: Reply;
    try {
      if (fault?.error) {
        this.usage += ctx.path.startsWith('/services/') ? 1 : 0;
        reply = this.errorReply(ctx, entry, fault.error);
      } else {
        reply = this.route(ctx, entry);
      }
    } catch (e) {
      reply = restError(500, 'UNKNOWN_EXCEPTION', `Emulator error: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (fault?.stallAfterBytes !== undefined) {
      const buf = Buffer.from(bodyText(reply), 'utf8');
      res.writeHead(reply.status, { 'Content-Type': reply.contentType, 'Content-Length': String(buf.length) });
      res.write(buf.subarray(0, fault.stallAfterBytes));
      return; // the rest never comes; the socket is destroyed by close()
    }
    let damage: 'truncate' | 'garble' | undefined;
    if (fault?.body === 'empty') {
      reply = { ...reply, status: 200, body: '' };
    } else if (fault?.body === 'malformed') {
      reply = { ...reply, status: 200, body: malformed(reply) };
    } else if (fault?.body === 'truncated' || fault?.body === 'garbled') {
      reply = { ...reply, body: bodyText(reply) };
      damage = fault.body === 'truncated' ? 'truncate' : 'garble';
    }
    this.send(req, res, reply, path.startsWith('/services/'), damage);
  }

  private send(req: http.IncomingMessage, res: http.ServerResponse, reply: Reply, api: boolean, damage?: 'truncate' | 'garble'): void {
    const headers: Record<string, string> = { 'Content-Type': reply.contentType, Date: new Date().toUTCString(), ...reply.headers };
    if (api) {
      headers['Sforce-Limit-Info'] = `api-usage=${this.usage}/${this.apiUsageMax}`;
    }
    const gzip = /\bgzip\b/i.test(String(req.headers['accept-encoding'] ?? '')) && reply.status !== 204;
    if (gzip) {
      headers['Content-Encoding'] = 'gzip';
      headers.Vary = 'Accept-Encoding';
    }
    if (typeof reply.body === 'string') {
      let buf: Buffer = Buffer.from(reply.body, 'utf8');
      if (gzip) {
        buf = zlib.gzipSync(buf);
        if (damage === 'garble') {
          // Past the 10-byte gzip header: the compressed data (or, for a tiny body, its checksum) no longer adds up.
          for (let k = 10; k < buf.length - 4; k += 3) {
            buf[k] ^= 0x5a;
          }
        }
      } else if (damage === 'garble') {
        buf = Buffer.from(malformed(reply), 'utf8');
      }
      if (reply.status !== 204) {
        headers['Content-Length'] = String(buf.length);
      }
      res.writeHead(reply.status, headers);
      if (damage === 'truncate') {
        res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => res.destroy());
        return;
      }
      res.end(reply.status === 204 ? undefined : buf);
      return;
    }
    res.writeHead(reply.status, headers);
    const source = Readable.from(reply.body, { objectMode: false });
    const done = () => { /* errors mean the client went away */ };
    if (gzip) {
      pipeline(source, zlib.createGzip(), res, done);
    } else {
      pipeline(source, res, done);
    }
  }

  /** A Salesforce error in the request's flavour (FaultSpec.error, or the API limit once exhausted). */
  private errorReply(ctx: RequestContext, entry: RequestLogEntry, error: { code: string; message?: string; status?: number }): Reply {
    const message = error.message ?? `${error.code} (injected by the emulator)`;
    if (entry.flavour === '1.0') {
      const job = entry.jobId ? this.jobs.find(entry.jobId) : undefined;
      const json = job?.flavour === '1.0' ? job.contentType.includes('JSON') : requestWantsJson(ctx);
      return bulk1Error(json, error.code, message, error.status ?? 400);
    }
    return restError(error.status ?? 400, error.code, message);
  }

  private orgInfo(): OrgInfo {
    return { url: this.url, orgId: this.orgId, userId: this.userId, username: this.username, refreshToken: this.refreshToken, isSandbox: this.sandbox };
  }

  private route(ctx: RequestContext, entry: RequestLogEntry): Reply {
    const segs = ctx.path.split('/').filter((s) => s !== '');
    const note = (info: { jobId?: string; authOk?: boolean }) => {
      if (info.jobId !== undefined) {
        entry.jobId = info.jobId;
      }
      if (info.authOk !== undefined) {
        entry.authOk = info.authOk;
      }
    };
    if (segs[0] === 'services') {
      this.usage++;
      if (this.usage > this.apiUsageMax && segs[1] !== 'oauth2') {
        // Assumption: 1.0 answers ExceededQuota, REST/2.0 answer 403 REQUEST_LIMIT_EXCEEDED.
        this.usage--;
        return this.errorReply(ctx, entry, segs[1] === 'async'
          ? { code: 'ExceededQuota', message: 'TotalRequests Limit exceeded.', status: 400 }
          : { code: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.', status: 403 });
      }
    }
    const orgDeps: OrgDeps = { org: this.orgInfo(), tokenOk: this.tokenOk, issueToken: () => this.issueToken(), note };
    if (segs[0] === 'services' && segs[1] === 'async') {
      entry.flavour = '1.0';
      return handleBulk1(ctx, segs.slice(2), { jobs: this.jobs, tokenOk: this.tokenOk, note });
    }
    if (segs[0] === 'services' && segs[1] === 'oauth2') {
      entry.flavour = 'auth';
      if (segs[2] === 'userinfo' && segs.length === 3) {
        return userInfo(ctx, orgDeps);
      }
      if (segs[2] === 'token' && segs.length === 3 && ctx.method === 'POST') {
        return oauthToken(ctx, orgDeps);
      }
      if (segs[2] === 'revoke' && segs.length === 3) {
        return { status: 200, contentType: CT_JSON, body: '' };
      }
      return restError(404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
    }
    if (segs[0] === 'id' && segs.length === 3) {
      entry.flavour = 'auth';
      return userInfo(ctx, orgDeps);
    }
    if (segs[0] === 'services' && segs[1] === 'data') {
      return this.routeData(ctx, segs.slice(2), entry, note);
    }
    entry.flavour = 'other';
    if (ctx.path === '/lightning/setup/AsyncApiJobStatus/page' && ctx.method === 'GET') {
      return setupPage(this.jobs, ctx);
    }
    return restError(404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
  }

  private routeData(ctx: RequestContext, segs: string[], entry: RequestLogEntry, note: (i: { jobId?: string; authOk?: boolean }) => void): Reply {
    entry.flavour = segs[1] === 'jobs' ? '2.0' : 'other';
    if (segs.length === 0) {
      return versionList();
    }
    const vm = /^v(\d+\.\d)$/.exec(segs[0]);
    if (!vm || !API_VERSIONS.includes(vm[1])) {
      return restError(404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
    }
    const version = vm[1];
    const authOk = this.tokenOk(bearer(ctx));
    note({ authOk });
    if (!authOk) {
      return restError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    }
    const rest = segs.slice(1);
    if (rest.length === 0) {
      return resources(version);
    }
    switch (rest[0]) {
      case 'jobs':
        return handleBulk2(ctx, version, rest.slice(1), { jobs: this.jobs, pageSize: this.pageSize, ingestListsClassic: this.ingestListsClassic, note });
      case 'query':
        return rest.length === 1 ? soql(ctx, version, false, this.orgInfo()) : restError(404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
      case 'tooling':
        return rest[1] === 'query' && rest.length === 2 ? soql(ctx, version, true, this.orgInfo()) : restError(404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
      case 'sobjects':
        if (rest.length === 3 && rest[2] === 'describe' && ctx.method === 'GET') {
          return describeReply(rest[1], version);
        }
        return rest[1] === 'User' && rest.length === 3 ? sobjectUser(rest[2], version, this.orgInfo()) : restError(404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
      case 'limits':
        return limits(this.usage, this.apiUsageMax);
      default:
        return restError(404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
    }
  }
}


