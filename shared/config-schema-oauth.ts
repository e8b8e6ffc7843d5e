// A remote entry's "oauth" setting (issue 21 item 6): `true`, or an object of optional fields, each
// mistake reported at its JSON path. Only names and URLs live here: tokens and client secrets stay in
// the keychain, so the object has no place for them.
import { z } from 'zod';
import type { ConfigIssue, ServerOAuthConfig } from './types.js';
import { check, issueAt } from './config-schema-issues.js';

const httpsDocument = z.string().refine(
  (v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'https:' && u.pathname !== '/';
    } catch {
      return false;
    }
  },
  { error: 'must be an https:// URL with a path (a client ID metadata document)' },
);

const oauthObject = z.strictObject({
  scopes: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
  client_id: z.string().min(1).optional(),
  client_metadata_url: httpsDocument.optional(),
  redirect_port: z.number().int().min(1).max(65535).optional(),
});

/** Parses `"oauth"` (at `at`); pushes issues and returns undefined on error. */
export function parseOAuth(value: unknown, transport: 'stdio' | 'http', at: readonly PropertyKey[], issues: ConfigIssue[]) {
  if (transport !== 'http') {
    issues.push(issueAt(at, 'applies only to remote ("url") servers; a local server gets its keys from the keychain or env'));
    return undefined;
  }
  if (value === true) return {};
  if (value === false) return undefined;
  const raw = check(oauthObject, value, at, issues);
  if (!raw) return undefined;
  const scopes = typeof raw.scopes === 'string' ? raw.scopes.split(/\s+/).filter(Boolean) : raw.scopes;
  const out: ServerOAuthConfig = {
    ...(scopes?.length ? { scopes } : {}),
    ...(raw.client_id !== undefined ? { clientId: raw.client_id } : {}),
    ...(raw.client_metadata_url !== undefined ? { clientMetadataUrl: raw.client_metadata_url } : {}),
    ...(raw.redirect_port !== undefined ? { redirectPort: raw.redirect_port } : {}),
  };
  return out;
}

/** Back to the file's shape: `true` when every field is the default. */
export function serializeOAuth(o: ServerOAuthConfig): true | Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (o.scopes?.length) out.scopes = o.scopes;
  if (o.clientId !== undefined) out.client_id = o.clientId;
  if (o.clientMetadataUrl !== undefined) out.client_metadata_url = o.clientMetadataUrl;
  if (o.redirectPort !== undefined) out.redirect_port = o.redirectPort;
  return Object.keys(out).length ? out : true;
}
