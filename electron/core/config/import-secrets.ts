// Moves the key-shaped literals an import found into the keychain, before the config that references them
// by `${NAME}` is written. A name already stored with another value is never overwritten: the entry gets
// its own name instead (`<ID>_<KEY>`, then a number).
import { AppError, ErrorCode } from '../../../shared/errors.js';
import { renameMove, secretNameFor, type ImportPlan, type SecretMove } from '../../../shared/import-plan.js';
import type { AppConfig } from '../../../shared/types.js';
import type { SecretStore } from '../secrets/secret-store.js';

export async function storeImportSecrets(plan: ImportPlan, store: SecretStore): Promise<{ config: AppConfig; moves: SecretMove[] }> {
  if (plan.moves.length === 0) return { config: plan.config, moves: [] };
  if (store.kind === 'unavailable') {
    const where = plan.moves.map((m) => `${m.serverId}.env.${m.envKey}`).join(', ');
    throw new AppError(
      ErrorCode.SECRET_STORE_UNAVAILABLE,
      `cannot import: ${where} hold${plan.moves.length === 1 ? 's' : ''} a key that must go into the OS keychain, and no keychain is reachable; nothing was written. Export the key before \`serve\` and replace the value with \${NAME} in the file you import`,
    );
  }
  let config = plan.config;
  const done: SecretMove[] = [];
  for (const move of plan.moves) {
    const name = await freeName(store, move);
    if (name !== move.name) config = renameMove(config, move, name);
    if ((await store.get(name)) !== move.value) await store.set(name, move.value);
    done.push({ ...move, name });
  }
  return { config, moves: done };
}

/** The planned name if it is free or already holds this value; otherwise the first free `<ID>_<KEY>[_n]`. */
async function freeName(store: SecretStore, move: SecretMove): Promise<string> {
  const candidates = [move.name, secretNameFor(`${move.serverId}_${move.envKey}`)];
  for (let n = 2; n < 100; n++) candidates.push(`${candidates[1]}_${n}`);
  for (const name of candidates) {
    const existing = await store.get(name);
    if (existing === undefined || existing === move.value) return name;
  }
  throw new AppError(ErrorCode.SECRET_NAME_INVALID, `no free keychain name for ${move.serverId}.env.${move.envKey}`);
}
