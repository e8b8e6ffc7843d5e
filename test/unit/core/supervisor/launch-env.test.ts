import { describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../../../shared/types.js';
import { buildLaunchSpec, namesToResolve } from '../../../../electron/core/supervisor/launch-env.js';

const config: ServerConfig = {
  id: 'x', name: 'X', description: '', transport: 'stdio', command: 'npx',
  args: ['--key=${API_KEY}', 'plain'], env: { TOKEN: '${API_KEY}', MODE: 'fast', EXTRA: '${OPTIONAL}' },
  headers: { Authorization: 'Bearer ${HDR}' }, requiredEnv: ['API_KEY', 'OTHER'],
  enabled: true, autostart: true, disabledTools: [],
};

describe('launch env', () => {
  it('collects required and referenced names once', () => {
    expect(namesToResolve(config).sort()).toEqual(['API_KEY', 'HDR', 'OPTIONAL', 'OTHER']);
  });

  it('builds env as processEnv + resolved required + config env, substituting ${VAR}', () => {
    const spec = buildLaunchSpec(
      config,
      { API_KEY: 'k1', OTHER: 'o', HDR: 'h', OPTIONAL: undefined },
      { PATH: '/usr/bin', HOME: '/home/u', UNSET: undefined, MODE: 'slow' },
      '/opt/homebrew/bin:/usr/bin',
    );
    expect(spec.args).toEqual(['--key=k1', 'plain']);
    expect(spec.env).toEqual({
      PATH: '/usr/bin:/opt/homebrew/bin', HOME: '/home/u', API_KEY: 'k1', OTHER: 'o', TOKEN: 'k1', MODE: 'fast', EXTRA: '',
    });
    expect(spec.headers).toEqual({ Authorization: 'Bearer h' });
    expect(spec.missingRequired).toEqual([]);
    expect(spec.presence).toEqual({ API_KEY: true, OTHER: true });
    expect(spec.unresolved).toEqual(['OPTIONAL']);
  });

  it('reports missing required names (empty counts as missing)', () => {
    const spec = buildLaunchSpec(config, { API_KEY: '', OTHER: undefined }, {});
    expect(spec.missingRequired).toEqual(['API_KEY', 'OTHER']);
    expect(spec.presence).toEqual({ API_KEY: false, OTHER: false });
    expect(spec.env.API_KEY).toBeUndefined();
  });
});
