// Pure helpers behind issue 9's UI: JSONC edits that keep the file as written, the save diff,
// jump-to-error locations, vendor states and saved conversations.
import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, readDraft, removeServer, upsertServer } from '../../../renderer/src/features/config/config-edit.js';
import { issueSpan, parsePath } from '../../../renderer/src/features/config/issue-location.js';
import { hunks, lineDiff } from '../../../shared/line-diff.js';
import { loadChats, saveChats } from '../../../renderer/src/slices/chat-persist.js';
import { unusableSummary, vendorOptions } from '../../../renderer/src/slices/vendors.js';
import { orchestratorStatus, serverStatus } from '../../helpers/status.js';

const JSONC = `{
  // my servers
  "servers": {
    "memory": {
      "command": "npx",   // pinned below
      "args": ["-y", "pkg"],
    },
  },
  "orchestrator": { "port": 8000 }
}
`;

describe('config edits on JSONC', () => {
  it('reads a commented file and changes only the edited value', () => {
    const draft = readDraft(JSONC, 'memory')!;
    expect(draft.command).toBe('npx');
    const r = upsertServer(JSONC, { ...draft, name: 'Memory' });
    expect(r.ok).toBe(true);
    const text = (r as { text: string }).text;
    expect(text).toContain('// my servers');
    expect(text).toContain('"command": "npx",   // pinned below');
    expect(text).toContain('"orchestrator": { "port": 8000 }');
    expect(text).toContain('"name": "Memory"');
  });

  it('adds and removes entries without reformatting neighbours', () => {
    const added = upsertServer(JSONC, { ...EMPTY_DRAFT, id: 'web', kind: 'remote', url: 'https://x.test/mcp' });
    const text = (added as { text: string }).text;
    expect(text).toContain('// pinned below');
    expect(readDraft(text, 'web')?.url).toBe('https://x.test/mcp');
    const removed = (removeServer(text, 'web') as { text: string }).text;
    expect(readDraft(removed, 'web')).toBeNull();
    expect(removed).toContain('// my servers');
  });
});

describe('save diff', () => {
  it('marks changed lines and keeps context around them', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n');
    const after = ['a', 'b', 'c', 'D', 'e', 'f', 'g', 'h', 'i'].join('\n');
    const d = lineDiff(before, after);
    expect(d.filter((x) => x.kind === 'del').map((x) => x.text)).toEqual(['d']);
    expect(d.filter((x) => x.kind === 'add').map((x) => x.text)).toEqual(['D', 'i']);
    const shown = hunks(d, 1);
    expect(shown.map((x) => (x ? `${x.kind}:${x.text}` : '…'))).toEqual(['same:c', 'del:d', 'add:D', 'same:e', '…', 'same:h', 'add:i']);
  });
});

describe('issue locations', () => {
  it('parses JSON paths and finds the node, or its nearest parent', () => {
    expect(parsePath('servers.memory.args[1]')).toEqual(['servers', 'memory', 'args', 1]);
    const span = issueSpan(JSONC, { path: 'servers.memory.args[1]', message: 'x' })!;
    expect(JSONC.slice(span.start, span.end)).toBe('"pkg"');
    const parent = issueSpan(JSONC, { path: 'servers.memory.url', message: 'x' })!;
    expect(JSONC.slice(parent.start, parent.start + 8)).toBe('"memory"');
  });
});

describe('vendor options', () => {
  it('lists configured vendors with the reason each cannot answer', () => {
    const status = orchestratorStatus([
      serverStatus('openai', { state: 'running' }),
      serverStatus('groq', { state: 'stopped', missingEnv: ['GROQ_API_KEY'] }),
      serverStatus('local_llama', { state: 'stopped' }),
      serverStatus('memory', { state: 'running' }),
    ]);
    const options = vendorOptions(status, [{ vendor: 'openai', id: 'gpt' }]);
    expect(options).toEqual([
      { id: 'groq', usable: false, reason: 'missing GROQ_API_KEY' },
      { id: 'local_llama', usable: false, reason: 'stopped' },
      { id: 'openai', usable: true, reason: '' },
    ]);
    expect(unusableSummary(options)).toBe('Unavailable vendors: groq (missing GROQ_API_KEY); local_llama (stopped).');
  });
});

describe('saved conversations', () => {
  it('round-trip, and a turn that was streaming comes back as interrupted with its text', () => {
    const data = new Map<string, string>();
    const store = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
    const turn = {
      requestId: 'r',
      prompt: 'hi',
      vendorAsked: 'auto',
      text: 'partial',
      response: null,
      error: null,
      pending: true,
      startedAt: 1,
    };
    saveChats({ conversations: [{ id: 'c', title: 'hi', turns: [turn], updatedAt: 1 }], currentId: 'c' }, store);
    const back = loadChats(store)!;
    expect(back.currentId).toBe('c');
    expect(back.conversations[0].turns[0]).toMatchObject({ pending: false, text: 'partial', error: { code: 'CANCELLED' } });
    expect(loadChats({ getItem: () => '{broken', setItem: () => undefined })).toBeNull();
  });
});
