/**
 * The request plumbing: one function that sends one HTTP request and either returns the whole
 * response (any status) or throws a `TransportError` saying why there is no response.
 *
 * axios with the Node http adapter and `proxy: false`, so that inside the extension host VS Code's
 * proxy support (which patches Node's http/https) applies. Redirects are not followed. Bodies are
 * read as bytes and decoded here; parsing is the caller's job, by Content-Type.
 *
 * Each call has one deadline (`timeoutMs`) covering connect, headers and body, enforced by an
 * AbortController that also follows the caller's `signal`. `openStream` (for large result files,
 * later) shares the same configuration and deadline handling; only the response type differs.
 */
import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse, isAxiosError } from 'axios';
import { PassThrough, Readable } from 'stream';
import * as zlib from 'zlib';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT';

export interface HttpRequest {
  method: HttpMethod;
  /** Absolute URL. */
  url: string;
  headers: Record<string, string>;
  /** A stream is sent as it is read (chunked), for uploads of any size. */
  body?: string | Buffer | Readable;
  /** The whole request's budget in ms. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The media type without parameters, lower case (`application/xml`), or '' when absent. */
  contentType: string;
  body: string;
}

export interface HttpStreamResponse extends Omit<HttpResponse, 'body'> {
  body: Readable;
  /** Call when done with the stream (stops the deadline timer). */
  release(): void;
}

/**
 * Why no (complete) response came back. `truncated`: the headers arrived but the body broke off
 * (connection reset or a corrupt gzip stream mid-body).
 */
export type TransportFailure = 'timeout' | 'cancelled' | 'network' | 'truncated';

export class TransportError extends Error {
  constructor(
    readonly failure: TransportFailure,
    /** A short technical detail for logs (`ECONNREFUSED`, …); never headers. */
    readonly detail: string,
    readonly status?: number,
  ) {
    super(`${failure}: ${detail}`);
    this.name = 'TransportError';
  }
}

/** Up to 50 MB of XML/JSON: a job with 10,000 batches lists in a few MB. */
const MAX_BODY_BYTES = 50 * 1024 * 1024;

export interface HttpClient {
  send(request: HttpRequest): Promise<HttpResponse>;
  openStream(request: HttpRequest): Promise<HttpStreamResponse>;
}

export function createHttpClient(): HttpClient {
  const instance = axios.create();
  return {
    send: async (request) => {
      const { response, release } = await dispatch(instance, request, 'arraybuffer');
      release();
      const data = response.data as ArrayBuffer | Buffer;
      const described = describe(response);
      const bytes = await decoded(Buffer.isBuffer(data) ? data : Buffer.from(data), described);
      return { ...described, body: bytes.toString('utf8').replace(/^\uFEFF/, '') };
    },
    openStream: async (request) => {
      const { response, release, abort } = await dispatch(instance, request, 'stream');
      const described = describe(response);
      return { ...described, ...watchBody(inflated(response.data as Readable, described.headers), request, release, abort) };
    },
  };
}

function describe(response: AxiosResponse): Omit<HttpResponse, 'body'> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (value !== undefined && value !== null) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    }
  }
  const contentType = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return { status: response.status, headers, contentType };
}

async function dispatch(
  instance: AxiosInstance,
  request: HttpRequest,
  responseType: 'arraybuffer' | 'stream',
): Promise<{ response: AxiosResponse; release: () => void; abort: () => void }> {
  if (request.signal?.aborted) {
    throw new TransportError('cancelled', 'aborted before sending');
  }
  const controller = new AbortController();
  let reason: 'timeout' | 'cancelled' | undefined;
  const onCallerAbort = (): void => {
    reason ??= 'cancelled';
    controller.abort();
  };
  const timer = setTimeout(() => {
    reason ??= 'timeout';
    controller.abort();
  }, request.timeoutMs);
  request.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const release = (): void => {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onCallerAbort);
  };

  const config: AxiosRequestConfig = {
    method: request.method,
    url: request.url,
    headers: { 'Accept-Encoding': 'gzip', ...request.headers },
    data: request.body,
    adapter: 'http',
    proxy: false,
    // Bodies are decoded here (`decoded`, `inflated`), not by axios (see `decoded`).
    decompress: false,
    maxRedirects: 0,
    responseType,
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    signal: controller.signal,
    // A result file may be gigabytes: streams are never capped (the reader keeps memory flat).
    maxContentLength: responseType === 'stream' ? -1 : MAX_BODY_BYTES,
    // An upload stream is as large as the caller makes it (≤ 100 MB per Bulk 2.0 part).
    maxBodyLength: request.body instanceof Readable ? -1 : MAX_BODY_BYTES,
  };
  try {
    const response = await instance.request(config);
    return { response, release, abort: () => controller.abort() };
  } catch (e) {
    release();
    if (reason !== undefined) {
      throw new TransportError(reason, reason === 'timeout' ? `no complete answer within ${request.timeoutMs} ms` : 'aborted by the caller');
    }
    if (isAxiosError(e)) {
      const code = e.code ?? 'ERROR';
      if (e.response !== undefined) {
        throw new TransportError('truncated', `${code}: ${e.message}`, e.response.status);
      }
      throw new TransportError('network', code);
    }
    throw new TransportError('network', e instanceof Error ? e.name : 'unknown');
  }
}

