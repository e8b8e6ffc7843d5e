// `stdio`: a thin pipe between a stdio MCP client and the gateway's Streamable HTTP endpoint.
// Messages pass through unchanged. What the bridge keeps is the client's initialize request,
// so that when the gateway forgets the session (it restarted, evicted or reaped it, or the
// token was rotated) the bridge can open a new one and replay initialize + initialized
// before resending the request: the IDE never sees "Session not found". A 401 makes it read
// the token again; if that gives nothing new it exits non-zero so the IDE restarts it.
import { SdkError, StreamableHTTPClientTransport, type JSONRPCMessage, type JSONRPCRequest } from '@modelcontextprotocol/client';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { bridgeToken, gatewayUrl, type Io } from './context.js';
import type { Flags } from './flags.js';
import { quietFetchListenerWarning } from './warnings.js';

/** How long a replayed initialize may take before the bridge gives up on recovering. */
const REINIT_TIMEOUT_MS = 30_000;

type Id = string | number;

const isRequest = (m: JSONRPCMessage): m is JSONRPCRequest => 'method' in m && 'id' in m && m.id !== undefined;
const isNotification = (m: JSONRPCMessage) => 'method' in m && !('id' in m && m.id !== undefined);
/** The HTTP status of a failed send: the SDK v2 transport throws an SdkError with the status in its data. */
const httpStatus = (err: unknown) => (err instanceof SdkError ? (err.data as { status?: unknown } | undefined)?.status : undefined);

export async function stdioBridgeCommand(flags: Flags, io: Io): Promise<number> {
  quietFetchListenerWarning();
  const url = await gatewayUrl(flags, io);
  const token = await bridgeToken(flags, io, url);
  // Every re-read verifies the listener again: after a restart the port may belong to someone else, and the run's
  // bridge credential is new.
  return new Bridge(url, token, () => bridgeToken(flags, io, url), io).run();
}

class Bridge {
  private readonly local = new StdioServerTransport();
  private upstream: StreamableHTTPClientTransport;
  /** The client's own initialize, replayed (with a bridge id) to open a replacement session. */
  private initRequest: JSONRPCRequest | undefined;
  private clientInitialized = false;
  private readonly initIds = new Set<Id>();
  /** Replies to requests the bridge itself sent; never forwarded to the client. */
  private readonly internal = new Map<Id, (reply: JSONRPCMessage) => void>();
  private recovering: Promise<boolean> | undefined;
  private reinits = 0;
  private done = false;
  private resolveExit!: (code: number) => void;

  constructor(
    private readonly url: string,
    private token: string,
    private readonly readToken: () => Promise<string>,
    private readonly io: Io,
  ) {
    this.upstream = this.makeUpstream();
  }

  run(): Promise<number> {
    const exited = new Promise<number>((r) => (this.resolveExit = r));
    this.local.onmessage = (msg) => this.fromClient(msg);
    this.local.onclose = () => this.finish(0);
    this.local.onerror = (err) => this.io.err(`stdio error: ${err.message}`);
    // A client closing our stdin means we are done (the SDK v2 transport's own close on EOF lands in finish too).
    process.stdin.once('end', () => this.finish(0));
    this.upstream.start().then(
      () => this.local.start(),
      (err: Error) => {
        this.io.err(`cannot start bridge: ${err.message}`);
        this.finish(1);
      },
    );
    return exited;
  }

  private makeUpstream(): StreamableHTTPClientTransport {
    const t = new StreamableHTTPClientTransport(new URL(this.url), {
      requestInit: { headers: { Authorization: `Bearer ${this.token}` } },
    });
    t.onmessage = (msg) => {
      if (t === this.upstream || this.internal.size > 0) this.fromGateway(msg);
    };
    t.onerror = (err) => {
      // Errors of a replaced transport (its old event stream failing) are expected noise.
      if (!this.done && t === this.upstream && !/abort/i.test(err.message)) this.io.err(`gateway error: ${err.message}`);
    };
    return t;
  }

  private fromClient(msg: JSONRPCMessage): void {
    if (isRequest(msg) && msg.method === 'initialize') {
      this.initRequest = msg;
      this.initIds.add(msg.id);
    }
    if ('method' in msg && msg.method === 'notifications/initialized') this.clientInitialized = true;
    void this.forward(msg, true);
  }

