// The control API over HTTP for the headless web UI: POST /api/<method> {args:[...]} → Result,
// and GET /api/events as server-sent events. Mounted on the gateway's server, behind its
// Host/Origin checks and bearer token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTP_API_PREFIX, invokeControl, isControlMethod, type ControlApi } from '../../../shared/contract.js';
import { ErrorCode, fail } from '../../../shared/errors.js';
import type { HttpRoute } from '../gateway/gateway.js';
import { sendJson } from '../gateway/http-guard.js';
import type { ControlCore } from './control-core.js';

const HEARTBEAT_MS = 15_000;

/** What the event stream needs from the core. */
type EventSource = Pick<ControlCore, 'getServerStatus' | 'subscribe' | 'onTokenRotated'> & {
  readonly env: Pick<ControlCore['env'], 'logger' | 'clock'>;
} & Partial<Pick<ControlCore, 'config'>>;

async function handleCall(api: ControlApi, method: string, req: IncomingMessage, res: ServerResponse, body: Buffer | undefined) {
  if (req.method !== 'POST') return sendJson(res, 405, fail(ErrorCode.BAD_REQUEST, 'use POST'));
  if (!isControlMethod(method)) return sendJson(res, 404, fail(ErrorCode.BAD_REQUEST, `unknown method "${method}"`));
  let args: unknown = [];
  try {
    const parsed: unknown = body?.length ? JSON.parse(body.toString('utf8')) : {};
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('expected a JSON object {"args": [...]}');
    args = (parsed as { args?: unknown }).args ?? [];
  } catch (err) {
    return sendJson(res, 400, fail(ErrorCode.BAD_REQUEST, `bad request body: ${(err as Error).message}`));
  }
  const result = await invokeControl(api, method, args);
  sendJson(res, !result.ok && result.error.code === ErrorCode.BAD_REQUEST ? 400 : 200, result);
}

/** Open /api/events streams; the UI needs one per window, so a few dozen is generous. */
export const MAX_EVENT_SUBSCRIBERS = 16;
/**
 * A subscriber whose socket holds more unsent bytes than this is not reading: it is dropped
 * (orchestrator.client_buffer_bytes when a config is loaded).
 */
const MAX_EVENT_BUFFER_BYTES = 1024 * 1024;

interface EventsState {
  subscribers: number;
}

function handleEvents(core: EventSource, state: EventsState, req: IncomingMessage, res: ServerResponse) {
  if (state.subscribers >= MAX_EVENT_SUBSCRIBERS) {
    res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '5' });
    res.end(JSON.stringify(fail(ErrorCode.BAD_REQUEST, `too many event subscribers (limit ${MAX_EVENT_SUBSCRIBERS})`)));
    return;
  }
  state.subscribers++;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    state.subscribers--;
    core.env.clock.clearInterval(heartbeat);
    unsubscribe();
    offRotate();
  };
  const send = (text: string) => {
    if (ended) return;
    // Node buffers every write a paused reader does not take; past the budget we stop feeding it.
    if (res.writableLength > (core.config?.current?.orchestrator.clientBufferBytes ?? MAX_EVENT_BUFFER_BYTES)) {
      core.env.logger.warn('dropping a slow event subscriber', { buffered: res.writableLength });
      end();
      res.destroy();
      return;
    }
    res.write(text);
  };
  const write = (name: string, payload: unknown) => send(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
  write('status', core.getServerStatus());
  const unsubscribe = core.subscribe((name, payload) => write(name, payload));
  const heartbeat = core.env.clock.setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  // The stream was authorised by a token that no longer exists; the UI reconnects with the new one.
  const offRotate = core.onTokenRotated(() => {
    end();
    res.end();
  });
  req.on('close', end);
  res.on('close', end);
  res.on('error', end);
}

export function controlRoute(api: ControlApi, core: EventSource): HttpRoute {
  const events: EventsState = { subscribers: 0 };
  return {
    prefix: HTTP_API_PREFIX + '/',
    auth: true,
    handle: async (req, res, body) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const name = url.pathname.slice(HTTP_API_PREFIX.length + 1);
      if (name === 'events' && req.method === 'GET') return handleEvents(core, events, req, res);
      await handleCall(api, name, req, res, body);
    },
  };
}
