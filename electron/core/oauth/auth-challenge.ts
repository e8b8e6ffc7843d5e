// Watches a remote server's answers for an OAuth challenge (RFC 6750 §3): a 401 with a Bearer
// `WWW-Authenticate`, or a 403 `insufficient_scope`. The connection uses it to tell "needs sign-in"
// apart from a crash, so a protected server waits for the user instead of looping through backoff.
import type { FetchLike } from '../sdk/shared.js';
import { extractWWWAuthenticateParams, UnauthorizedError } from '../sdk/auth.js';

export interface AuthChallenge {
  status: 401 | 403;
  /** `invalid_token`, `insufficient_scope`, ... when the server said. */
  error?: string;
  scope?: string;
  /**
   * A 401 for a token other than the one the endpoint refused last, with no success in between: the token the
   * SDK just refreshed is refused as well, so a sign-in is needed (only set when a `target` is watched). The same
   * token refused twice is not: that is parallel requests meeting one expiry, which one refresh settles.
   */
  repeated?: true;
}

/** The Authorization header each Bearer 401 answered ('' when the request had none), for `sharedRoundAuth`. */
const refusedAuthorization = new WeakMap<Response, string>();

/** What a refused request sent as its Authorization header, when the watcher saw the refusal. */
export function authorizationRefused(res: Response): string | undefined {
  return refusedAuthorization.get(res);
}

/**
 * `target`: the MCP endpoint. The SDK's own OAuth requests (metadata, token endpoint) go through the same
 * fetch; only the endpoint's answers count towards `repeated`.
 */
export function watchChallenges(inner: FetchLike, onChallenge: (c: AuthChallenge) => void, target?: string): FetchLike {
  /** The Authorization header of the endpoint's last 401 ('' when none was sent); undefined once it answered otherwise. */
  let refused: string | undefined;
  return async (url, init) => {
    const res = await inner(url, init);
    const isTarget = target !== undefined && String(url) === target;
    const header = res.headers.get('www-authenticate') ?? '';
    const bearer = (res.status === 401 || res.status === 403) && /^bearer\b/i.test(header.trim());
    if (!bearer) {
      if (isTarget && res.ok) refused = undefined;
      return res;
    }
    const { error, scope } = extractWWWAuthenticateParams(res);
    if (res.status === 403 && error !== 'insufficient_scope') return res;
    const sent = res.status === 401 ? (new Headers(init?.headers).get('authorization') ?? '') : undefined;
    if (sent !== undefined) refusedAuthorization.set(res, sent);
    let repeated = false;
    if (isTarget) {
      repeated = sent !== undefined && refused !== undefined && sent !== refused;
      refused = sent;
    }
    onChallenge({
      status: res.status,
      ...(error ? { error } : {}),
      ...(scope ? { scope } : {}),
      ...(repeated ? { repeated: true as const } : {}),
    });
    return res;
  };
}

/** What status says about a challenge (no token, only the server's words). */
export function describeChallenge(c: AuthChallenge): string {
  if (c.error === 'insufficient_scope') return `the server asks for more access (scope "${c.scope ?? '?'}"); sign in again to grant it`;
  if (c.error === 'invalid_token') return 'the server no longer accepts the sign-in (token expired or revoked)';
  return 'the server requires an OAuth sign-in';
}

/**
 * Why a failed connect is a sign-in to ask for rather than a crash, or undefined: the SDK gave up
 * authorizing (UnauthorizedError: no tokens, or a refresh the AS refused), the server wants more scope,
 * or it sent a Bearer challenge we have no provider for.
 */
export function signInNeeded(err: unknown, challenge: AuthChallenge | undefined, hasProvider: boolean): string | undefined {
  if (err instanceof UnauthorizedError) return challenge ? describeChallenge(challenge) : 'the server requires an OAuth sign-in';
  if (!challenge) return undefined;
  if (!hasProvider || challenge.error === 'insufficient_scope') return describeChallenge(challenge);
  // With a provider, a 401 it settled (refreshed) may precede an unrelated failure: only the refusal itself counts.
  const code = (err as { code?: unknown } | null)?.code;
  return code === 401 || code === 403 ? describeChallenge(challenge) : undefined;
}
