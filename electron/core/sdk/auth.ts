// The OAuth shapes of the SDK v2 client's auth (the provider interface and its token and client records), the
// same package as the HTTP transports the provider is handed to, so the two agree on one interface.
// Part of the SDK seam: the only files under electron/core that import @modelcontextprotocol/*.
export type {
  AuthProvider,
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthClientProvider,
  OAuthDiscoveryState,
  OAuthTokens,
  StoredOAuthClientInformation,
  StoredOAuthTokens,
} from '@modelcontextprotocol/client';
// OAuth for remote servers (issue 21 item 6): the SDK's auth flow (discovery, registration, PKCE, refresh)
// run by a sign-in, the header parser for a 401/403 challenge, and the error a refused request ends in.
export { auth, extractWWWAuthenticateParams, UnauthorizedError } from '@modelcontextprotocol/client';
