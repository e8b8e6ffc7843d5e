// The redirect target of a desktop sign-in (RFC 8252 §7.3): a one-shot HTTP listener on 127.0.0.1 that
// waits for the authorization server to send the browser back with a code. A request without the
// sign-in's `state` is answered 400 and ignored, so another local process poking the port can't end or
// hijack the sign-in; only the browser that went through the authorization server has the state.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AuthorizationResponse {
  code: string;
  /** RFC 9207: the issuer the authorization server says it is, when it says so. */
  iss?: string;
}

export interface LoopbackCallback {
  readonly redirectUrl: string;
  /**
   * The next authorization response (a step-up sign-in brings a second one to the same URL). Rejects on
   * an error response, on abort, or when closed.
   */
  next(): Promise<AuthorizationResponse>;
  close(): Promise<void>;
}

const PAGE = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:system-ui;margin:3em">` +
  `<h1>${title}</h1><p>${text}</p></body>`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Listens on 127.0.0.1 (the given port when free, to reuse a registered redirect URI; else any) at
 * `/callback`. `expectedState` is checked on every request.
 */
export async function openLoopbackCallback(opts: {
  expectedState: () => string;
  preferredPort?: number;
  signal?: AbortSignal;
}): Promise<LoopbackCallback> {
  // Answers that came before anyone asked, and askers waiting for an answer.
  const arrived: Array<AuthorizationResponse | Error> = [];
  const waiting: Array<{ resolve: (r: AuthorizationResponse) => void; reject: (e: Error) => void }> = [];
  let ended: Error | undefined;
  const deliver = (answer: AuthorizationResponse | Error) => {
    const waiter = waiting.shift();
    if (!waiter) arrived.push(answer);
    else if (answer instanceof Error) waiter.reject(answer);
    else waiter.resolve(answer);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    const q = url.searchParams;
    if (q.get('state') !== opts.expectedState()) {
      res
        .writeHead(400, { 'content-type': 'text/html; charset=utf-8' })
        .end(PAGE('Sign-in not recognised', 'This answer does not belong to the sign-in in progress.'));
      return;
    }
    const error = q.get('error');
    if (error) {
      const detail = q.get('error_description');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE('Sign-in failed', escapeHtml(detail ?? error)));
      deliver(new Error(`the authorization server refused the sign-in: ${error}${detail ? ` (${detail})` : ''}`));
      return;
    }
    const code = q.get('code');
    if (!code) {
      res.writeHead(400).end(PAGE('Sign-in failed', 'The answer carries no authorization code.'));
      return;
    }
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(PAGE('Signed in', 'You can close this tab and return to MCP Orchestrator.'));
    deliver({ code, ...(q.get('iss') !== null ? { iss: q.get('iss') ?? '' } : {}) });
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await listen(opts.preferredPort ?? 0);
  } catch {
    await listen(0);
  }
  const { port } = server.address() as AddressInfo;

  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const end = (reason: Error) => {
    ended ??= reason;
    for (const w of waiting.splice(0)) w.reject(ended);
  };
  const abort = () => {
    end(new Error('the sign-in was cancelled or timed out'));
    void close();
  };
  if (opts.signal?.aborted) abort();
  else opts.signal?.addEventListener('abort', abort, { once: true });

  const next = () =>
    new Promise<AuthorizationResponse>((resolve, reject) => {
      const answer = arrived.shift();
      if (answer instanceof Error) reject(answer);
      else if (answer) resolve(answer);
      else if (ended) reject(ended);
      else waiting.push({ resolve, reject });
    });
  return {
    redirectUrl: `http://127.0.0.1:${port}/callback`,
    next,
    close: async () => {
      opts.signal?.removeEventListener('abort', abort);
      end(new Error('the sign-in ended'));
      await close();
    },
  };
}
