// The size limit on messages from a remote (HTTP) child: the fetch its SDK transport uses reads
// a POST's reply, and each event of its GET stream, up to max_message_bytes and no further. A JSON reply over it, or an SSE event
// over it, is cut off (the body is cancelled, so the rest is never read) and the request gets
// an error reply in its place; the session with the child stays as it was.
import type { FetchLike } from '../sdk/shared.js';
import type { JSONRPCMessage, RequestId } from '../sdk/types.js';
import { describeRequest, tooLargeReply } from './message-limit.js';

type OnOversize = (size: number, answered: boolean) => void;
/** The POST's requests: each id and what it asked for. */
type Asked = Array<{ id: RequestId; what: string | undefined }>;

/** The requests a POST body carries (one, or a batch). */
function requestsIn(body: unknown): JSONRPCMessage[] {
  if (typeof body !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(body);
    return (Array.isArray(parsed) ? parsed : [parsed]).filter(
      (m: { id?: unknown; method?: unknown }) => m?.id !== undefined && typeof m?.method === 'string',
    );
  } catch {
    return [];
  }
}

function replyHeaders(res: Response, contentType: string): Headers {
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  headers.delete('content-encoding');
  headers.set('content-type', contentType);
  return headers;
}

function errorsFor(asked: Asked, size: number, limit: number): JSONRPCMessage[] {
  return asked.map((a) => tooLargeReply(a.id, a.what, size, limit));
}

/** A JSON reply, read whole unless it passes the limit. */
async function limitJson(res: Response, asked: Asked, limit: number, onOversize: OnOversize): Promise<Response> {
  const reader = res.body!.getReader();
  const chunks: Uint8Array[] = [];
  let size = Number(res.headers.get('content-length') ?? 0);
  if (size <= limit) {
    size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return new Response(Buffer.concat(chunks), { status: res.status, statusText: res.statusText, headers: res.headers });
      size += value.length;
      if (size > limit) break;
      chunks.push(value);
    }
  }
  await reader.cancel().catch(() => undefined);
  onOversize(size, asked.length > 0);
  const replies = errorsFor(asked, size, limit);
  const body = JSON.stringify(replies.length === 1 ? replies[0] : replies);
  return new Response(body, { status: 200, headers: replyHeaders(res, 'application/json') });
}

/** An SSE reply whose events each stay within the limit; an event over it ends the stream with error events. */
function limitSse(res: Response, asked: Asked, limit: number, onOversize: OnOversize): Response {
  let event: Uint8Array[] = [];
  let size = 0;
  let lastLineEmpty = false;
  let lineLen = 0;
  const cut = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      let from = 0;
      while (from < buf.length) {
        const nl = buf.indexOf(0x0a, from);
        const end = nl < 0 ? buf.length : nl + 1;
        const piece = buf.subarray(from, end);
        event.push(piece);
        size += piece.length;
        lineLen += nl < 0 ? piece.length : piece.length - 1;
        if (size > limit) {
          onOversize(size, asked.length > 0);
          for (const reply of errorsFor(asked, size, limit)) {
            controller.enqueue(Buffer.from(`event: message\ndata: ${JSON.stringify(reply)}\n\n`));
          }
          // Stops reading: the pipe cancels the body, so the rest is never received.
          controller.terminate();
          return;
        }
        if (nl >= 0) {
          // A blank line (also "\r\n") ends an event: it may go on whole.
          const blank = lineLen === 0 || (lineLen === 1 && buf[nl - 1] === 0x0d);
          if (blank && !lastLineEmpty) {
            controller.enqueue(Buffer.concat(event));
            event = [];
            size = 0;
          }
          lastLineEmpty = blank;
          lineLen = 0;
        }
        from = end;
      }
    },
    flush(controller) {
      if (event.length) controller.enqueue(Buffer.concat(event));
    },
  });
  return new Response(res.body!.pipeThrough(cut), {
    status: res.status,
    statusText: res.statusText,
    headers: replyHeaders(res, 'text/event-stream'),
  });
}

/** A fetch for the SDK's Streamable HTTP client transport that holds replies to `limit()` bytes. */
export function limitHttpMessages(limit: () => number, onOversize: OnOversize, inner: FetchLike = fetch): FetchLike {
  return async (url, init) => {
    const res = await inner(url, init);
    if (!res.body || !res.ok) return res;
    const type = res.headers.get('content-type') ?? '';
    // The GET stream (the child's own notifications and requests): an oversized event ends it; the SDK reopens it.
    if (init?.method !== 'POST') return type.includes('text/event-stream') ? limitSse(res, [], limit(), onOversize) : res;
    const asked: Asked = requestsIn(init.body).map((r) => ({ id: (r as { id: RequestId }).id, what: describeRequest(r) }));
    if (type.includes('application/json')) return limitJson(res, asked, limit(), onOversize);
    if (type.includes('text/event-stream')) return limitSse(res, asked, limit(), onOversize);
    return res;
  };
}
