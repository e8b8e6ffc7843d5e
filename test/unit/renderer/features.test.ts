import { describe, expect, it } from 'vitest';
import { tokenFromHash } from '../../../renderer/src/api/token.js';
import { listServerIds, readDraft, removeServer, upsertServer, EMPTY_DRAFT } from '../../../renderer/src/features/config/config-edit.js';
import { buildSnippets, cliLine, maskToken } from '../../../renderer/src/features/connect/snippets.js';
import { defaultArgs, parseArgs } from '../../../renderer/src/features/tools/schema-args.js';

const info = {
  url: 'http://127.0.0.1:8000/mcp',
  token: 'abcd1234',
  tokenFile: '/x/token',
  stdioCommand: ['/opt/node/bin/node', '/opt/mcp-orchestrator/bin/mcp-orchestrator.mjs', 'stdio'],
};

describe('connect snippets', () => {
  it('produce the documented shapes for each client', () => {
    const byId = Object.fromEntries(buildSnippets(info).map((s) => [s.id, s.text]));
    expect(JSON.parse(byId['claude-desktop'])).toEqual({
      mcpServers: { orchestrator: { command: '/opt/node/bin/node', args: ['/opt/mcp-orchestrator/bin/mcp-orchestrator.mjs', 'stdio'] } },
    });
    expect(JSON.parse(byId.cursor)).toEqual({
      mcpServers: { orchestrator: { url: info.url, headers: { Authorization: 'Bearer abcd1234' } } },
    });
    expect(JSON.parse(byId.vscode)).toEqual({
      servers: { orchestrator: { type: 'http', url: info.url, headers: { Authorization: 'Bearer abcd1234' } } },
    });
    expect(byId['claude-code']).toBe(
      "claude mcp add --transport http orchestrator http://127.0.0.1:8000/mcp --header 'Authorization: Bearer abcd1234'",
    );
  });

  it('gives Claude Desktop the environment the packaged app needs to run as Node', () => {
    const electron = {
      ...info,
      stdioCommand: ['/Applications/MCP Orchestrator.app/Contents/MacOS/MCP Orchestrator', '/x/bin/mcp-orchestrator.mjs', 'stdio'],
      stdioEnv: { ELECTRON_RUN_AS_NODE: '1' },
    };
    const desktop = JSON.parse(buildSnippets(electron).find((s) => s.id === 'claude-desktop')!.text);
    expect(desktop.mcpServers.orchestrator).toEqual({
      command: electron.stdioCommand[0],
      args: electron.stdioCommand.slice(1),
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  });

  it('hints run this installation by absolute path, or the in-clone form before connection info arrives', () => {
    const packaged = {
      ...info,
      cliCommand: ['/opt/MCP Orchestrator/mcp-orchestrator', '/opt/x/bin/mcp-orchestrator.mjs'],
      stdioEnv: { ELECTRON_RUN_AS_NODE: '1' },
    };
    expect(cliLine(packaged, ['serve'])).toBe(
      "ELECTRON_RUN_AS_NODE=1 '/opt/MCP Orchestrator/mcp-orchestrator' /opt/x/bin/mcp-orchestrator.mjs serve",
    );
    expect(cliLine(null, ['serve'])).toBe('npm run cli -- serve');
  });

  it('masks all but the last four token characters', () => {
    expect(maskToken('abcd1234')).toBe('••••1234');
    expect(maskToken('ab')).toBe('••••');
  });
});

describe('config form edits', () => {
  const base = JSON.stringify({
    servers: { memory: { name: 'Memory', command: 'npx', args: ['-y', 'pkg'], tools: ['a'] } },
    orchestrator: { port: 1 },
  });

  it('reads an entry into a draft', () => {
    expect(listServerIds(base)).toEqual(['memory']);
    expect(readDraft(base, 'memory')).toEqual({ ...EMPTY_DRAFT, id: 'memory', name: 'Memory', command: 'npx', args: '-y\npkg' });
  });

  it('adds and edits servers, keeping unknown keys and other sections', () => {
    const added = upsertServer(base, { ...EMPTY_DRAFT, id: 'remote', kind: 'remote', url: 'https://x.test/mcp', envNames: 'A_KEY, B_KEY' });
    expect(added.ok).toBe(true);
    const doc = JSON.parse(added.ok ? added.text : '');
    expect(doc.servers.remote).toEqual({ url: 'https://x.test/mcp', required_env: ['A_KEY', 'B_KEY'] });
    expect(doc.orchestrator).toEqual({ port: 1 });
    const edited = upsertServer(base, { ...readDraft(base, 'memory')!, args: '-y\nother pkg' });
    expect(JSON.parse(edited.ok ? edited.text : '').servers.memory).toEqual({
      name: 'Memory',
      command: 'npx',
      args: ['-y', 'other pkg'],
      tools: ['a'],
    });
  });

  it('removes servers and refuses bad input', () => {
    const removed = removeServer(base, 'memory');
    expect(JSON.parse(removed.ok ? removed.text : '').servers).toEqual({});
    expect(upsertServer('{oops', { ...EMPTY_DRAFT, id: 'a', command: 'x' })).toMatchObject({ ok: false });
    expect(upsertServer(base, { ...EMPTY_DRAFT, id: 'bad id', command: 'x' })).toMatchObject({ ok: false });
    expect(upsertServer(base, { ...EMPTY_DRAFT, id: 'a' })).toMatchObject({ ok: false });
  });

  it('edits Claude-style mcpServers maps in place', () => {
    const claude = JSON.stringify({ mcpServers: { fs: { command: 'npx', args: [] } } });
    const r = upsertServer(claude, { ...EMPTY_DRAFT, id: 'git', command: 'uvx', args: 'mcp-server-git' });
    expect(Object.keys(JSON.parse(r.ok ? r.text : '').mcpServers)).toEqual(['fs', 'git']);
  });
});

describe('tool arguments', () => {
  it('prefills required properties from the schema', () => {
    const schema = {
      type: 'object',
      required: ['q', 'n', 'mode', 'flag', 'opts'],
      properties: {
        q: { type: 'string' },
        n: { type: 'integer' },
        mode: { enum: ['fast', 'slow'] },
        flag: { type: 'boolean', default: true },
        opts: { type: 'object', required: ['k'], properties: { k: { type: 'array' } } },
        optional: { type: 'string' },
      },
    };
    expect(defaultArgs(schema)).toEqual({ q: '', n: 0, mode: 'fast', flag: true, opts: { k: [] } });
    expect(defaultArgs(undefined)).toEqual({});
  });

  it('parses only JSON objects', () => {
    expect(parseArgs('')).toEqual({ ok: true, value: {} });
    expect(parseArgs('[1]')).toMatchObject({ ok: false });
    expect(parseArgs('{"a":')).toMatchObject({ ok: false });
  });
});

describe('token from URL fragment', () => {
  it('extracts the token and ignores empty values', () => {
    expect(tokenFromHash('#token=abc%2Bdef')).toBe('abc+def');
    expect(tokenFromHash('#view=chat&token=xyz')).toBe('xyz');
    expect(tokenFromHash('#token=')).toBeNull();
    expect(tokenFromHash('')).toBeNull();
  });
});
