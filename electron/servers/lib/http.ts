// One small HTTP layer for every vendor the built-in servers talk to: timeouts, bounded retries
// honouring Retry-After, cancellation from the MCP request, SSE streaming, and error messages a
// user can act on. API keys never appear in an error: upstream text is scrubbed first.
import { errorMessage } from '../../../shared/errors.js';
import { scrub } from './scrub.js';
import { readSseData } from './sse.js';

export type VendorErrorKind =
  'auth' | 'rate_limit' | 'not_found' | 'server' | 'network' | 'timeout' | 'cancelled' | 'bad_request' | 'bad_response' | 'config';

export class VendorError extends Error {
  constructor(
    readonly kind: VendorErrorKind,
    message: string,
    readonly status?: number,
    /** From a 429/503's Retry-After: when the vendor will take requests again, in ms from now. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'VendorError';
  }
}

export interface HttpClientOptions {
  /** Display name used in messages, e.g. "OpenAI". */
  vendor: string;
  baseUrl: string;
  headers?: Record<string, string>;
  /** Values to scrub from any text we echo (the API key). */
  secrets?: string[];
  timeoutMs?: number;
  maxAttempts?: number;
  /** Upper bound for one wait between attempts, whatever Retry-After says. */
  maxRetryDelayMs?: number;
}

export interface HttpRequest {
  method?: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  signal?: AbortSignal;
  /** The model asked for, so a 404 can say which one is missing. */
  model?: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_ATTEMPTS = 3;
const DEFAULT_MAX_RETRY_DELAY_MS = 10_000;

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Read HTTP_TIMEOUT_MS / HTTP_MAX_ATTEMPTS / HTTP_MAX_RETRY_DELAY_MS from a server's env. */
export function httpTuningFromEnv(env: Record<string, string | undefined>): Partial<HttpClientOptions> {
  const num = (k: string) => {
    const n = Number(env[k]);
    return env[k] && Number.isFinite(n) && n >= 0 ? n : undefined;
  };
  return {
    timeoutMs: num('HTTP_TIMEOUT_MS'),
    maxAttempts: num('HTTP_MAX_ATTEMPTS'),
    maxRetryDelayMs: num('HTTP_MAX_RETRY_DELAY_MS'),
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new VendorError('cancelled', 'request cancelled'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new VendorError('cancelled', 'request cancelled'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class HttpClient {
  readonly vendor: string;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly maxRetryDelayMs: number;

  constructor(private readonly opts: HttpClientOptions) {
    this.vendor = opts.vendor;
    this.timeoutMs = opts.timeoutMs || DEFAULT_TIMEOUT_MS;
    this.maxAttempts = Math.max(1, Math.floor(opts.maxAttempts || DEFAULT_ATTEMPTS));
    this.maxRetryDelayMs = opts.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
  }

  async json<T>(req: HttpRequest): Promise<T> {
    const { res, timeout } = await this.send(req, 'application/json');
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw this.mapThrown(err, req.signal, timeout);
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new VendorError('bad_response', `${this.vendor} returned invalid JSON: ${this.clean(text.slice(0, 200))}`);
    }
  }

  /** POST with SSE response: yields each parsed JSON event until `[DONE]` or end of stream. */
  async *events(req: HttpRequest): AsyncGenerator<unknown> {
    const { res, timeout } = await this.send(req, 'text/event-stream');
    if (!res.body) throw new VendorError('bad_response', `${this.vendor} sent an empty stream`);
    try {
      for await (const data of readSseData(res.body)) {
        if (data.trim() === '[DONE]') return;
        let event: unknown;
        try {
          event = JSON.parse(data);
        } catch {
          throw new VendorError('bad_response', `${this.vendor} sent a malformed stream event`);
        }
        const midError = (event as { error?: { message?: string } }).error;
        if (midError) throw new VendorError('server', `${this.vendor} stream error: ${this.clean(String(midError.message ?? 'unknown'))}`);
        yield event;
      }
    } catch (err) {
      throw err instanceof VendorError ? err : this.mapThrown(err, req.signal, timeout);
    } finally {
      await res.body.cancel().catch(() => undefined);
    }
  }

  private url(req: HttpRequest): URL {
    const url = new URL(this.opts.baseUrl.replace(/\/+$/, '') + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  private async send(req: HttpRequest, accept: string): Promise<{ res: Response; timeout: AbortSignal }> {
    const url = this.url(req);
    const headers: Record<string, string> = { accept, ...this.opts.headers };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    for (let attempt = 1; ; attempt++) {
      const timeout = AbortSignal.timeout(this.timeoutMs);
      const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
      let res: Response;
      try {
        const body = req.body === undefined ? undefined : JSON.stringify(req.body);
        res = await fetch(url, { method: req.method ?? 'GET', headers, body, signal });
      } catch (err) {
        const mapped = this.mapThrown(err, req.signal, timeout, url);
        if (mapped.kind !== 'network' || attempt >= this.maxAttempts) throw mapped;
        await sleep(this.backoff(attempt), req.signal);
        continue;
      }
      if (res.ok) return { res, timeout };
      const retryable = res.status === 429 || res.status >= 500;
      const asked = parseRetryAfter(res.headers.get('retry-after'));
      // A Retry-After beyond our cap would be answered 429 again: report it now (the router sends the
      // call to another vendor) rather than wait the capped time for nothing.
      const tooLong = asked !== undefined && asked > this.maxRetryDelayMs;
      if (!retryable || tooLong || attempt >= this.maxAttempts) throw await this.errorFrom(res, req, attempt, asked);
      const wait = asked ?? this.backoff(attempt);
      await res.body?.cancel().catch(() => undefined);
      await sleep(Math.min(wait, this.maxRetryDelayMs), req.signal);
    }
  }

  private backoff(attempt: number): number {
    return Math.min(this.maxRetryDelayMs, 250 * 2 ** (attempt - 1) + Math.floor(Math.random() * 100));
  }

  private clean(text: string): string {
    return scrub(text, this.opts.secrets ?? []);
  }

  private mapThrown(err: unknown, caller: AbortSignal | undefined, timeout: AbortSignal, url?: URL): VendorError {
    if (err instanceof VendorError) return err;
    if (caller?.aborted) return new VendorError('cancelled', 'request cancelled');
    if (timeout.aborted) {
      const limit = this.timeoutMs < 1000 ? `${this.timeoutMs} ms` : `${Math.round(this.timeoutMs / 1000)} s`;
      return new VendorError('timeout', `${this.vendor} did not respond within ${limit}`);
    }
    const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
    const detail = cause?.code ?? cause?.message ?? errorMessage(err);
    const where = url ? ` at ${url.origin}` : '';
    return new VendorError('network', this.clean(`${this.vendor} is unreachable${where} (${detail})`));
  }

  private async errorFrom(res: Response, req: HttpRequest, attempts: number, retryAfterMs?: number): Promise<VendorError> {
    const detail = this.clean(await upstreamMessage(res));
    const s = res.status;
    const tail = detail ? `: ${detail}` : '';
    if (s === 401 || s === 403) return new VendorError('auth', `invalid API key for ${this.vendor} (HTTP ${s})`, s);
    if (s === 429) {
      const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
      return new VendorError('rate_limit', `rate limited by ${this.vendor}${tries}; try again later`, s, retryAfterMs);
    }
    if (s === 404 && req.model) return new VendorError('not_found', `model not found: ${req.model}`, s);
    if (s === 404) return new VendorError('not_found', `${this.vendor} endpoint not found (HTTP 404) for ${req.path}${tail}`, s);
    if (s === 503) return new VendorError('server', `${this.vendor} server error (HTTP ${s})${tail}`, s, retryAfterMs);
    if (s >= 500) return new VendorError('server', `${this.vendor} server error (HTTP ${s})${tail}`, s);
    return new VendorError('bad_request', `${this.vendor} rejected the request (HTTP ${s})${tail}`, s);
  }
}

async function upstreamMessage(res: Response): Promise<string> {
  let text = '';
  try {
    text = (await res.text()).slice(0, 4000);
  } catch {
    return '';
  }
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    const e = body.error;
    if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') {
      return (e as { message: string }).message.slice(0, 300);
    }
    if (typeof e === 'string') return e.slice(0, 300);
    if (typeof body.message === 'string') return body.message.slice(0, 300);
  } catch {
    // not JSON; fall through to the raw text
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
