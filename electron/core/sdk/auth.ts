// The OAuth shapes of the SDK's client auth (the provider interface and its token and client records).
// Part of the SDK seam: the only files under electron/core that import @modelcontextprotocol/*.
export type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
export type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
// OAuth for remote servers (issue 21 item 6): the SDK's auth flow (discovery, registration, PKCE, refresh)
// run by a sign-in, the header parser for a 401/403 challenge, and the error a refused request ends in.
export { auth, extractWWWAuthenticateParams, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
