// The control API on a real core that has not started: every operation that needs the running
// core answers NOT_RUNNING the same way (startAll, stopAll and getLogs included), never a TypeError.
import { describe, expect, it } from 'vitest';
import { CONTROL_METHODS, type ControlMethod } from '../../../../shared/contract.js';
import { createControlApi } from '../../../../electron/core/control/control-api.js';
import { createCore } from '../../../../electron/core/create-core.js';

const ARGS: Partial<Record<ControlMethod, unknown[]>> = {
  startServer: ['a'],
  stopServer: ['a'],
  restartServer: ['a'],
  getLogs: ['a'],
  callTool: ['a__b', {}],
  getPrompt: ['a__p'],
  readResource: ['file:///x'],
  setSecret: ['MY_KEY', 'v'],
  deleteSecret: ['MY_KEY'],
  chat: ['r1', { message: 'hi' }],
  agentChat: ['r1', { message: 'hi', toolNames: ['a__b'] }],
  getWeather: ['Oslo'],
  searchWeb: ['mcp'],
  profileTools: ['notes'],
  saveProfile: ['notes', { exclude: [], readOnly: false, discovery: false, pinned: [] }],
  addClient: ['cursor', null],
  revokeClient: ['cursor'],
  reviewPinChange: ['rug', 'echo', 'approve'],
  complete: [
    { type: 'ref/prompt', name: 'a__p' },
    { name: 'x', value: '' },
  ],
  subscribeResource: ['file:///x'],
  unsubscribeResource: ['file:///x'],
  getServerInfo: ['a'],
  getProtocolLog: ['a'],
  watchProtocolLog: ['a', true],
  // OAuth for remote servers (issue 21 item 6)
  signInServer: ['a'],
  signOutServer: ['a'],
};
const NEED_RUNNING: ControlMethod[] = [
  'startServer',
  'stopServer',
  'restartServer',
  'startAll',
  'stopAll',
  'getLogs',
  'listTools',
  'callTool',
  'listPrompts',
  'getPrompt',
  'listResources',
  'readResource',
  'listSecrets',
  'setSecret',
  'deleteSecret',
  'chat',
  'agentChat',
  'getWeather',
  'searchWeb',
  'listModels',
  'rotateToken',
  'listProfiles',
  'profileTools',
  'saveProfile',
  'listClients',
  'addClient',
  'revokeClient',
  'listPinChanges',
  'reviewPinChange',
  'listResourceTemplates',
  'complete',
  'subscribeResource',
  'unsubscribeResource',
  'getServerInfo',
  // issue 23 (inspector-b)
  'getProtocolLog',
  'watchProtocolLog',
  // OAuth for remote servers (issue 21 item 6)
  'signInServer',
  'signOutServer',
  'getAuthStatus',
];

describe('control API before the core has started', () => {
  it('answers NOT_RUNNING for every operation that needs the running core', async () => {
    const api = createControlApi(createCore({ configPath: '/nonexistent/config.json', dataDir: '/nonexistent' }));
    for (const method of NEED_RUNNING) {
      const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
      expect({ method, result: await fn(...(ARGS[method] ?? [])) }).toMatchObject({
        method,
        result: { ok: false, error: { code: 'NOT_RUNNING' } },
      });
    }
    expect(CONTROL_METHODS.filter((m) => !NEED_RUNNING.includes(m)).sort()).toEqual(
      [
        'cancel',
        'approveToolCall',
        'getConfig',
        'getConnectionInfo',
        'getStatus',
        'importConfig',
        'previewImport',
        'saveConfig',
        'validateConfig',
        // The question broker lives as long as the core: an empty list before start.
        'listQuestions',
        'answerQuestion',
        // The audit files are read from the data folder, running or not.
        'listAudit',
        // answers BAD_REQUEST for a request it does not hold, running or not
        'answerPeerRequest',
      ].sort(),
    );
    expect(await api.listQuestions()).toEqual({ ok: true, value: [] });
    expect(await api.answerQuestion('q1', 'deny')).toMatchObject({ ok: false, error: { code: 'QUESTION_NOT_FOUND' } });
    expect(await api.getStatus()).toMatchObject({ ok: true, value: { servers: [] } });
  });
});
