// The secret names worth showing: every required_env of configured servers plus whatever
// the keychain already holds for us (minus the gateway token, which has its own panel).
import type { MCPOrchestrator } from '../create-core.js';

const HIDDEN = new Set(['GATEWAY_TOKEN']);

export async function secretNames(core: MCPOrchestrator): Promise<string[]> {
  const names = new Set<string>();
  for (const server of core.config.current?.servers ?? []) for (const n of server.requiredEnv) names.add(n);
  for (const n of await core.secrets.list()) names.add(n);
  return [...names].filter((n) => !HIDDEN.has(n)).sort();
}
