/**
 * Streamed answers (result files, which may be gigabytes): the body handed to the caller with its
 * transport errors translated, and the small read of an error answer's body.
 */
import { fromTransport, type FailureContext } from './requestFailures';
import { TransportError, type HttpResponse, type HttpStreamResponse } from './http';
import type { Session } from './session';
import type { BulkStream } from './types';

/** How much of an error answer's body is read. */
const MAX_ERROR_BODY_BYTES = 1024 * 1024;

/** The body with transport errors turned into BulkApiErrors naming the org and the file. */
export function wrapStream(res: HttpStreamResponse, ctx: FailureContext, session: Session): BulkStream {
  const body = res.body;
  const original = body.destroy.bind(body);
  // Errors surface from `for await` as whatever the stream was destroyed with: translate them.
  body.destroy = (error?: Error) => {
    if (error instanceof TransportError) {
      session.log('warn', `stream failed: ${error.failure} (${error.detail}) while ${ctx.action}`);
      return original(session.safe(fromTransport(error, ctx)));
    }
    return original(error);
  };
  return {
    body,
    contentType: res.contentType,
    headers: res.headers,
    close: () => {
      res.release();
      if (!body.readableEnded) {
        original();
      }
    },
  };
}

/** An error answer's body (at most 1 MB of it) as a plain response. */
export async function readSmallBody(res: HttpStreamResponse): Promise<HttpResponse> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body) {
      const b = chunk as Buffer;
      size += b.length;
      if (size > MAX_ERROR_BODY_BYTES) {
        break;
      }
      chunks.push(b);
    }
  } catch {
    // a broken-off error body: use what came
  } finally {
    res.release();
    res.body.destroy();
  }
  return { status: res.status, headers: res.headers, contentType: res.contentType, body: Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '') };
}
