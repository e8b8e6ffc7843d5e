// One reconnecting MCP session over Streamable HTTP: connects lazily, and on a transient
// failure drops the session and retries with bounded exponential backoff.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { classifyError } from './errors.js';

const BACKOFF_BASE_MS = 100;
const BACKOFF_MAX_MS = 2000;

interface Live {
  client: Client;
  transport: StreamableHTTPClientTransport;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AppError(ErrorCode.CANCELLED, 'request cancelled'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new AppError(ErrorCode.CANCELLED, 'request cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class Connection {
  private live: Live | null = null;
  private connecting: Promise<Live> | null = null;

  constructor(
    readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly retries: number,
  ) {}

  get connected(): boolean {
    return this.live !== null;
  }

  private async open(): Promise<Live> {
    const transport = new StreamableHTTPClientTransport(new URL(this.url), { requestInit: { headers: this.headers } });
    // The 2025 era on purpose (the SDK's default today, pinned against a change of default): recovery here is
    // built on its sessions, a 404 for a session the gateway forgot meaning "open a new one".
    const client = new Client({ name: 'mcp-orchestrator-client', version: '0.1.0' }, { versionNegotiation: { mode: 'legacy' } });
    // Background stream errors surface on the next request; nothing to do here.
    client.onerror = () => undefined;
    try {
      await client.connect(transport);
    } catch (err) {
      await client.close().catch(() => undefined);
      throw err;
    }
    return { client, transport };
  }

  /** The live session, opening one if needed (concurrent callers share the attempt). */
  async ensure(): Promise<Live> {
    if (this.live) return this.live;
    if (!this.connecting) {
      this.connecting = this.open()
        .then((l) => (this.live = l))
        .finally(() => (this.connecting = null));
    }
    return this.connecting;
  }

  /** Forget a broken session; only the caller holding it may drop it. */
  private async drop(broken: Live | null): Promise<void> {
    if (!broken || this.live !== broken) return;
    this.live = null;
    await broken.client.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    const l = this.live;
    this.live = null;
    if (!l) return;
    // Tell the server to free the session; it may already be gone.
    await l.transport.terminateSession().catch(() => undefined);
    await l.client.close().catch(() => undefined);
  }

  /** Run op on a live session, reconnecting and retrying on transient failures. */
  async run<T>(op: (client: Client) => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let live: Live | null = null;
      try {
        live = await this.ensure();
        return await op(live.client);
      } catch (err) {
        const c = classifyError(err, this.url, !!live?.transport.sessionId, !!signal?.aborted);
        if (!c.transient || attempt >= this.retries) throw c.error;
        await this.drop(live);
        await sleep(Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt), signal);
      }
    }
  }
}
