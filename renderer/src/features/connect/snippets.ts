// Copy-ready client configurations for the gateway. Pure so it can be tested without a DOM.
import type { ConnectionInfo } from '../../../../shared/types.js';

export interface Snippet {
  id: 'claude-desktop' | 'cursor' | 'vscode' | 'claude-code';
  title: string;
  hint: string;
  text: string;
}

const SERVER_NAME = 'orchestrator';

/** Quote a shell word only when needed. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:@=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** What HTTP snippets show until a client token is created: the admin token never goes into an IDE's file. */
const CLIENT_TOKEN_PLACEHOLDER = '<client token>';

/**
 * The snippets for one endpoint. HTTP clients get `clientToken` (a token bound to that endpoint, created on the
 * Connect page), never the admin token; the stdio bridge reads its token itself and checks the listener first.
 */
export function buildSnippets(info: ConnectionInfo, clientToken: string = CLIENT_TOKEN_PLACEHOLDER): Snippet[] {
  const headers = { Authorization: `Bearer ${clientToken}` };
  // Always this installation by absolute path (from the core), never a registry name through npx.
  const [command = '', ...args] = info.stdioCommand;
  const env = info.stdioEnv && Object.keys(info.stdioEnv).length ? { env: info.stdioEnv } : {};
  const json = (v: unknown) => JSON.stringify(v, null, 2);
  return [
    {
      id: 'claude-desktop',
      title: 'Claude Desktop',
      hint: 'claude_desktop_config.json: a stdio bridge; no token in this file (it checks the orchestrator, then uses this run’s own credential).',
      text: json({ mcpServers: { [SERVER_NAME]: { command, args, ...env } } }),
    },
    {
      id: 'cursor',
      title: 'Cursor',
      hint: '~/.cursor/mcp.json',
      text: json({ mcpServers: { [SERVER_NAME]: { url: info.url, headers } } }),
    },
    {
      id: 'vscode',
      title: 'VS Code',
      hint: '.vscode/mcp.json',
      text: json({ servers: { [SERVER_NAME]: { type: 'http', url: info.url, headers } } }),
    },
    {
      id: 'claude-code',
      title: 'Claude Code',
      hint: 'Run once in a terminal.',
      text: `claude mcp add --transport http ${SERVER_NAME} ${shellWord(info.url)} --header ${shellWord(`Authorization: Bearer ${clientToken}`)}`,
    },
  ];
}

/** The same connection pointed at another endpoint (a profile's URL), bridge command included. */
export function withEndpoint(info: ConnectionInfo, url: string): ConnectionInfo {
  return { ...info, url, stdioCommand: info.stdioCommand.map((part) => (part === info.url ? url : part)) };
}

/**
 * A shell line that runs this installation's CLI (`words` appended), e.g. for "export the key, then
 * serve". Without connection info yet, the in-clone form: npx with our bare package name would run
 * whatever the public registry holds under that name.
 */
export function cliLine(info: ConnectionInfo | null, words: string[]): string {
  if (!info?.cliCommand?.length) return ['npm', 'run', 'cli', '--', ...words].join(' ');
  const env = Object.entries(info.stdioEnv ?? {}).map(([k, v]) => `${k}=${shellWord(v)}`);
  return [...env, ...info.cliCommand.map(shellWord), ...words.map(shellWord)].join(' ');
}

/** Masks all but the last four characters. */
export function maskToken(token: string): string {
  return token.length <= 4 ? '••••' : '•'.repeat(Math.min(token.length - 4, 24)) + token.slice(-4);
}
