// Profiles in the UI: summaries arrive with each status push; these actions save a profile
// (through the core's atomic config write) and fetch one profile's tools for the Tools page.
import type { ProfileConfig, ProfileSummary } from '../../../shared/types.js';
import type { SliceCreator } from './helpers.js';
import { unwrap } from './helpers.js';

export interface ProfilesSlice {
  /** Tool names per profile, loaded on demand for the Tools page filter. */
  profileToolNames: Record<string, string[]>;
  loadProfileTools(name: string): Promise<void>;
  /** Saves (or with null deletes) a profile; resolves with the new summaries, or undefined on failure. */
  saveProfile(name: string, profile: Omit<ProfileConfig, 'name'> | null): Promise<ProfileSummary[] | undefined>;
}

export const createProfilesSlice: SliceCreator<ProfilesSlice> = (client) => (set, get) => ({
  profileToolNames: {},
  loadProfileTools: async (name) => {
    const tools = unwrap(get, await client.profileTools(name), `Profile ${name}`);
    if (tools) set({ profileToolNames: { ...get().profileToolNames, [name]: tools.map((t) => t.name) } });
  },
  saveProfile: async (name, profile) => {
    const summaries = unwrap(get, await client.saveProfile(name, profile), profile ? 'Save profile' : 'Delete profile');
    if (!summaries) return undefined;
    const status = get().status;
    if (status) get().setStatus({ ...status, profiles: summaries });
    get().pushToast(profile ? `Profile "${name}" saved` : `Profile "${name}" deleted`, 'info');
    return summaries;
  },
});
