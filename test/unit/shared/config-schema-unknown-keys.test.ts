// Unknown keys in a server entry are errors at their JSON path with a "did you mean" hint;
// the keys other clients write (Cline, Roo Code, VS Code) are accepted and ignored.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../shared/config-schema.js';
import { closestKey, FOREIGN_ENTRY_KEYS } from '../../../shared/config-schema-unknown-keys.js';

const parse = (servers: unknown) => parseConfigText(JSON.stringify({ servers }));

describe('unknown keys in a server entry', () => {
  it('refuses a misspelt key, naming its path and the key it likely meant', () => {
    const r = parse({ memory: { command: 'npx', args: ['-y', 'x'], requried_env: ['OPENAI_API_KEY'] } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0].path).toBe('servers.memory.requried_env');
    expect(r.issues[0].message).toMatch(/^unknown key "requried_env"; did you mean "required_env"\?/);
  });

  it('refuses a key nothing resembles, without a guess, and reports every unknown key', () => {
    const r = parse({ a: { command: 'node', frobnicate: 1, Disabled_Tools: [] } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual(['servers.a.frobnicate', 'servers.a.Disabled_Tools']);
    expect(r.issues[0].message).not.toContain('did you mean');
    expect(r.issues[1].message).toContain('did you mean "disabled_tools"?');
  });

  it("accepts other clients' known extras in mcpServers and VS Code files", () => {
    const cline = parseConfigText(
      JSON.stringify({
        mcpServers: { notes: { command: 'node', args: ['n.js'], alwaysAllow: ['read'], autoApprove: [], disabled: false } },
      }),
    );
    expect(cline.ok).toBe(true);
    const vscode = parseConfigText(
      JSON.stringify({
        servers: { gh: { type: 'stdio', command: 'gh-mcp', envFile: '${workspaceFolder}/.env', dev: { watch: 'src/**' } } },
      }),
    );
    expect(vscode.ok).toBe(true);
    expect(FOREIGN_ENTRY_KEYS).toContain('envFile');
  });

  it('keeps the shipped example config valid', () => {
    expect(parseConfigText(readFileSync('examples/config.json', 'utf8')).ok).toBe(true);
  });

  it('suggests only close keys', () => {
    expect(closestKey('comand', ['command', 'args'])).toBe('command');
    expect(closestKey('tool-prefix', ['tool_prefix'])).toBe('tool_prefix');
    expect(closestKey('xyz', ['command', 'args'])).toBeUndefined();
  });
});
