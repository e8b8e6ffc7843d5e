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

export function forgetToken(): void {
  sessionStorage.removeItem(STORAGE_KEY);
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
