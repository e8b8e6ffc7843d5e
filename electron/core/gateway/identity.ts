// Proof that the process on the gateway's port is this orchestrator, before a client sends it any secret. Each run
// has a random nonce, written with the pid and URL to a 0600 runtime file in the data folder (readable only by the
// user who runs it). A client reads the nonce there, sends a fresh challenge to GET /identity (no token), and checks
// the answer: HMAC-SHA256(nonce, challenge). A process that grabbed the port while the orchestrator was down cannot
// answer, and never sees a token. See electron/cli/verify-listener.ts for the client side.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { rm, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../config/atomic-write.js';

export const IDENTITY_PATH = '/identity';
export const RUNTIME_FILE = 'runtime.json';
const CHALLENGE = /^[0-9a-f]{32,128}$/;

export interface RuntimeInfo {
  pid: number;
  url: string;
  nonce: string;
}

export function runtimeFilePath(dataDir: string): string {
  return join(dataDir, RUNTIME_FILE);
}

export function identityProof(nonce: string, challenge: string): string {
  return createHmac('sha256', nonce).update(challenge).digest('hex');
}

/** True when `proof` answers `challenge` for `nonce` (constant time). */
export function proofMatches(nonce: string, challenge: string, proof: unknown): boolean {
  if (typeof proof !== 'string' || !/^[0-9a-f]{64}$/.test(proof)) return false;
  return timingSafeEqual(Buffer.from(identityProof(nonce, challenge), 'hex'), Buffer.from(proof, 'hex'));
}

export class RunIdentity {
  readonly nonce = randomBytes(32).toString('hex');

  /** The answer to GET /identity?challenge=…, or undefined for a malformed challenge. */
  answer(challenge: string | null): { proof: string } | undefined {
    return challenge && CHALLENGE.test(challenge) ? { proof: identityProof(this.nonce, challenge) } : undefined;
  }

  async publish(dataDir: string, url: string): Promise<void> {
    const info: RuntimeInfo = { pid: process.pid, url, nonce: this.nonce };
    await writeFileAtomic(runtimeFilePath(dataDir), JSON.stringify(info) + '\n', { private: true, backup: false });
  }

  /** Removes the runtime file if it is still this run's (another orchestrator may have taken the folder since). */
  async withdraw(dataDir: string): Promise<void> {
    const file = runtimeFilePath(dataDir);
    const current = await readFile(file, 'utf8').catch(() => '');
    if (current.includes(this.nonce)) await rm(file, { force: true });
  }
}
