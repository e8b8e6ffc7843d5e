// The keychain side of an import. Key-shaped literals the import found move into the keychain, and the VS Code
// inputs the user filled in are stored, before the config that references them by `${NAME}` is written. A name
// already stored with another value is never overwritten by a moved literal: the entry gets its own name instead
// (`<ID>_<KEY>`, then a number). An input's value is stored under its name as given (the preview says when that
// replaces a stored one); an input left empty is not stored, and its entry waits for it as a missing key.
import { AppError, ErrorCode } from '../../../shared/errors.js';
import { renameMove, secretNameFor, type ImportPlan, type SecretMove } from '../../../shared/import-plan.js';
import type { SecretStore } from '../secrets/secret-store.js';

/** The plan with each move's name final: the planned one if free (or already this value), else the first free one. */
export async function resolveMoveNames(plan: ImportPlan, store: SecretStore | null): Promise<ImportPlan> {
  if (!store || store.kind === 'unavailable') return plan;
  let out = plan;
  for (const move of plan.moves) {
    const name = await freeName(store, move);
    if (name !== move.name) out = renameMove(out, out.moves[plan.moves.indexOf(move)], name);
  }
  return out;
}

/** Input names already in the keychain. */
export async function storedInputs(plan: ImportPlan, store: SecretStore | null): Promise<Set<string>> {
  const out = new Set<string>();
  if (!store || store.kind === 'unavailable') return out;
  for (const input of plan.inputs) if ((await store.get(input.name)) !== undefined) out.add(input.name);
  return out;
}

export interface StoredImport {
  plan: ImportPlan;
  moves: SecretMove[];
  /** Input names stored now. */
  inputs: string[];
}

/** Stores the moves and the given inputs (`values` by input id); refuses, writing nothing, without a keychain. */
export async function storeImportSecrets(
  plan: ImportPlan,
  store: SecretStore | null,
  values: Record<string, string> = {},
): Promise<StoredImport> {
  const known = new Map(plan.inputs.map((i) => [i.id, i]));
  const unknown = Object.keys(values).filter((id) => !known.has(id));
  if (unknown.length) {
    const asked = plan.inputs.map((i) => i.id).join(', ') || 'none';
    throw new AppError(ErrorCode.BAD_REQUEST, `unknown input ${unknown.map((u) => `"${u}"`).join(', ')}; this import asks for: ${asked}`);
  }
  const given = plan.inputs.filter((i) => (values[i.id] ?? '') !== '');
  if (plan.moves.length === 0 && given.length === 0) return { plan, moves: [], inputs: [] };
  if (!store || store.kind === 'unavailable')
    throw unavailable(
      plan,
      given.map((i) => i.id),
    );
  const resolved = await resolveMoveNames(plan, store);
  for (const move of resolved.moves) if ((await store.get(move.name)) !== move.value) await store.set(move.name, move.value);
  for (const input of given) await store.set(input.name, values[input.id]);
  return { plan: resolved, moves: resolved.moves, inputs: given.map((i) => i.name) };
}

function unavailable(plan: ImportPlan, inputIds: string[]): AppError {
  const where = [...plan.moves.map((m) => `${m.serverId}.env.${m.envKey}`), ...inputIds.map((id) => `input "${id}"`)];
  return new AppError(
    ErrorCode.SECRET_STORE_UNAVAILABLE,
    `cannot import: ${where.join(', ')} hold${where.length === 1 ? 's' : ''} a key that must go into the OS keychain, and no keychain is reachable; nothing was written. Export the key before \`serve\` and replace the value with \${NAME} in the file you import`,
  );
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
