// Proof that the process on the gateway's port is this orchestrator, before a client sends it any secret. Each run
// has a random nonce, written with the pid and URL to the 0600 runtime file in the data folder
// (config/runtime-file.ts; readable only by the user who runs it). A client reads the nonce there, sends a fresh challenge to GET /identity (no token), and checks
// the answer: HMAC-SHA256(nonce, challenge). A process that grabbed the port while the orchestrator was down cannot
// answer, and never sees a token. See electron/cli/verify-listener.ts for the client side.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const IDENTITY_PATH = '/identity';
const CHALLENGE = /^[0-9a-f]{32,128}$/;

export function identityProof(nonce: string, challenge: string): string {
  return createHmac('sha256', nonce).update(challenge).digest('hex');
}

/** True when `proof` answers `challenge` for `nonce` (constant time). */
export function proofMatches(nonce: string, challenge: string, proof: unknown): boolean {
  if (typeof proof !== 'string' || !/^[0-9a-f]{64}$/.test(proof)) return false;
  return timingSafeEqual(Buffer.from(identityProof(nonce, challenge), 'hex'), Buffer.from(proof, 'hex'));
}

/**
 * The stdio bridge's credential for this run: derived from the nonce, so whoever can read the owner-only runtime
 * file (the user who runs the orchestrator) has it, with no keychain access. IDEs start the bridge with a small
 * environment that on Linux has no D-Bus session, so the keychain is out of its reach. It reaches the MCP endpoints
 * only, never the control API, and changes with every run.
 */
export function bridgeToken(nonce: string): string {
  return `mcpo_run_${createHmac('sha256', nonce).update('stdio-bridge').digest('hex')}`;
}

export class RunIdentity {
  readonly nonce = randomBytes(32).toString('hex');
  readonly bridgeToken = bridgeToken(this.nonce);

  /** The answer to GET /identity?challenge=…, or undefined for a malformed challenge. */
  answer(challenge: string | null): { proof: string } | undefined {
    return challenge && CHALLENGE.test(challenge) ? { proof: identityProof(this.nonce, challenge) } : undefined;
  }
}
