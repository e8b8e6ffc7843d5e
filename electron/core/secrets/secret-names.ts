// The secret names worth showing: every required_env of configured servers plus whatever
// the keychain already holds for us (minus reserved names like the gateway token, which has its own panel).
import { isReservedName } from '../../../shared/env-names.js';
import { AppError, ErrorCode } from '../../../shared/errors.js';
import type { ServerConfig } from '../../../shared/types.js';
import type { SecretStore } from './secret-store.js';

export async function secretNames(servers: readonly ServerConfig[], store: Pick<SecretStore, 'list'>): Promise<string[]> {
  const names = new Set<string>();
  for (const server of servers) for (const n of server.requiredEnv) names.add(n);
  for (const n of await store.list()) names.add(n);
  return [...names].filter((n) => !isReservedName(n)).sort();
}

/** Reserved names are the orchestrator's own accounts: never set or deleted as user secrets. */
export function assertUserSecretName(name: string): void {
  if (isReservedName(name)) {
    throw new AppError(
      ErrorCode.SECRET_NAME_INVALID,
      `${name} is reserved for the orchestrator and cannot be set or deleted as a secret${name.toUpperCase() === 'GATEWAY_TOKEN' ? ' (rotate the gateway token with `mcp-orchestrator token --rotate` or the Connect panel)' : ''}`,
    );
  }
}
