// The per-server "sandbox" setting: "off", "auto" or a policy object, with each mistake at its JSON path.
import { describe, expect, it } from 'vitest';
import { parseConfigText, serializeConfig } from '../../../shared/config-schema.js';

const parse = (servers: Record<string, unknown>) => parseConfigText(JSON.stringify({ servers }));
const issues = (r: ReturnType<typeof parse>) => (r.ok ? '' : r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));

describe('"sandbox" in a server entry', () => {
  it('accepts off, auto and a policy (network on unless false), absent means none, and saves them back', () => {
    const r = parse({
      none: { command: 'x' },
      off: { command: 'x', sandbox: 'off' },
      auto: { command: 'x', sandbox: 'auto' },
      open: { command: 'x', sandbox: {} },
      closed: { command: 'x', sandbox: { network: false, read: ['~/docs'], write: ['/srv/out'] } },
      builtin: { builtin: 'weather', sandbox: 'auto' },
    });
    expect(issues(r)).toBe('');
    if (!r.ok) return;
    const by = Object.fromEntries(r.config.servers.map((s) => [s.id, s.sandbox]));
    expect(by).toEqual({
      none: undefined,
      off: 'off',
      auto: 'auto',
      open: { network: true, read: [], write: [] },
      closed: { network: false, read: ['~/docs'], write: ['/srv/out'] },
      builtin: 'auto',
    });
    const saved = JSON.parse(serializeConfig(r.config)).servers;
    expect(saved.none.sandbox).toBeUndefined();
    expect(saved.auto.sandbox).toBe('auto');
    expect(saved.open.sandbox).toEqual({});
    expect(saved.closed.sandbox).toEqual({ network: false, read: ['~/docs'], write: ['/srv/out'] });
    const again = parseConfigText(serializeConfig(r.config));
    expect(again.ok && again.config.servers).toEqual(r.config.servers);
  });

  it('names each mistake at its path', () => {
    const text = issues(
      parse({
        a: { command: 'x', sandbox: 'on' },
        b: { command: 'x', sandbox: { network: 'no', read: 'docs', write: ['relative/dir', 3], exec: [] } },
        c: { url: 'http://127.0.0.1:1/mcp', sandbox: 'auto' },
      }),
    );
    expect(text).toMatch(/servers\.a\.sandbox: expected "off", "auto" or an object/);
    expect(text).toMatch(/servers\.b\.sandbox\.network: expected true or false, got string/);
    expect(text).toMatch(/servers\.b\.sandbox\.read: expected an array of paths/);
    expect(text).toMatch(/servers\.b\.sandbox\.write\[0\]: expected an absolute path or one starting with "~\/", got "relative\/dir"/);
    expect(text).toMatch(/servers\.b\.sandbox\.write\[1\]: expected an absolute path/);
    expect(text).toMatch(/servers\.b\.sandbox\.exec: unknown key "exec"/);
    expect(text).toMatch(/servers\.c\.sandbox: applies only to local \(stdio\) servers/);
  });
});
