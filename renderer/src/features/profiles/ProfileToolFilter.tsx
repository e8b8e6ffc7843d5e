// Tools page: show one profile's view instead of every tool.
import { useEffect, useMemo } from 'react';
import { useAppStore } from '../../store-context.js';
import { selectProfiles } from './select-profiles.js';

interface Props {
  value: string;
  onChange(name: string): void;
}

/** The tool names a profile gives access to, or null for the full set (loaded on demand). */
export function useProfileToolNames(profile: string): Set<string> | null {
  const names = useAppStore((s) => (profile ? s.profileToolNames[profile] : undefined));
  const load = useAppStore((s) => s.loadProfileTools);
  const tools = useAppStore((s) => s.tools);
  useEffect(() => {
    if (profile) void load(profile);
  }, [profile, load, tools]);
  return useMemo(() => (profile ? new Set(names ?? []) : null), [profile, names]);
}

export function ProfileToolFilter({ value, onChange }: Props) {
  const profiles = useAppStore(selectProfiles);
  if (profiles.length === 0) return null;
  return (
    <select data-testid="tools-profile" aria-label="Profile" value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">All tools (/mcp)</option>
      {profiles.map((p) => (
        <option key={p.name} value={p.name}>
          Profile {p.name}
        </option>
      ))}
    </select>
  );
}
