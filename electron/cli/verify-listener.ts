// Before the CLI or the stdio bridge sends a token, the listener on the gateway's port must prove it is the
// orchestrator running on this account (electron/core/gateway/identity.ts has the protocol and why).
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { readRuntimeFile, runtimeFilePath, type RuntimeInfo } from '../core/config/runtime-file.js';
import { IDENTITY_PATH, proofMatches } from '../core/gateway/identity.js';

const TIMEOUT_MS = 5000;

function getJson(url: URL): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: TIMEOUT_MS }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        text += d;
        if (text.length > 4096) req.destroy(new Error('identity answer too long'));
      });
      res.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', (err) => reject(Object.assign(new Error(err.message), { cause: err })));
  });
}

/** Resolves when the listener at `gatewayUrl` proves it is the orchestrator whose runtime file is in `dataDir`. */
export async function verifyListener(gatewayUrl: string, dataDir: string): Promise<RuntimeInfo> {
  const info = await readRuntimeFile(dataDir);
  if (!info) {
    // Nothing runs on this folder that we could check: the same answer as a refused connection, so callers that
    // fall back when no orchestrator runs (config path) still do.
    throw new AppError(
      ErrorCode.UNREACHABLE,
      `no orchestrator is running with the data folder ${dataDir} (${runtimeFilePath(dataDir)} is missing), so no token is sent to ${new URL(gatewayUrl).host}. Start \`mcp-orchestrator serve\` (or pass its --data-dir).`,
    );
  }
  const challenge = randomBytes(32).toString('hex');
  const target = new URL(IDENTITY_PATH, gatewayUrl);
  target.searchParams.set('challenge', challenge);
  let answer: { status: number; body: unknown };
  try {
    answer = await getJson(target);
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new AppError(
      ErrorCode.UNREACHABLE,
      `cannot reach the orchestrator at ${target.host} (${cause}). Is \`mcp-orchestrator serve\` running?`,
    );
  }
  const proof = (answer.body as { proof?: unknown } | undefined)?.proof;
  if (answer.status !== 200 || !proofMatches(info.nonce, challenge, proof)) {
    throw new AppError(
      ErrorCode.FORBIDDEN,
      `the process listening on ${target.host} did not prove it is the orchestrator of ${dataDir}; refusing to send it the token (is another program on that port? the orchestrator of that folder said it is at ${info.url})`,
    );
  }
  return info;
}
