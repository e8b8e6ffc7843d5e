// The OAuth shapes of the SDK's client auth (the provider interface and its token and client records).
// Part of the SDK seam: the only files under electron/core that import @modelcontextprotocol/*.
export type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
export type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
