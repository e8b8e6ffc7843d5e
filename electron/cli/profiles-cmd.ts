// `profiles list|show NAME`: what each profile serves, asked of the running orchestrator
// over its control API (the same one the UI uses).
import { HTTP_API_PREFIX, type ControlApi } from '../../shared/contract.js';
import type { Result } from '../../shared/errors.js';
import { exceededLimits } from '../../shared/profiles.js';
import type { ProfileSummary, ToolInfo } from '../../shared/types.js';
import { gatewayToken, gatewayUrl, type Io } from './context.js';
import type { Flags } from './flags.js';

type Method = keyof ControlApi;

/** POSTs one control API call to the running orchestrator and unwraps its Result. */
export async function controlCall<T>(flags: Flags, io: Io, method: Method, args: unknown[]): Promise<T> {
  const url = await gatewayUrl(flags, io);
  const token = await gatewayToken(flags, io, url);
  let res: Response;
  try {
    res = await fetch(new URL(`${HTTP_API_PREFIX}/${method}`, url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ args }),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new Error(`cannot reach the orchestrator at ${url} (${cause}). Is \`mcp-orchestrator serve\` running?`);
  }
  if (res.status === 401)
    throw new Error('the gateway refused the token (401). Set MCP_ORCHESTRATOR_TOKEN or run on the same account as serve.');
  const body = (await res.json()) as Result<T>;
  if (!body.ok) throw new Error(body.error.message);
  return body.value;
}

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
  if (sub !== 'list' && sub !== 'show') {
    io.err('usage: profiles list | profiles show NAME');
    return 2;
  }
  const profiles = await controlCall<ProfileSummary[]>(flags, io, 'listProfiles', []);
  if (sub === 'list') {
    if (profiles.length === 0) io.out('no profiles configured (add a "profiles" key to the config)');
    for (const p of profiles) {
      io.out(formatProfileLine(p));
      for (const w of p.warnings) io.out(`  warning: ${w}`);
    }
    return 0;
  }
  const profile = profiles.find((p) => p.name === name);
  if (!name || !profile) {
    io.err(`unknown profile "${name ?? ''}"; configured: ${profiles.map((p) => p.name).join(', ') || 'none'}`);
    return 1;
  }
  const tools = await controlCall<ToolInfo[]>(flags, io, 'profileTools', [name]);
  io.out(showProfile(profile, tools).join('\n'));
  return 0;
}
