// `profiles list|show NAME`: what each profile serves, asked of the running orchestrator
// over its control API (the same one the UI uses).
import type { ProfileSummary, ToolInfo } from '../../shared/types.js';
import { exceededLimits } from '../../shared/profiles.js';
import { orchestrator, type Io } from './context.js';
import { controlCall } from './control-client.js';
import { EXIT, usage } from './exit-codes.js';
import type { Flags } from './flags.js';
import { print } from './output.js';

function flagsOf(p: ProfileSummary): string {
  const tags = [p.discovery ? 'discovery' : '', p.readOnly ? 'read-only' : ''].filter(Boolean);
  return tags.length ? `  [${tags.join(', ')}]` : '';
}

export function formatProfileLine(p: ProfileSummary): string {
  const listed = p.discovery ? `, lists ${p.listed}` : '';
  return `${p.name}  ${p.url}  ${p.tools} tools${listed}, ≈${p.estimatedTokens} tokens${flagsOf(p)}`;
}

function showProfile(p: ProfileSummary, tools: ToolInfo[]): string[] {
  const lines = [formatProfileLine(p)];
  if (p.description) lines.push(p.description);
  lines.push(`tools/list: ${p.listed} entries, ${p.listBytes} bytes (≈${p.estimatedTokens} tokens)`);
  for (const c of exceededLimits(p.listed)) lines.push(`warning: lists ${p.listed} tools, above ${c.client}'s limit of ${c.limit}`);
  for (const w of p.warnings) lines.push(`warning: ${w}`);
  lines.push(`config: ${JSON.stringify(p.config)}`);
  lines.push(`${p.discovery ? 'searchable' : 'served'} tools:`);
  for (const t of tools) lines.push(`  ${t.name}`);
  return lines;
}

export async function profilesCommand(rest: string[], flags: Flags, io: Io): Promise<number> {
  const [sub, name] = rest;
  if (sub !== 'list' && sub !== 'show') throw usage('usage: profiles list | profiles show NAME');
  const o = await orchestrator(flags, io);
  const profiles = await controlCall<ProfileSummary[]>(o, 'listProfiles');
  if (sub === 'list') {
    print(io, flags, profiles, () =>
      profiles.length === 0
        ? 'no profiles configured (add a "profiles" key to the config)'
        : profiles.flatMap((p) => [formatProfileLine(p), ...p.warnings.map((w) => `  warning: ${w}`)]),
    );
    return EXIT.OK;
  }
  const profile = profiles.find((p) => p.name === name);
  if (!name || !profile) {
    io.err(`unknown profile "${name ?? ''}"; configured: ${profiles.map((p) => p.name).join(', ') || 'none'}`);
    return EXIT.FAILED;
  }
  const tools = await controlCall<ToolInfo[]>(o, 'profileTools', [name]);
  print(io, flags, { profile, tools }, () => showProfile(profile, tools));
  return EXIT.OK;
}
