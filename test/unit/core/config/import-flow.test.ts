// The import as an edit of the config text: only the new entries are inserted, so comments, unknown keys and every
// existing setting survive; the preview's diff shows exactly that; inputs are stored or reported missing.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../../shared/config-schema.js';
import { EMPTY_CONFIG_TEXT, insertServers, maskKeys } from '../../../../electron/core/config/import-edit.js';
import { commitImport, prepareImport, type ImportContext } from '../../../../electron/core/config/import-flow.js';
import { MemorySecretStore, UnavailableSecretStore } from '../../../../electron/core/secrets/secret-store.js';

const VARS = { home: '/home/ada', sep: '/' };
const CONFIG = `{
  "$schema": "./config.schema.json", // editors' hint: not ours, must stay
  "servers": {
    // the memory graph, shared by every IDE
    "memory": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-memory"],
      "required_env": ["MEMORY_FILE_PATH"],
      "tools": ["read_graph", "search_nodes"],
      "alwaysAllow": ["read_graph"], /* Cline's extra, accepted and ignored */
    },
  },
  "orchestrator": {
    "port": 8123,
    "retry_attempts": 7, // flaky children
    "routing": { "chat_preference": ["groq", "openai"] },
  },
}
`;
const CLAUDE = JSON.stringify({
  mcpServers: {
    everything: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything'] },
    gh: { command: 'gh-mcp', env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_literal0123456789abcdefXYZ' } },
  },
});
const VSCODE = `{
  "inputs": [{ "type": "promptString", "id": "docs-token", "description": "Docs API token", "password": true }],
  "servers": { "docs": { "type": "http", "url": "https://docs.example/mcp", "headers": { "Authorization": "Bearer \${input:docs-token}" } } }
}`;

const ctx = (over: Partial<ImportContext> = {}): ImportContext => ({
  path: '/cfg/config.json',
  text: CONFIG,
  store: new MemorySecretStore(),
  variables: VARS,
  ...over,
});

describe('import as an edit', () => {
  it('keeps every byte of the old file and adds only the new entries', async () => {
    const c = ctx();
    const draft = await prepareImport(c, CLAUDE, 'claude.json');
    const done = await commitImport(c, draft);
    // Everything before the closing brace of "memory" is untouched: comments, unknown keys, required_env, tools.
    const head = CONFIG.slice(0, CONFIG.indexOf('    },\n  },'));
    expect(done.text.startsWith(head)).toBe(true);
    // And everything after "servers": the settings with their comments and trailing commas.
    expect(done.text.endsWith(CONFIG.slice(CONFIG.indexOf('  "orchestrator"')))).toBe(true);
    const parsed = parseConfigText(done.text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.config.orchestrator.retryAttempts).toBe(7);
    expect(parsed.config.orchestrator.routing.chatPreference).toEqual(['groq', 'openai']);
    expect(parsed.config.orchestrator.port).toBe(8123);
    expect(parsed.config.servers.find((s) => s.id === 'memory')?.requiredEnv).toEqual(['MEMORY_FILE_PATH']);
    expect(parsed.config.servers.map((s) => s.id)).toEqual(['memory', 'everything', 'gh']);
    expect(done.text).not.toContain('ghp_literal');
    expect(done.text).toContain('"GITHUB_PERSONAL_ACCESS_TOKEN": "${GITHUB_PERSONAL_ACCESS_TOKEN}"');
    expect(done.imported).toEqual(['everything', 'gh']);
  });

  it('shows a unified diff of exactly that edit, with the literal key masked', async () => {
    const draft = await prepareImport(
      ctx(),
      CLAUDE.replace('"gh-mcp"', '"gh-mcp","args":["--key","sk-abcdefgh12345678XYZ"]'),
      'claude.json',
    );
    const { diff } = draft.preview;
    const lines = diff.split('\n');
    expect(lines[0]).toBe('--- /cfg/config.json');
    expect(lines[1]).toBe('+++ /cfg/config.json (after import)');
    expect(lines[2]).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/);
    const removed = lines.filter((l) => l.startsWith('-') && !l.startsWith('---'));
    const added = lines.filter((l) => l.startsWith('+') && !l.startsWith('+++'));
    // The old file ends its entries with trailing commas, so the edit is a pure insertion: no line of it changes.
    expect(removed).toEqual([]);
    expect(added.join('\n')).toContain('"everything": {');
    expect(added.join('\n')).toContain('"[redacted]"');
    expect(diff).not.toContain('sk-abcdefgh');
    expect(diff).not.toContain('retry_attempts'); // an unchanged setting far from the edit is not in the diff
  });

  it("leaves the last entry's line as it was, trailing comment included, adding only its comma", async () => {
    const text = `{
  "servers": {
    "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] } // the graph
  },
  "orchestrator": { "port": 8000, "retry_attempts": 5 }
}
`;
    const c = ctx({ text });
    const done = await commitImport(c, await prepareImport(c, CLAUDE, 'claude.json'));
    const lines = done.text.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '{',
      '  "servers": {',
      '    "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] }, // the graph',
    ]);
    expect(lines[3]).toBe('    "everything": {');
    expect(done.text.endsWith('  },\n  "orchestrator": { "port": 8000, "retry_attempts": 5 }\n}\n')).toBe(true);
    const draft = await prepareImport(c, CLAUDE, 'claude.json');
    const removed = draft.preview.diff.split('\n').filter((l) => /^-(?!--)/.test(l));
    expect(removed).toEqual(['-    "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] } // the graph']);
  });

  it('keeps tab indentation and a one-line servers object valid', () => {
    const entry = { id: 'b', name: 'b', description: '', transport: 'stdio' as const, command: 'b', args: [], env: {}, headers: {} };
    const b = { ...entry, requiredEnv: [], enabled: true, autostart: true, disabledTools: [] };
    const tabbed = '{\n\t"servers": {\n\t\t"a": {\n\t\t\t"command": "a"\n\t\t}\n\t}\n}\n';
    expect(insertServers(tabbed, [b])).toBe(
      '{\n\t"servers": {\n\t\t"a": {\n\t\t\t"command": "a"\n\t\t},\n\t\t"b": {\n\t\t\t"command": "b",\n\t\t\t"sandbox": "auto"\n\t\t}\n\t}\n}\n',
    );
    const oneLine = '{ "servers": { "a": { "command": "a" } }, "orchestrator": { "port": 8000 } }';
    expect(JSON.parse(insertServers(oneLine, [b]))).toEqual({
      servers: { a: { command: 'a' }, b: { command: 'b', sandbox: 'auto' } },
      orchestrator: { port: 8000 },
    });
  });

  it('inserts under "mcpServers" in a Claude-style file, and creates a seed file from nothing', () => {
    const claudeStyle = '{\n  "mcpServers": {\n    "a": { "command": "a" }\n  }\n}\n';
    const out = insertServers(claudeStyle, [
      {
        id: 'b',
        name: 'b',
        description: '',
        transport: 'stdio',
        command: 'b',
        args: [],
        env: {},
        headers: {},
        requiredEnv: [],
        enabled: true,
        autostart: true,
        disabledTools: [],
      },
    ]);
    expect(JSON.parse(out)).toEqual({ mcpServers: { a: { command: 'a' }, b: { command: 'b', sandbox: 'auto' } } });
    expect(JSON.parse(insertServers(EMPTY_CONFIG_TEXT, []))).toEqual({ servers: {} });
  });

  it('stores a given input in the keychain and requires it in the entry', async () => {
    const store = new MemorySecretStore();
    const c = ctx({ store });
    const draft = await prepareImport(c, VSCODE, 'mcp.json');
    expect(draft.preview.inputs).toEqual([
      { id: 'docs-token', name: 'DOCS_TOKEN', description: 'Docs API token', password: true, usedBy: ['docs'], stored: false },
    ]);
    const done = await commitImport(c, draft, { 'docs-token': 'dt-secret-value' });
    expect(await store.get('DOCS_TOKEN')).toBe('dt-secret-value');
    expect(done.storedInputs).toEqual(['DOCS_TOKEN']);
    expect(done.missingInputs).toEqual([]);
    expect(done.text).not.toContain('dt-secret-value');
    const docs = parseConfigText(done.text);
    if (!docs.ok) throw new Error('invalid');
    expect(docs.config.servers.find((s) => s.id === 'docs')).toMatchObject({
      headers: { Authorization: 'Bearer ${DOCS_TOKEN}' },
      requiredEnv: ['DOCS_TOKEN'],
    });
  });

  it('reports an input left empty as a missing key, never storing or writing an empty value', async () => {
    const store = new MemorySecretStore();
    const c = ctx({ store });
    const done = await commitImport(c, await prepareImport(c, VSCODE, 'mcp.json'), { 'docs-token': '' });
    expect(done.missingInputs).toEqual(['DOCS_TOKEN']);
    expect(await store.get('DOCS_TOKEN')).toBeUndefined();
    expect(done.text).toContain('"required_env": [\n');
    expect(done.text).toMatch(/"required_env": \[\s*"DOCS_TOKEN"\s*\]/);
    expect(done.text).toContain('Bearer ${DOCS_TOKEN}');
  });

  it('says an input is already stored, and without a keychain still imports it as a missing key', async () => {
    const stored = await prepareImport(ctx({ store: new MemorySecretStore({ DOCS_TOKEN: 'old' }) }), VSCODE, 'mcp.json');
    expect(stored.preview.inputs[0].stored).toBe(true);
    const none = ctx({ store: new UnavailableSecretStore() });
    const done = await commitImport(none, await prepareImport(none, VSCODE, 'mcp.json'));
    expect(done.missingInputs).toEqual(['DOCS_TOKEN']);
    await expect(commitImport(none, await prepareImport(none, VSCODE, 'mcp.json'), { 'docs-token': 'v' })).rejects.toThrow(
      /input "docs-token" holds a key that must go into the OS keychain/,
    );
  });

  it('refuses a value for an input the file does not ask for', async () => {
    const c = ctx();
    await expect(commitImport(c, await prepareImport(c, VSCODE, 'mcp.json'), { 'doc-token': 'x' })).rejects.toThrow(
      /unknown input "doc-token"; this import asks for: docs-token/,
    );
  });

  it('gives a moved key its own name when the keychain holds another value under the planned one, and the diff says so', async () => {
    const store = new MemorySecretStore({ GITHUB_PERSONAL_ACCESS_TOKEN: 'someone-elses' });
    const c = ctx({ store });
    const draft = await prepareImport(c, CLAUDE, 'claude.json');
    expect(draft.preview.entries[1].movedToKeychain).toEqual([
      { envKey: 'GITHUB_PERSONAL_ACCESS_TOKEN', name: 'GH_GITHUB_PERSONAL_ACCESS_TOKEN' },
    ]);
    expect(draft.preview.diff).toContain('${GH_GITHUB_PERSONAL_ACCESS_TOKEN}');
    const done = await commitImport(c, draft);
    expect(await store.get('GITHUB_PERSONAL_ACCESS_TOKEN')).toBe('someone-elses');
    expect(await store.get('GH_GITHUB_PERSONAL_ACCESS_TOKEN')).toBe('ghp_literal0123456789abcdefXYZ');
    expect(done.text).toBe(draft.after);
  });

  it('refuses to edit a config that is itself invalid, naming the problem', async () => {
    await expect(prepareImport(ctx({ text: '{"servers": {"a": {}}}' }), CLAUDE, 'claude.json')).rejects.toThrow(
      /while it is invalid; fix it first/,
    );
  });

  it('masks key-shaped strings and bearer credentials in shown lines', () => {
    expect(maskKeys('      "args": ["--key", "sk-abcdefgh12345678"],')).toBe('      "args": ["--key", "[redacted]"],');
    expect(maskKeys('"Authorization": "Bearer ghp_abcdefghij0123456789"')).toBe('"Authorization": "Bearer [redacted]"');
    expect(maskKeys('"Authorization": "Bearer ${TOKEN}", "mode": "fast"')).toBe('"Authorization": "Bearer ${TOKEN}", "mode": "fast"');
  });

  // Sandbox (issue 22 item 6)
  it('writes "sandbox": "auto" into imported local entries, keeps an explicit one, and leaves remote ones alone', async () => {
    const source = JSON.stringify({
      mcpServers: {
        fresh: { command: 'uvx', args: ['some-server'] },
        mine: { command: 'my-server', sandbox: 'off' },
        remote: { url: 'https://remote.example/mcp' },
      },
    });
    const c = ctx();
    const done = await commitImport(c, await prepareImport(c, source, 'claude.json'));
    const parsed = parseConfigText(done.text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const by = Object.fromEntries(parsed.config.servers.map((s) => [s.id, s.sandbox]));
    expect(by).toEqual({ memory: undefined, fresh: 'auto', mine: 'off', remote: undefined });
  });
});
