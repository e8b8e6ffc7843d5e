import type { ProfileSummary } from '../../../../shared/types.js';
import type { AppState } from '../../store.js';

const NONE: ProfileSummary[] = [];

/** The profiles from the last status push; a stable empty array so selectors do not re-render forever. */
export const selectProfiles = (s: AppState): ProfileSummary[] => s.status?.profiles ?? NONE;