  private fromGateway(msg: JSONRPCMessage): void {
    const id = 'id' in msg ? msg.id : undefined;
    if (id !== undefined && !('method' in msg)) {
      const waiter = this.internal.get(id);
      if (waiter) {
        this.internal.delete(id);
        return waiter(msg);
      }
      if (this.initIds.delete(id) && 'result' in msg) {
        const version = (msg.result as { protocolVersion?: string }).protocolVersion;
        if (version) this.upstream.setProtocolVersion(version);
      }
    }
    void this.local.send(msg);
  }

  /** Sends one client message; on a lost session or a rotated token, recovers once and resends. */
  private async forward(msg: JSONRPCMessage, mayRecover: boolean): Promise<void> {
    if (this.recovering) await this.recovering;
    const via = this.upstream;
    try {
      await via.send(msg);
      return;
    } catch (err) {
      if (this.done) return;
      const status = httpStatus(err);
      const retriable = isRequest(msg) || isNotification(msg);
      if (mayRecover && retriable && (status === 404 || status === 401) && (await this.recover(via, status))) {
        return this.forward(msg, false);
      }
      if (status === 401) return this.giveUp('the gateway rejected the token (401) and no new token was found');
      this.io.err(`gateway error: ${(err as Error).message}`);
      // Answer the pending request so the client is not left waiting.
      if (isRequest(msg)) {
        const message = `gateway unreachable at ${this.url}: ${(err as Error).message}`;
        void this.local.send({ jsonrpc: '2.0', id: msg.id, error: { code: -32603, message } });
      }
    }
  }

  /** Opens a replacement session (one at a time); false when that is impossible. */
  private recover(failed: StreamableHTTPClientTransport, status: unknown): Promise<boolean> {
    if (this.upstream !== failed) return Promise.resolve(true); // someone already replaced it
    this.recovering ??= this.reinitialize(status).finally(() => (this.recovering = undefined));
    return this.recovering;
  }

  private async reinitialize(status: unknown): Promise<boolean> {
    if (status === 401) {
      const fresh = await this.readToken().catch(() => this.token);
      if (fresh === this.token) return false;
      this.token = fresh;
      this.io.err('gateway token changed; reconnecting with the new one');
    }
    // Before the client's own initialize there is no session to restore: just resend.
    if (!this.initRequest) {
      const plain = this.makeUpstream();
      await plain.start();
      this.swap(plain);
      return true;
    }
    const next = this.makeUpstream();
    try {
      await next.start();
      const id = `bridge-reinit-${++this.reinits}`;
      const reply = await this.ask(next, { ...this.initRequest, id });
      if (!('result' in reply)) throw new Error(`initialize failed: ${JSON.stringify(reply)}`);
      const result = reply.result as { protocolVersion?: string; capabilities?: { tools?: { listChanged?: boolean } } };
      if (result.protocolVersion) next.setProtocolVersion(result.protocolVersion);
      if (this.clientInitialized) await next.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
      this.swap(next);
      this.io.err('gateway session was lost; opened a new one');
      // A restarted gateway may serve different tools than the client last listed.
      if (result.capabilities?.tools?.listChanged) void this.local.send({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
      return true;
    } catch (err) {
      void next.close().catch(() => undefined);
      this.io.err(`could not open a new gateway session: ${(err as Error).message}`);
      return false;
    }
  }

  /** Sends a request of our own on `t` and waits for its reply (bounded). */
  private ask(t: StreamableHTTPClientTransport, req: JSONRPCRequest): Promise<JSONRPCMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.internal.delete(req.id);
        reject(new Error(`no reply within ${REINIT_TIMEOUT_MS} ms`));
      }, REINIT_TIMEOUT_MS);
      this.internal.set(req.id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      t.send(req).catch((err: unknown) => {
        clearTimeout(timer);
        this.internal.delete(req.id);
        reject(err);
      });
    });
  }

  private swap(next: StreamableHTTPClientTransport): void {
    const old = this.upstream;
    this.upstream = next;
    void old.close().catch(() => undefined);
  }

  private giveUp(why: string): void {
    this.io.err(`${why}; exiting so the client can restart the bridge`);
    this.finish(1);
  }

  private finish(code: number): void {
    if (this.done) return;
    this.done = true;
    void Promise.allSettled([this.upstream.close(), this.local.close()]).then(() => this.resolveExit(code));
  }
}
