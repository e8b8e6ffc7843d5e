import { describe, expect, it } from 'vitest';
import { tokenFromHash } from '../../../renderer/src/api/token.js';
import { listServerIds, readDraft, removeServer, upsertServer, EMPTY_DRAFT } from '../../../renderer/src/features/config/config-edit.js';
import { buildSnippets, cliLine, maskToken } from '../../../renderer/src/features/connect/snippets.js';
import { defaultArgs, jsonFieldProblem, parseArgs } from '../../../renderer/src/features/tools/schema-args.js';
import { splitTables } from '../../../renderer/src/features/chat/markdown-tables.js';

const info = {
  url: 'http://127.0.0.1:8000/mcp',
  token: 'abcd1234',
  tokenFile: '/x/token',
  stdioCommand: ['/opt/node/bin/node', '/opt/mcp-orchestrator/bin/mcp-orchestrator.mjs', 'stdio'],
};

describe('connect snippets', () => {
  it('never put the admin token in a snippet: a placeholder until a client token is created', () => {
    for (const s of buildSnippets(info)) expect(s.text).not.toContain(info.token);
    const byId = Object.fromEntries(buildSnippets(info).map((s) => [s.id, s.text]));
    expect(JSON.parse(byId.cursor).mcpServers.orchestrator.headers).toEqual({ Authorization: 'Bearer <client token>' });
  });

  it('produce the documented shapes for each client, with the client token', () => {
    const byId = Object.fromEntries(buildSnippets(info, 'mcpo_abcd1234').map((s) => [s.id, s.text]));
    expect(JSON.parse(byId['claude-desktop'])).toEqual({
      mcpServers: { orchestrator: { command: '/opt/node/bin/node', args: ['/opt/mcp-orchestrator/bin/mcp-orchestrator.mjs', 'stdio'] } },
    });
    expect(JSON.parse(byId.cursor)).toEqual({
      mcpServers: { orchestrator: { url: info.url, headers: { Authorization: 'Bearer mcpo_abcd1234' } } },
    });
    expect(JSON.parse(byId.vscode)).toEqual({
      servers: { orchestrator: { type: 'http', url: info.url, headers: { Authorization: 'Bearer mcpo_abcd1234' } } },
    });
    expect(byId['claude-code']).toBe(
      "claude mcp add --transport http orchestrator http://127.0.0.1:8000/mcp --header 'Authorization: Bearer mcpo_abcd1234'",
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

describe('jsonFieldProblem (a JSON field of the tool form)', () => {
  it('refuses text that is not JSON, or not the kind the schema asks for', () => {
    expect(jsonFieldProblem('[{"a": 1}', 'array').problem).toMatch(/^Not valid JSON/);
    expect(jsonFieldProblem('{"a": 1}', 'array').problem).toMatch(/array/);
    expect(jsonFieldProblem('[1]', 'object').problem).toMatch(/object/);
    expect(jsonFieldProblem('null', 'object').problem).toMatch(/object/);
  });
  it('gives the parsed value, or undefined (leave it out) for empty text', () => {
    expect(jsonFieldProblem(' [1, 2] ', 'array')).toEqual({ problem: null, value: [1, 2] });
    expect(jsonFieldProblem('"x"', 'json')).toEqual({ problem: null, value: 'x' });
    expect(jsonFieldProblem('  ', 'array')).toEqual({ problem: null, value: undefined });
  });
});

describe('splitTables (Markdown pipe tables)', () => {
  it('finds a table between paragraphs, with alignment, padding short rows', () => {
    const segs = splitTables('Intro\n\n| Tool | Calls |\n|:--|--:|\n| `echo` | 2 |\n| a \\| b |\n\nAfter');
    expect(segs.map((s) => s.kind)).toEqual(['md', 'table', 'md']);
    const t = segs[1];
    if (t.kind !== 'table') throw new Error('not a table');
    expect(t.header).toEqual(['Tool', 'Calls']);
    expect(t.align).toEqual(['left', 'right']);
    expect(t.rows).toEqual([
      ['`echo`', '2'],
      ['a | b', ''],
    ]);
  });
  it('leaves pipes in code fences and rows without a delimiter line alone', () => {
    expect(splitTables('```\n| a | b |\n|---|---|\n```').every((s) => s.kind === 'md')).toBe(true);
    expect(splitTables('| a | b |\n| c | d |').every((s) => s.kind === 'md')).toBe(true);
  });
});
