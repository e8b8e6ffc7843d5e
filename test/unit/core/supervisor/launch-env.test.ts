import { describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../../../shared/types.js';
import { builtinOf } from '../../../../shared/builtins.js';
import { buildLaunchSpec, inheritedEnv, namesToResolve } from '../../../../electron/core/supervisor/launch-env.js';

const config: ServerConfig = {
  id: 'x',
  name: 'X',
  description: '',
  transport: 'stdio',
  command: 'npx',
  args: ['--root=${APP_ROOT}', 'plain'],
  env: { TOKEN: '${API_KEY}', MODE: 'fast', EXTRA: '${OPTIONAL}' },
  headers: { Authorization: 'Bearer ${HDR}' },
  requiredEnv: ['API_KEY', 'OTHER'],
  enabled: true,
  autostart: true,
  disabledTools: [],
};

// What a developer's shell typically exports: base names, keys of other vendors, the gateway token.
const shell = {
  PATH: '/usr/bin',
  HOME: '/home/u',
  USER: 'u',
  LANG: 'en_US.UTF-8',
  LC_ALL: 'C',
  TMPDIR: '/tmp/u',
  HTTPS_PROXY: 'http://proxy:3128',
  no_proxy: 'localhost',
  NODE_EXTRA_CA_CERTS: '/etc/ca.pem',
  OPENAI_API_KEY: 'sk-openai-secret',
  GITHUB_TOKEN: 'ghp_secret',
  AWS_SECRET_ACCESS_KEY: 'aws',
  MCP_ORCHESTRATOR_TOKEN: 'gateway',
  EDITOR: 'vim',
  UNSET: undefined,
  BASH_FUNC_x: '() { :; }',
};

describe('launch env', () => {
  it('collects required, referenced and passthrough names once, never reserved ones', () => {
    const c = { ...config, envPassthrough: ['EXTRA_ONE', '*', 'GATEWAY_TOKEN'] };
    expect(namesToResolve(c).sort()).toEqual(['API_KEY', 'APP_ROOT', 'EXTRA_ONE', 'HDR', 'OPTIONAL', 'OTHER']);
  });

  it('gives a child only the base, its env, its required names and the ${VAR}s it references', () => {
    const spec = buildLaunchSpec(
      config,
      { API_KEY: 'k1', OTHER: 'o', HDR: 'h', OPTIONAL: undefined, APP_ROOT: '/app' },
      { ...shell, MODE: 'slow' },
      'linux',
    );
    expect(spec.args).toEqual(['--root=/app', 'plain']);
    expect(spec.env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/u',
      USER: 'u',
      LANG: 'en_US.UTF-8',
      LC_ALL: 'C',
      TMPDIR: '/tmp/u',
      HTTPS_PROXY: 'http://proxy:3128',
      no_proxy: 'localhost',
      NODE_EXTRA_CA_CERTS: '/etc/ca.pem',
      API_KEY: 'k1',
      OTHER: 'o',
      APP_ROOT: '/app',
      HDR: 'h',
      TOKEN: 'k1',
      MODE: 'fast',
      EXTRA: '',
    });
    expect(spec.headers).toEqual({ Authorization: 'Bearer h' });
    expect(spec.missingRequired).toEqual([]);
    expect(spec.presence).toEqual({ API_KEY: true, OTHER: true });
    expect(spec.unresolved).toEqual(['OPTIONAL']);
    expect(spec.inheritsAll).toBe(false);
  });

  it('passes env_passthrough names (resolved keychain first) and nothing else of the shell', () => {
    const c = { ...config, requiredEnv: [], envPassthrough: ['GITHUB_TOKEN', 'NOT_SET'] };
    const spec = buildLaunchSpec(c, { GITHUB_TOKEN: 'ghp_from_keychain' }, shell, 'linux');
    expect(spec.env.GITHUB_TOKEN).toBe('ghp_from_keychain');
    expect(spec.env).not.toHaveProperty('NOT_SET');
    expect(spec.env).not.toHaveProperty('OPENAI_API_KEY');
    expect(spec.env).not.toHaveProperty('EDITOR');
  });

  it('"*" inherits everything except reserved names and shell functions', () => {
    const spec = buildLaunchSpec({ ...config, requiredEnv: [], envPassthrough: ['*'] }, {}, shell, 'linux');
    expect(spec.inheritsAll).toBe(true);
    expect(spec.env).toMatchObject({ OPENAI_API_KEY: 'sk-openai-secret', GITHUB_TOKEN: 'ghp_secret', EDITOR: 'vim' });
    expect(spec.env).not.toHaveProperty('MCP_ORCHESTRATOR_TOKEN');
    expect(spec.env).not.toHaveProperty('BASH_FUNC_x');
  });

  it('never resolves a reserved name, even if a resolver returns one', () => {
    const c: ServerConfig = { ...config, requiredEnv: [], env: { T: '${GATEWAY_TOKEN}' }, args: [], headers: {} };
    const spec = buildLaunchSpec(c, { GATEWAY_TOKEN: 'gateway' }, {}, 'linux');
    expect(spec.env.T).toBe('');
    expect(spec.env).not.toHaveProperty('GATEWAY_TOKEN');
    expect(spec.unresolved).toEqual(['GATEWAY_TOKEN']);
  });

  it('passes a built-in server its optional names automatically', () => {
    const builtin: ServerConfig = {
      ...config,
      command: 'node',
      args: ['${MCP_ORCHESTRATOR_ROOT}/bin/mcp-orchestrator.mjs', 'server', 'openai'],
      env: {},
      headers: {},
      requiredEnv: ['OPENAI_API_KEY'],
    };
    expect(namesToResolve(builtin)).toEqual(expect.arrayContaining(['OPENAI_BASE_URL', 'OPENAI_MODEL', 'HTTP_TIMEOUT_MS']));
    const resolved = { OPENAI_API_KEY: 'sk-1', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', MCP_ORCHESTRATOR_ROOT: '/app' };
    const spec = buildLaunchSpec(builtin, resolved, { ...shell, GROQ_BASE_URL: 'x' }, 'linux');
    expect(spec.env).toMatchObject({ OPENAI_API_KEY: 'sk-1', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' });
    expect(spec.env).not.toHaveProperty('GROQ_BASE_URL');
    expect(spec.env).not.toHaveProperty('GITHUB_TOKEN');
  });

  it('reports missing required names (empty counts as missing)', () => {
    const spec = buildLaunchSpec(config, { API_KEY: '', OTHER: undefined }, {});
    expect(spec.missingRequired).toEqual(['API_KEY', 'OTHER']);
    expect(spec.presence).toEqual({ API_KEY: false, OTHER: false });
    expect(spec.env.API_KEY).toBeUndefined();
  });

  it('matches base names case-insensitively on Windows only', () => {
    const env = { Path: 'C:\\bin', SystemRoot: 'C:\\Windows', path: '/x', Secret_Key: 's' };
    expect(inheritedEnv(env, false, 'win32')).toEqual({ Path: 'C:\\bin', SystemRoot: 'C:\\Windows', path: '/x' });
    expect(inheritedEnv(env, false, 'linux')).toEqual({});
  });
});

describe('builtinOf', () => {
  it("detects today's `server <name>` args form and nothing else", () => {
    expect(builtinOf('node', ['/app/bin/mcp-orchestrator.mjs', 'server', 'groq'])).toBe('groq');
    expect(builtinOf('npx', ['mcp-orchestrator', 'server', 'web_search'])).toBe('web_search');
    expect(builtinOf('mcp-orchestrator', ['server', 'weather'])).toBe('weather');
    expect(builtinOf('node', ['other.js', 'server', 'openai'])).toBeUndefined();
    expect(builtinOf('node', ['/app/bin/mcp-orchestrator.mjs', 'server', 'nope'])).toBeUndefined();
    expect(builtinOf('npx', ['-y', '@modelcontextprotocol/server-everything'])).toBeUndefined();
  });
});
