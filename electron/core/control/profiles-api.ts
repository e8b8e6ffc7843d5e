// Control API methods for profiles: summaries, one profile's tools, and saving a profile
// through the same validated, atomic config write as the Config page.
import type { ControlApi } from '../../../shared/contract.js';
import { profileNameProblem, serializeProfile } from '../../../shared/config-schema.js';
import { parseJsonText } from '../../../shared/config-schema-json.js';
import { AppError, ErrorCode, type Result } from '../../../shared/errors.js';
import { inProfile } from '../../../shared/profiles.js';
import type { ProfileConfig, ProfileSummary, ToolInfo } from '../../../shared/types.js';
import type { MCPOrchestrator } from '../create-core.js';

type ProfilesApi = Pick<ControlApi, 'listProfiles' | 'profileTools' | 'saveProfile'>;
type Run = <T>(fn: () => Promise<T> | T) => Promise<Result<T>>;

function requireGateway(core: MCPOrchestrator) {
  if (!core.gateway) throw new AppError(ErrorCode.INTERNAL, 'orchestrator is not started');
  return core.gateway;
}

export async function profileToolInfos(core: MCPOrchestrator, name: string): Promise<ToolInfo[]> {
  const view = requireGateway(core).profiles.get(name);
  if (!view) throw new AppError(ErrorCode.BAD_REQUEST, `unknown profile "${name}"; configured: ${profileNames(core) || 'none'}`);
  const tools = await core.gateway.aggregator.listTools();
  return tools.filter((t) => inProfile(view.config, t));
}

function profileNames(core: MCPOrchestrator): string {
  return core.gateway.profiles
    .all()
    .map((v) => v.name)
    .join(', ');
}

/** The config text with one profile set (or removed); other keys keep their order and values. */
export function withProfile(text: string, name: string, profile: Omit<ProfileConfig, 'name'> | null): string {
  const json = parseJsonText(text);
  if (!json.ok) throw new AppError(ErrorCode.CONFIG_INVALID, `cannot update the config: ${json.issue.message}`);
  const root = json.value as Record<string, unknown>;
  const current = root.profiles;
  const profiles = typeof current === 'object' && current !== null && !Array.isArray(current) ? { ...(current as Record<string, unknown>) } : {};
  if (profile === null) delete profiles[name];
  else profiles[name] = serializeProfile({ ...profile, name });
  const next: Record<string, unknown> = { ...root, profiles };
  if (Object.keys(profiles).length === 0) delete next.profiles;
  return JSON.stringify(next, null, 2) + '\n';
}

export function createProfilesApi(core: MCPOrchestrator, run: Run): ProfilesApi {
  const refresh = (): Promise<ProfileSummary[]> => requireGateway(core).profiles.refresh(core.gateway.baseUrl());
  return {
    listProfiles: () => run(refresh),
    profileTools: (name) => run(() => profileToolInfos(core, name)),
    saveProfile: (name, profile) =>
      run(async () => {
        const problem = typeof name === 'string' ? profileNameProblem(name) : 'a profile name is required';
        if (problem) throw new AppError(ErrorCode.BAD_REQUEST, problem);
        const config = await core.config.save(withProfile(await core.config.readText(), name, profile));
        await core.applyProfiles(config);
        return refresh();
      }),
  };
}
