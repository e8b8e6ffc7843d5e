import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, formatIssues, parseConfigText, serializeConfig } from '../../../shared/config-schema.js';
import type { ConfigIssue } from '../../../shared/types.js';

const SEED = JSON.stringify({
  servers: {
    openai: {
      name: 'OpenAI Server',
      description: 'Chat and embeddings',
      command: 'python',
      args: ['servers/openai_server.py'],
      env: { OPENAI_API_KEY: '${OPENAI_API_KEY}' },
      cwd: '/opt/mcp',
      port: 8001,
      tools: ['chat', 'embed'],
      required_env: ['OPENAI_API_KEY'],
      disabled_tools: ['embed'],
      timeout: 45,
    },
    remote: { url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer ${TOKEN}' }, enabled: false, autostart: false },
  },
  orchestrator: {
    port: 8100,
    default_timeout: 30,
    retry_attempts: 2,
    ping_interval: 20,
    ping_timeout: 5,
    routing: { chat_preference: ['groq', 'openai'], breaker_cooldown: 10 },
  },
});

function issuesOf(text: string): ConfigIssue[] {
  const r = parseConfigText(text);
  if (r.ok) throw new Error('expected the config to be rejected');
  return r.issues;
}

function messageAt(issues: ConfigIssue[], path: string): string {
  const found = issues.find((i) => i.path === path);
  if (!found) throw new Error(`no issue at ${path}; got ${JSON.stringify(issues)}`);
  return found.message;
}

describe('parseConfigText: seed format', () => {
  it('normalises to camelCase, milliseconds and fills defaults', () => {
    const r = parseConfigText(SEED);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.format).toBe('seed');
    const [openai, remote] = r.config.servers;
    expect(openai).toEqual({
      id: 'openai',
      name: 'OpenAI Server',
      description: 'Chat and embeddings',
      transport: 'stdio',
      command: 'python',
      args: ['servers/openai_server.py'],
      env: { OPENAI_API_KEY: '${OPENAI_API_KEY}' },
      cwd: '/opt/mcp',
      headers: {},
      requiredEnv: ['OPENAI_API_KEY'],
      enabled: true,
      autostart: true,
      disabledTools: ['embed'],
      port: 8001,
      timeoutMs: 45_000,
    });
    expect(remote).toMatchObject({
      id: 'remote',
      name: 'remote',
      transport: 'http',
      url: 'https://mcp.example.com/mcp',
      args: [],
      enabled: false,
      autostart: false,
    });
    expect(remote.command).toBeUndefined();
    const o = r.config.orchestrator;
    expect(o).toMatchObject({
      host: '127.0.0.1',
      port: 8100,
      defaultTimeoutMs: 30_000,
      retryAttempts: 2,
      pingIntervalMs: 20_000,
      pingTimeoutMs: 5_000,
    });
    expect(o.routing).toEqual({ ...DEFAULT_SETTINGS.routing, chatPreference: ['groq', 'openai'], breakerCooldownMs: 10_000 });
  });

  it('uses every documented default when the orchestrator section is missing', () => {
    const r = parseConfigText('{"servers": {}}');
    expect(r.ok && r.config.orchestrator).toEqual({
      host: '127.0.0.1',
      port: 8000,
      defaultTimeoutMs: 30_000,
      retryAttempts: 3,
      pingIntervalMs: 30_000,
      pingTimeoutMs: 10_000,
      backoffInitialMs: 1_000,
      backoffMaxMs: 60_000,
      crashLoopMaxRestarts: 5,
      crashLoopWindowMs: 120_000,
      maxSessions: 64,
      sessionIdleMs: 1_800_000,
      maxBodyBytes: 4 * 1024 * 1024,
      clientBufferBytes: 1024 * 1024,
      maxMessageBytes: 64 * 1024 * 1024,
      auditMaxBytes: 10 * 1024 * 1024,
      approvalTimeoutMs: 120_000,
      routing: {
        chatPreference: ['openai', 'groq', 'local_llama'],
        embedPreference: ['openai', 'local_llama'],
        strategy: 'priority',
        weights: {},
        maxInflight: {},
        breakerFailures: 3,
        breakerCooldownMs: 30_000,
        embedCacheTtlMs: 3_600_000,
        embedCacheMaxEntries: 500,
      },
    });
  });

  it('round-trips through serializeConfig with stable output and defaults left out', () => {
    const first = parseConfigText(SEED);
    if (!first.ok) throw new Error('seed should parse');
    const text = serializeConfig(first.config);
    const again = parseConfigText(text);
    expect(again.ok && again.config).toEqual(first.config);
    expect(serializeConfig(again.ok ? again.config : first.config)).toBe(text);
    expect(text.startsWith('{\n  "servers": {\n    "openai": {\n      "name": "OpenAI Server"')).toBe(true);
    const file = JSON.parse(text);
    expect(file.orchestrator).toEqual({
      port: 8100,
      retry_attempts: 2,
      ping_interval: 20,
      ping_timeout: 5,
      routing: { chat_preference: ['groq', 'openai'], breaker_cooldown: 10 },
    });
    expect(file.servers.remote).toEqual({
      url: 'https://mcp.example.com/mcp',
      headers: { Authorization: 'Bearer ${TOKEN}' },
      enabled: false,
      autostart: false,
    });
  });

  it('accepts comments and trailing commas (JSONC, as VS Code writes)', () => {
    const r = parseConfigText('{\n  // local servers\n  "servers": {"m": {"command": "npx", /* inline */ "args": ["-y", "x//y"],},},\n}');
    expect(r.ok && r.config.servers[0].args).toEqual(['-y', 'x//y']);
  });
});

