// The pure half of the sandbox: what each setting means on a host, and the bwrap command line's order
// (later mounts cover earlier ones, so the secret folders must come after every bind).
import { describe, expect, it } from 'vitest';
import { bwrapCommand, decideSandbox, type SandboxPlan } from '../../../../electron/core/supervisor/sandbox.js';

const linux = { platform: 'linux' as const, bwrap: '/usr/bin/bwrap' };

describe('decideSandbox', () => {
  it('off, absent and remote servers are never sandboxed', () => {
    expect(decideSandbox(undefined, 'stdio', linux)).toEqual({ sandboxed: false });
    expect(decideSandbox('off', 'stdio', linux)).toEqual({ sandboxed: false });
    expect(decideSandbox('auto', 'http', linux)).toEqual({ sandboxed: false });
  });

  it('"auto" sandboxes on Linux with bwrap, and falls back to off elsewhere, saying why', () => {
    expect(decideSandbox('auto', 'stdio', linux)).toEqual({ sandboxed: true, policy: { network: true, read: [], write: [] } });
    const mac = decideSandbox('auto', 'stdio', { platform: 'darwin', bwrap: null });
    expect(mac).toMatchObject({ sandboxed: false, reason: expect.stringMatching(/needs Linux .* darwin/) });
    expect(mac.refuse).toBeUndefined();
    expect(decideSandbox('auto', 'stdio', { platform: 'linux', bwrap: null })).toMatchObject({
      sandboxed: false,
      reason: expect.stringMatching(/"bubblewrap"\) is not installed/),
    });
  });

  it('a bwrap that cannot make a sandbox counts as missing', () => {
    const broken = {
      ...linux,
      bwrapProblem: 'bwrap (/usr/bin/bwrap) cannot create a sandbox here: No permissions to create new namespace',
    };
    expect(decideSandbox('auto', 'stdio', broken)).toEqual({ sandboxed: false, reason: `sandbox "auto" is off: ${broken.bwrapProblem}` });
    expect(decideSandbox({ network: true, read: [], write: [] }, 'stdio', broken)).toMatchObject({ sandboxed: false, refuse: true });
  });

  it('an explicit policy without bwrap refuses to start rather than run unsandboxed', () => {
    const policy = { network: false, read: [], write: [] };
    expect(decideSandbox(policy, 'stdio', linux)).toEqual({ sandboxed: true, policy });
    for (const host of [
      { platform: 'linux' as const, bwrap: null },
      { platform: 'win32' as const, bwrap: null },
    ]) {
      expect(decideSandbox(policy, 'stdio', host)).toMatchObject({ sandboxed: false, refuse: true });
    }
  });
});

describe('bwrapCommand', () => {
  const plan = (over: Partial<SandboxPlan> = {}): SandboxPlan => ({
    bwrap: '/usr/bin/bwrap',
    command: '/usr/bin/node',
    args: ['server.js'],
    env: {
      PATH: '/usr/bin',
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus',
      XDG_RUNTIME_DIR: '/run/user/1000',
      TMPDIR: '/home/u/tmp',
    },
    cwd: '/home/u/project',
    policy: { network: true, read: [], write: [] },
    blank: ['/tmp', '/run/user', '/home'],
    exec: ['/home/u/.nvm/bin'],
    caches: [{ path: '/home/u/.npm', writable: false }],
    read: ['/home/u/docs'],
    write: ['/home/u/out'],
    hideDirs: ['/home/u/.local/share/mcp-orchestrator', '/home/u/.ssh'],
    hideFiles: [],
    ...over,
  });

  it('blanks first, binds back, hides the secrets last, then runs the command in its folder', () => {
    const { command, args } = bwrapCommand(plan());
    expect(command).toBe('/usr/bin/bwrap');
    const s = args.join(' ');
    for (const flag of ['--die-with-parent', '--unshare-pid', '--cap-drop ALL', '--ro-bind / /', '--proc /proc']) expect(s).toContain(flag);
    expect(s).not.toContain('--unshare-net');
    const at = (needle: string) => s.indexOf(needle);
    expect(at('--tmpfs /home ')).toBeGreaterThan(at('--ro-bind / /'));
    expect(at('--ro-bind /home/u/.nvm/bin')).toBeGreaterThan(at('--tmpfs /home '));
    expect(at('--ro-bind /home/u/.npm /home/u/.npm')).toBeGreaterThan(at('--tmpfs /home '));
    expect(at('--ro-bind /home/u/docs /home/u/docs')).toBeGreaterThan(0);
    expect(at('--bind /home/u/out /home/u/out')).toBeGreaterThan(0);
    expect(at('--bind /home/u/project /home/u/project')).toBeGreaterThan(at('--bind /home/u/out'));
    // A working folder or policy path above them cannot bring the secret folders back.
    expect(at('--tmpfs /home/u/.ssh')).toBeGreaterThan(at('--bind /home/u/project'));
    expect(at('--tmpfs /home/u/.local/share/mcp-orchestrator')).toBeGreaterThan(at('--bind /home/u/project'));
    expect(args.slice(-5)).toEqual(['--chdir', '/home/u/project', '--', '/usr/bin/node', 'server.js']);
  });

  it('"network": false unshares the network; no working folder means its private /tmp', () => {
    const { args } = bwrapCommand(plan({ policy: { network: false, read: [], write: [] }, cwd: undefined }));
    expect(args).toContain('--unshare-net');
    expect(args.slice(-5, -3)).toEqual(['--chdir', '/tmp']);
  });

  it('writable caches only for the runner; the config file alone is hidden with /dev/null', () => {
    const { args } = bwrapCommand(plan({ caches: [{ path: '/c/uv', writable: true }], hideFiles: ['/proj/config.json'] }));
    const s = args.join(' ');
    expect(s).toContain('--bind /c/uv /c/uv');
    expect(s).toContain('--ro-bind /dev/null /proj/config.json');
  });

  it('drops the session bus and runtime folder from the environment, and points TMPDIR at its /tmp', () => {
    const { env } = bwrapCommand(plan());
    expect(env).toEqual({ PATH: '/usr/bin', TMPDIR: '/tmp' });
  });
});