/**
 * The decoder a body's Content-Encoding needs (`unzip` tells gzip and deflate apart), or none. The
 * header is removed, as axios does: the body handed on is not encoded.
 */
function decoderOf(headers: Record<string, string>): 'unzip' | 'brotli' | undefined {
  const encoding = (headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder = encoding === 'gzip' || encoding === 'x-gzip' || encoding === 'deflate' ? 'unzip' : encoding === 'br' ? 'brotli' : undefined;
  if (decoder !== undefined) {
    delete headers['content-encoding'];
  }
  return decoder;
}

/** A compressed body this small is decoded at once (well under a millisecond); a bigger one off the main thread. */
const DECODE_AT_ONCE_BYTES = 64 * 1024;

/**
 * A whole body as it was before compression. Done here rather than by axios, whose inflating stream
 * (a pipeline, its abort controller, a flush per write) cost more than the rest of a small request
 * (`npm run bench`, client overhead: 0.79 against 0.56 ms a GET). A body that does not decode (cut
 * short) is `truncated`; one that decodes to more than 50 MB fails as axios's cap did.
 */
async function decoded(data: Buffer, response: Omit<HttpResponse, 'body'>): Promise<Buffer> {
  const decoder = decoderOf(response.headers);
  if (decoder === undefined || data.length === 0) {
    return data;
  }
  const options = { maxOutputLength: MAX_BODY_BYTES };
  try {
    if (data.length <= DECODE_AT_ONCE_BYTES) {
      return decoder === 'unzip' ? zlib.unzipSync(data, options) : zlib.brotliDecompressSync(data, options);
    }
    return await new Promise<Buffer>((resolve, reject) => {
      const done = (e: Error | null, out: Buffer): void => (e ? reject(e) : resolve(out));
      if (decoder === 'unzip') {
        zlib.unzip(data, options, done);
      } else {
        zlib.brotliDecompress(data, options, done);
      }
    });
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'ERROR';
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new TransportError('network', `${code}: more than ${MAX_BODY_BYTES} bytes`);
    }
    throw new TransportError('truncated', `${code}: ${e instanceof Error ? e.message.slice(0, 80) : 'unreadable'}`, response.status);
  }
}

/**
 * A streamed body as it was before compression. Done here rather than by axios: axios's inflater
 * flushes on every write and hands out 16 KB pieces, which behind a reader slower than the network
 * (a download joining and writing files) cost more CPU than all the parsing (issue 23: 1.9 s of
 * 5 s for a 1M-row 1.0 download). A body that breaks off mid-stream fails (it is not cut short quietly).
 */
function inflated(raw: Readable, headers: Record<string, string>): Readable {
  const decoder = decoderOf(headers);
  if (decoder === undefined) {
    return raw;
  }
  const options = { chunkSize: 64 * 1024 };
  const inflater = decoder === 'unzip' ? zlib.createUnzip(options) : zlib.createBrotliDecompress(options);
  raw.on('error', (e) => inflater.destroy(e));
  inflater.on('close', () => raw.destroy());
  return raw.pipe(inflater);
}

/**
 * A streamed body: the request's deadline covered the headers; from then on the body may take as
 * long as it needs as long as it keeps coming. `timeoutMs` without a byte (while the reader is
 * waiting for one) fails it with a `TransportError('timeout')`; the caller's signal fails it with
 * `TransportError('cancelled')`; a body that breaks off fails with `TransportError('truncated')`.
 */
function watchBody(
  source: Readable,
  request: HttpRequest,
  releaseDeadline: () => void,
  abort: () => void,
): { body: Readable; release: () => void } {
  releaseDeadline();
  let idle: NodeJS.Timeout | undefined;
  let finished = false;
  const body = new PassThrough();
  const arm = (): void => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      if (body.readableLength > 0 || body.writableLength > 0) {
        arm(); // the reader is the slow one, not the network
        return;
      }
      fail(new TransportError('timeout', `no data for ${request.timeoutMs} ms`));
    }, request.timeoutMs);
  };
  const onAbort = (): void => fail(new TransportError('cancelled', 'aborted by the caller'));
  const release = (): void => {
    finished = true;
    clearTimeout(idle);
    request.signal?.removeEventListener('abort', onAbort);
  };
  function fail(e: TransportError): void {
    if (finished) {
      return;
    }
    release();
    abort();
    source.destroy();
    body.destroy(e);
  }
  // Errors reach the reader through its `for await`; a body nobody reads yet must not crash the process.
  body.on('error', () => undefined);
  source.on('data', arm);
  source.on('error', (e: Error & { code?: string }) => fail(new TransportError('truncated', e.code ?? e.message.slice(0, 80))));
  source.on('end', release);
  source.pipe(body);
  request.signal?.addEventListener('abort', onAbort, { once: true });
  if (request.signal?.aborted) {
    onAbort();
  } else {
    arm();
  }
  return { body, release };
}
