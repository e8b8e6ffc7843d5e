// The authorization response's issuer check (RFC 9207), made before a code is redeemed. The SDK v2's auth() makes
// it as well when handed the `iss`; this one words the failure for the user and does not depend on the SDK's.
import type { OAuthDiscoveryState } from '../sdk/auth.js';
import type { AuthorizationResponse } from './loopback-callback.js';

/**
 * RFC 9207: an authorization server that advertises `authorization_response_iss_parameter_supported`
 * must send `iss`; any `iss` sent must be exactly (no URL normalisation) the issuer its metadata named.
 * This stops a mix-up attack, where a code from another authorization server is replayed to this one.
 */
export function checkAuthorizationIssuer(discovery: OAuthDiscoveryState | undefined, response: AuthorizationResponse): void {
  const metadata = discovery?.authorizationServerMetadata;
  if (!metadata) return;
  const advertised =
    (metadata as { authorization_response_iss_parameter_supported?: boolean }).authorization_response_iss_parameter_supported === true;
  if (response.iss === undefined) {
    if (advertised) throw new Error(`the authorization server ${metadata.issuer} promised an iss parameter but its answer has none`);
    return;
  }
  if (response.iss !== metadata.issuer) {
    throw new Error(`the answer's issuer "${response.iss}" is not the authorization server's "${metadata.issuer}"`);
  }
}
