// Who is calling: the admin credential (UI, CLI, Electron: everything, the control API included) or a client token,
// which reaches exactly one MCP endpoint (/mcp, or one profile's /mcp/<name>) and nothing else.
import { clientEndpoint } from '../../../shared/profiles.js';
import type { ClientGrant } from '../secrets/client-tokens.js';

export const ADMIN = 'admin' as const;
/** The local stdio bridge (identity.ts bridgeToken): every MCP endpoint, never the control API. */
export const BRIDGE = 'bridge' as const;
export type Credential = typeof ADMIN | typeof BRIDGE | ClientGrant;

export interface CredentialCheck {
  verify(token: string): Promise<ClientGrant | undefined>;
}

/** The endpoint path a client token is bound to. */
export function endpointOf(grant: ClientGrant): string {
  return clientEndpoint(grant.profile);
}

/** The token in `Authorization: Bearer <token>`, or undefined. */
export function bearerValue(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
  return m ? m[1] : undefined;
}
