// The serve URL carries the token in the fragment (#token=...), which never reaches server
// logs. Keep it for this tab only and remove it from the address bar.
const STORAGE_KEY = 'mcp-orchestrator.token';

/** Pure part, testable without a DOM: extract the token from a location hash. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && token.trim() ? token.trim() : null;
}

export function takeToken(): string | null {
  const fromHash = tokenFromHash(window.location.hash);
  if (fromHash) {
    sessionStorage.setItem(STORAGE_KEY, fromHash);
    const clean = window.location.pathname + window.location.search;
    window.history.replaceState(null, '', clean);
    return fromHash;
  }
  return sessionStorage.getItem(STORAGE_KEY);
}

/** Accepts a bare token or the whole URL printed by `serve`. */
export function saveToken(input: string): boolean {
  const trimmed = input.trim();
  const hashAt = trimmed.indexOf('#');
  const token = hashAt >= 0 ? tokenFromHash(trimmed.slice(hashAt)) : trimmed;
  if (!token) return false;
  sessionStorage.setItem(STORAGE_KEY, token);
  return true;
}

/**
 * A tab opened with ctrl-click or "open in new tab" starts with empty session storage (no opener, so nothing is
 * copied), and so without the token. Open tabs of this page answer a new one over a same-origin BroadcastChannel:
 * the token never goes to disk or leaves the gateway's origin, and with no other tab open the sign-in page shows
 * as before, after a moment's wait (long enough for a busy machine's other tab to answer).
 */
const CHANNEL = 'mcp-orchestrator.token';
const ASK_MS = 1500;

/** Lets tabs opened later from this one take the token (call once a token is known). */
export function shareTokenWithNewTabs(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (e: MessageEvent<unknown>) => {
    const token = sessionStorage.getItem(STORAGE_KEY);
    if (e.data === 'ask' && token) channel.postMessage({ token });
  };
}

/** Asks the other open tabs of this page for the token; null when none answers within a moment. */
export function tokenFromOtherTab(): Promise<string | null> {
  if (typeof BroadcastChannel === 'undefined') return Promise.resolve(null);
  const channel = new BroadcastChannel(CHANNEL);
  return new Promise((resolve) => {
    const done = (token: string | null) => {
      clearTimeout(timer);
      channel.close();
      if (token) sessionStorage.setItem(STORAGE_KEY, token);
      resolve(token);
    };
    const timer = setTimeout(() => done(null), ASK_MS);
    channel.onmessage = (e: MessageEvent<{ token?: unknown }>) => {
      if (typeof e.data?.token === 'string' && e.data.token) done(e.data.token);
    };
    channel.postMessage('ask');
  });
}