describe('parseConfigText: client formats', () => {
  it('reads the mcpServers format (Claude Desktop, Cursor) including remote entries and disabled', () => {
    const r = parseConfigText(
      JSON.stringify({
        mcpServers: {
          memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'], env: { MEMORY_FILE_PATH: '/tmp/m.json' } },
          linear: { url: 'https://mcp.linear.app/sse', headers: { 'X-Key': 'k' } },
          old: { command: 'node', args: ['old.js'], disabled: true },
        },
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.format).toBe('mcpServers');
    expect(r.config.servers.map((s) => [s.id, s.transport, s.enabled])).toEqual([
      ['memory', 'stdio', true],
      ['linear', 'http', true],
      ['old', 'stdio', false],
    ]);
    expect(r.config.servers[0].env).toEqual({ MEMORY_FILE_PATH: '/tmp/m.json' });
    expect(r.config.orchestrator.port).toBe(8000);
  });

  it('reads VS Code typed entries and reports the vscode format', () => {
    const r = parseConfigText(
      JSON.stringify({
        inputs: [{ type: 'promptString', id: 'key', password: true }],
        servers: {
          github: { type: 'http', url: 'https://api.githubcopilot.com/mcp/' },
          fetch: { type: 'stdio', command: 'uvx', args: ['mcp-server-fetch'] },
        },
      }),
    );
    expect(r.ok && r.format).toBe('vscode');
    expect(r.ok && r.config.servers.map((s) => s.transport)).toEqual(['http', 'stdio']);
  });
});

describe('parseConfigText: errors name the JSON path', () => {
  it('reports wrong types with the path and a plain message', () => {
    const issues = issuesOf(
      '{"servers": {"memory": {"command": "npx", "args": ["-y", 2], "env": {"A": true}}}, "orchestrator": {"port": "80"}}',
    );
    expect(messageAt(issues, 'servers.memory.args[1]')).toBe('expected a string, got number');
    expect(messageAt(issues, 'servers.memory.env.A')).toBe('expected a string, got boolean');
    expect(messageAt(issues, 'orchestrator.port')).toBe('expected a number, got string');
    expect(formatIssues('/home/u/config.json', issues)).toContain(
      'Invalid config /home/u/config.json:\n  at servers.memory.args[1]: expected a string, got number',
    );
  });

  it('requires exactly one of command and url', () => {
    expect(messageAt(issuesOf('{"servers": {"x": {"name": "X"}}}'), 'servers.x')).toMatch(/needs "command".*or "url"/);
    expect(messageAt(issuesOf('{"servers": {"x": {"command": "a", "url": "http://127.0.0.1:1/mcp"}}}'), 'servers.x')).toMatch(
      /both "command" and "url"/,
    );
    expect(messageAt(issuesOf('{"servers": {"x": {"url": "file:///etc/passwd"}}}'), 'servers.x.url')).toMatch(/http:\/\/ or https:\/\//);
    expect(messageAt(issuesOf('{"servers": {"x": {"type": "stdio", "url": "http://h/mcp"}}}'), 'servers.x.type')).toMatch(
      /"stdio" but the entry has "url"/,
    );
  });

  it('rejects ids containing "__" and says why', () => {
    const message = messageAt(issuesOf('{"servers": {"my__srv": {"command": "a"}}}'), 'servers.my__srv');
    expect(message).toMatch(/must not contain "__"/);
    expect(message).toMatch(/<server>__<tool>/);
  });

  it('rejects ids with other characters or too long, quoting odd keys in the path', () => {
    expect(messageAt(issuesOf('{"servers": {"my server": {"command": "a"}}}'), 'servers["my server"]')).toMatch(/letters, digits/);
    expect(issuesOf(`{"servers": {"${'a'.repeat(49)}": {"command": "a"}}}`)[0].message).toMatch(/1-48 characters/);
  });

  it('rejects a non-loopback host and explains the security reason', () => {
    for (const host of ['0.0.0.0', '192.168.1.10', 'example.com', '::']) {
      const message = messageAt(issuesOf(JSON.stringify({ servers: {}, orchestrator: { host } })), 'orchestrator.host');
      expect(message).toMatch(/loopback/);
      expect(message).toMatch(/network/);
    }
    for (const host of ['127.0.0.1', '::1', 'localhost']) {
      const r = parseConfigText(JSON.stringify({ servers: {}, orchestrator: { host } }));
      expect(r.ok && r.config.orchestrator.host).toBe(host);
    }
  });

  it('checks numbers, routing lists and related settings', () => {
    const issues = issuesOf(
      JSON.stringify({
        servers: { a: { command: 'x', timeout: 0, port: 70000, required_env: ['bad name'] } },
        orchestrator: { retry_attempts: 1.5, backoff_initial: 90, routing: { chat_preference: 'openai', breaker_failures: 0 } },
      }),
    );
    expect(messageAt(issues, 'servers.a.timeout')).toBe('must be greater than 0');
    expect(messageAt(issues, 'servers.a.port')).toBe('must be at most 65535');
    expect(messageAt(issues, 'servers.a.required_env[0]')).toMatch(/environment variable name/);
    expect(messageAt(issues, 'orchestrator.retry_attempts')).toBe('expected a whole number, got 1.5');
    expect(messageAt(issues, 'orchestrator.routing.chat_preference')).toBe('expected an array, got string');
    expect(messageAt(issues, 'orchestrator.routing.breaker_failures')).toBe('must be at least 1');
    expect(messageAt(issues, 'orchestrator.backoff_initial')).toMatch(/backoff_max/);
  });

  it('gives line and column for invalid JSON', () => {
    const issues = issuesOf('{\n  "servers": {\n    "a": {"command": "x"}\n    "b": {}\n  }\n}');
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('');
    expect(issues[0].message).toMatch(/^invalid JSON at line 4, column 5/);
    expect(issuesOf('{"servers": ')[0].message).toMatch(/line 1, column 13: unexpected end of file/);
    expect(issuesOf('   ')[0].message).toMatch(/empty/);
    expect(issuesOf('{"servers": {"a": {"command": b}}}')[0].message).toBe(
      'invalid JSON at line 1, column 31: unexpected "b"; expected a value (string, number, object, array, true, false or null)',
    );
    expect(issuesOf('{"servers": {"a": {"cwd": "C:\\Users"}}}')[0].message).toMatch(/column 30: invalid escape.*Windows path/);
    expect(issuesOf('{servers: {}}')[0].message).toMatch(/column 2: unexpected "s"; expected a property name in double quotes/);
  });

  it('keeps JSON error messages short even for a large file (no echo of the text)', () => {
    const big = `{"servers": {${Array.from({ length: 2000 }, (_, i) => `"s${i}": {"command": "x"}`).join(',')}}, oops}`;
    const [issue] = issuesOf(big);
    expect(issue.message.length).toBeLessThan(200);
    expect(issue.message).toMatch(/^invalid JSON at line 1, column \d+: unexpected "o"; expected a property name/);
  });

  it('explains a missing or doubled server list and a non-object root', () => {
    expect(issuesOf('{"orchestrator": {}}')[0]).toEqual({ path: '', message: expect.stringMatching(/"servers" object/) });
    expect(messageAt(issuesOf('{"servers": {}, "mcpServers": {}}'), 'mcpServers')).toMatch(/both/);
    expect(issuesOf('[]')[0].message).toBe('expected a JSON object at the top level, got array');
    expect(messageAt(issuesOf('{"servers": []}'), 'servers')).toBe('expected an object, got array');
  });
});

describe('tool_prefix', () => {
  it('parses, round-trips "" and custom prefixes, and leaves the default absent', () => {
    const r = parseConfigText(
      JSON.stringify({
        servers: { a: { command: 'x', tool_prefix: '' }, b: { url: 'http://127.0.0.1:1/mcp', tool_prefix: 'gh_' }, c: { command: 'y' } },
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.servers.map((s) => s.toolPrefix)).toEqual(['', 'gh_', undefined]);
    const again = JSON.parse(serializeConfig(r.config)) as { servers: Record<string, Record<string, unknown>> };
    expect(again.servers.a.tool_prefix).toBe('');
    expect(again.servers.b.tool_prefix).toBe('gh_');
    expect('tool_prefix' in again.servers.c).toBe(false);
  });

  it('refuses characters that cannot appear in a tool name, saying why', () => {
    const r = parseConfigText(JSON.stringify({ servers: { a: { command: 'x', tool_prefix: 'my.' } } }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.find((i) => i.path === 'servers.a.tool_prefix')?.message).toMatch(/letters, digits/);
  });

  it("refuses a prefix inside another server's <id>__ namespace, naming the path and the owner", () => {
    const r = parseConfigText(
      JSON.stringify({
        servers: {
          everything: { command: 'x' },
          imported: { command: 'y', tool_prefix: 'Everything__' },
          own: { command: 'z', tool_prefix: 'own__' },
        },
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0].path).toBe('servers.imported.tool_prefix');
    expect(r.issues[0].message).toMatch(/falls inside server "everything"'s namespace "everything__"/);
  });
});

describe('transport: "sse"', () => {
  it('marks a remote entry as HTTP+SSE from "transport" or VS Code\'s "type", round-trips it, and refuses it with a command', () => {
    const r = parseConfigText(
      JSON.stringify({
        servers: {
          a: { url: 'http://127.0.0.1:1/sse', transport: 'sse' },
          b: { url: 'http://127.0.0.1:2/sse', type: 'sse' },
          c: { url: 'http://127.0.0.1:3/mcp' },
        },
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.servers.map((s) => s.sse)).toEqual([true, true, undefined]);
    const again = JSON.parse(serializeConfig(r.config)) as { servers: Record<string, Record<string, unknown>> };
    expect(again.servers.a.transport).toBe('sse');
    expect(again.servers.b.transport).toBe('sse');
    expect('transport' in again.servers.c).toBe(false);
    const bad = parseConfigText(JSON.stringify({ servers: { x: { command: 'node', transport: 'sse' } } }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0]).toMatchObject({ path: 'servers.x.transport' });
  });
});
