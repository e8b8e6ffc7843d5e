// orchestrator.roots (issue 23): the roots a child is told about when it asks during a UI tool call.
import { describe, expect, it } from 'vitest';
import { parseConfigText, serializeConfig } from '../../../shared/config-schema.js';

const parse = (orchestrator: unknown) => parseConfigText(JSON.stringify({ servers: {}, orchestrator }));

describe('orchestrator.roots', () => {
  it('is absent by default, read as given, and written back', () => {
    const none = parse({ port: 8000 });
    expect(none.ok && none.config.orchestrator.roots).toBeUndefined();
    const r = parse({ roots: [{ uri: 'file:///home/me/project', name: 'project' }, { uri: 'file:///tmp' }] });
    expect(r.ok && r.config.orchestrator.roots).toEqual([{ uri: 'file:///home/me/project', name: 'project' }, { uri: 'file:///tmp' }]);
    if (!r.ok) return;
    const again = parseConfigText(serializeConfig(r.config));
    expect(again.ok && again.config.orchestrator.roots).toEqual(r.config.orchestrator.roots);
  });

  it('refuses an entry that is not a URI, or has keys it does not know, at its path', () => {
    const bad = parse({ roots: [{ uri: 'not a uri' }, { uri: 'file:///x', label: 'x' }] });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.issues.map((i) => i.path)).toEqual(expect.arrayContaining([expect.stringMatching(/^orchestrator\.roots/)]));
  });
});
