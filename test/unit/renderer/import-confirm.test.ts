import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppStore } from '../../../renderer/src/store.js';
import { connectedStore, type MemoryCore } from './memory-client.js';

let core: MemoryCore;
let store: AppStore;
let disconnect: () => void;

beforeEach(async () => {
  ({ core, store, disconnect } = await connectedStore());
});

afterEach(() => disconnect());

describe('import in the UI store', () => {
  it('previews first and imports only on confirmation', async () => {
    const text = '{"mcpServers": {"x": {"command": "x"}}}';
    expect(await store.getState().previewImport(text)).toBe(true);
    expect(core.callsOf('previewImport')).toEqual([[text]]);
    expect(store.getState().importPreview).toEqual({ path: '/tmp/config.json', entries: [], inputs: [], diff: '' });
    expect(core.callsOf('importConfig')).toHaveLength(0);

    store.getState().cancelImport();
    expect(store.getState().importPreview).toBeNull();
    expect(core.callsOf('importConfig')).toHaveLength(0);

    await store.getState().previewImport(text);
    expect(await store.getState().importConfig(text, { 'api-key': 'v' })).toBe(true);
    // The VS Code inputs' values travel with the confirmation, by input id.
    expect(core.callsOf('importConfig')).toEqual([[text, { 'api-key': 'v' }]]);
    expect(store.getState().importPreview).toBeNull();
    expect(store.getState().importedIds).toEqual(['x']);
  });
});
