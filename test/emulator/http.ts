/**
 * A bare Node `http` request helper for tests and benchmarks that talk to the emulator without the
 * project's client (no axios): buffers the body, gunzips it when asked, reports resets as errors.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as zlib from 'node:zlib';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as received on the wire (possibly gzip). */
  raw: Buffer;
  /** The body decoded (gunzipped if Content-Encoding: gzip) as UTF-8. */
  text: string;
  /** True when the connection ended before Content-Length bytes arrived. */
  truncated: boolean;
}

export interface RawRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Give up after this many ms (rejects with an Error whose code is 'ETIMEDOUT'). */
  timeoutMs?: number;
  /** For https: URLs, the CA to trust. */
  ca?: string | Buffer;
  agent?: http.Agent;
}

export function rawRequest(url: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const lib = url.startsWith('https:') ? https : http;
    const req = lib.request(url, { method: options.method ?? 'GET', headers: options.headers, ca: options.ca, agent: options.agent }, (res) => {
      const chunks: Buffer[] = [];
      let aborted = false;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('aborted', () => {
        aborted = true;
      });
      res.on('error', () => {
        aborted = true;
      });
      res.on('close', () => {
        const raw = Buffer.concat(chunks);
        const expected = Number(res.headers['content-length'] ?? NaN);
        const truncated = aborted || (Number.isFinite(expected) && raw.length < expected) || !res.complete;
        let text: string;
        try {
          text = res.headers['content-encoding'] === 'gzip' && raw.length > 0 ? zlib.gunzipSync(raw).toString('utf8') : raw.toString('utf8');
        } catch {
          text = '';
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, text, truncated });
      });
    });
    if (options.timeoutMs !== undefined) {
      req.setTimeout(options.timeoutMs, () => {
        req.destroy(Object.assign(new Error(`timed out after ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' }));
      });
    }
    req.on('error', reject);
    req.end(options.body);
  });
}
