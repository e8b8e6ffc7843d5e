import { describe, expect, it } from 'vitest';
import { importClientConfig, mergeServers, parseConfigText, serializeConfig, uniqueId } from '../../../shared/config-schema.js';
import type { AppConfig, ServerConfig } from '../../../shared/types.js';

// Shaped like a real claude_desktop_config.json (extra top-level keys included).
const CLAUDE_DESKTOP = `{
  "globalShortcut": "Ctrl+Space",
  "mcpServers": {
    "filesystem": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/u/Desktop", "/Users/u/Downloads"]
    },
    "brave-search": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-brave-search"],
      "env": { "BRAVE_API_KEY": "YOUR_API_KEY_HERE" }
    },
    "My Notes": {
      "command": "uv",
      "args": ["--directory", "/Users/u/notes-mcp", "run", "notes"],
      "disabled": true,
      "alwaysAllow": ["read_note"]
    },
    "linear": { "type": "sse", "url": "https://mcp.linear.app/sse" }
  }
}`;

// Shaped like a VS Code .vscode/mcp.json: comments, inputs, trailing comma.
const VSCODE_MCP = `{
  // Secrets are prompted for and stored by VS Code
  "inputs": [
    { "type": "promptString", "id": "perplexity-key", "description": "Perplexity API Key", "password": true }
  ],
  "servers": {
    "perplexity": {
      "type": "stdio",
      "command": "npx",
      "args": ["-y", "server-perplexity-ask"],
      "env": { "PERPLEXITY_API_KEY": "\${input:perplexity-key}" },
      "envFile": "\${workspaceFolder}/.env"
    },
    "github": {
      "type": "http",
      "url": "https://api.githubcopilot.com/mcp/",
      "headers": { "Authorization": "Bearer \${input:github-token}" }
    },
  }
}`;

const VSCODE_SETTINGS = `{
  "editor.fontSize": 14,
  "mcp": {
    "servers": {
      "time": { "command": "uvx", "args": ["mcp-server-time", "--local-timezone=Europe/Berlin"] }
    }
  }
}`;

function base(): AppConfig {
  const r = parseConfigText(
    JSON.stringify({
      servers: {
        memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] },
        filesystem: { command: 'node', args: ['fs.js'] },
      },
    }),
  );
  if (!r.ok) throw new Error('base config should parse');
  return r.config;
}

describe('importClientConfig', () => {
  it('reads a Claude Desktop file, fixing ids that are not valid here', () => {
    const r = importClientConfig(CLAUDE_DESKTOP);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.servers.map((s) => s.id)).toEqual(['filesystem', 'brave-search', 'My-Notes', 'linear']);
    const notes = r.servers[2];
    expect(notes).toMatchObject({ name: 'My Notes', command: 'uv', enabled: false, transport: 'stdio' });
    expect(r.servers[1].env).toEqual({ BRAVE_API_KEY: 'YOUR_API_KEY_HERE' });
    expect(r.servers[3]).toMatchObject({ transport: 'http', url: 'https://mcp.linear.app/sse' });
  });

  it('reads a VS Code mcp.json with comments, inputs and typed entries', () => {
    const r = importClientConfig(VSCODE_MCP);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.servers.map((s) => [s.id, s.transport])).toEqual([
      ['perplexity', 'stdio'],
      ['github', 'http'],
    ]);
    expect(r.servers[0].env.PERPLEXITY_API_KEY).toBe('${input:perplexity-key}');
    expect(r.servers[1].headers.Authorization).toBe('Bearer ${input:github-token}');
  });

  it('reads the "mcp.servers" block of a VS Code settings.json', () => {
    const r = importClientConfig(VSCODE_SETTINGS);
    expect(r.ok && r.servers.map((s) => s.args)).toEqual([['mcp-server-time', '--local-timezone=Europe/Berlin']]);
  });

  it('turns ids with "__" or odd characters into valid ones and keeps them unique', () => {
    const r = importClientConfig('{"mcpServers": {"a__b": {"command": "x"}, "a_b": {"command": "y"}, "!!!": {"command": "z"}}}');
    expect(r.ok && r.servers.map((s) => [s.id, s.name])).toEqual([
      ['a_b', 'a__b'],
      ['a_b-2', 'a_b'],
      ['server', '!!!'],
    ]);
  });

  it('reports files without servers and bad entries with their paths', () => {
    const none = importClientConfig('{"editor.fontSize": 14}');
    expect(!none.ok && none.issues[0].message).toMatch(/no MCP servers found/);
    const bad = importClientConfig('{"mcpServers": {"x": {"command": "a", "args": "b"}}}');
    expect(!bad.ok && bad.issues).toEqual([{ path: 'mcpServers.x.args', message: 'expected an array, got string' }]);
  });
});

describe('mergeServers', () => {
  it('keeps existing ids, suffixes collisions and skips exact duplicates', () => {
    const imported = importClientConfig(CLAUDE_DESKTOP);
    if (!imported.ok) throw new Error('import should succeed');
    const sameMemory: ServerConfig = { ...base().servers[0] };
    const { config, imported: ids } = mergeServers(base(), [...imported.servers, sameMemory]);
    expect(ids).toEqual(['filesystem-2', 'brave-search', 'My-Notes', 'linear']);
    expect(config.servers.map((s) => s.id)).toEqual(['memory', 'filesystem', 'filesystem-2', 'brave-search', 'My-Notes', 'linear']);
    expect(config.servers[1].args).toEqual(['fs.js']);
    expect(config.servers[2].args[1]).toBe('@modelcontextprotocol/server-filesystem');
    // Importing the same file again adds nothing.
    expect(mergeServers(config, imported.servers).imported).toEqual([]);
    // The merged config is itself valid.
    expect(parseConfigText(serializeConfig(config)).ok).toBe(true);
  });

  it('keeps suffixed ids within 48 characters', () => {
    const long = 'a'.repeat(48);
    expect(uniqueId(long, new Set([long]))).toBe('a'.repeat(46) + '-2');
    expect(uniqueId('x', new Set(['x', 'x-2']))).toBe('x-3');
  });
});

describe('example client files in examples/', () => {
  it('import cleanly', async () => {
    const { readFile } = await import('node:fs/promises');
    const claude = importClientConfig(await readFile(new URL('../../../examples/claude_desktop_config.json', import.meta.url), 'utf8'));
    expect(claude.ok && claude.servers.map((s) => [s.id, s.transport, s.enabled])).toEqual([
      ['memory', 'stdio', true],
      ['everything', 'stdio', true],
      ['remote-docs', 'http', false],
    ]);
    const vscode = importClientConfig(await readFile(new URL('../../../examples/vscode-mcp.json', import.meta.url), 'utf8'));
    expect(vscode.ok && vscode.servers.map((s) => s.id)).toEqual(['memory', 'github']);
  });
});
