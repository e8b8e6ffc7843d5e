// The import review as rendered (static markup, no browser): the config file's diff, a password field per VS Code
// input, and each collision, with the same test ids the e2e test uses.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ImportPreview } from '../../../renderer/src/features/config/ImportPreview.js';
import type { ImportPreview as Preview } from '../../../shared/types.js';

const preview: Preview = {
  path: '/cfg/config.json',
  entries: [
    {
      id: 'open-2',
      name: 'open',
      transport: 'stdio',
      target: 'node srv.js',
      secrets: ['API_KEY'],
      movedToKeychain: [],
      autostart: true,
      collisions: ['server id "open" is already configured (a different entry); this one is imported as "open-2"'],
      warnings: [],
    },
  ],
  inputs: [{ id: 'api-key', name: 'API_KEY', description: 'Everything API key', password: true, usedBy: ['open-2'], stored: false }],
  diff: '--- /cfg/config.json\n+++ /cfg/config.json (after import)\n@@ -2,3 +2,6 @@\n   "servers": {\n-    "open": {}\n+    "open": {},\n+    "open-2": {\n+      "command": "node"\n+    }\n   },\n',
};

const html = () =>
  renderToStaticMarkup(
    createElement(ImportPreview, { preview, values: {}, onValue: () => {}, busy: false, onConfirm: () => {}, onCancel: () => {} }),
  );

describe('ImportPreview', () => {
  it('shows the diff lines by kind, without the file headers', () => {
    const out = html();
    expect(out).toContain('data-testid="import-diff"');
    expect(out).toMatch(/data-kind="add"[^>]*>.*?&quot;open-2&quot;: \{/);
    expect(out).toMatch(/data-kind="del"[^>]*>.*?&quot;open&quot;: \{\}/);
    expect(out).toContain('@@ -2,3 +2,6 @@');
    expect(out).not.toContain('+++ /cfg/config.json');
  });

  it('asks for each input in a password field, and shows the collision', () => {
    const out = html();
    expect(out).toMatch(/<input type="password"[^>]*data-testid="import-input-api-key"/);
    expect(out).toContain('Empty: the server waits for it');
    expect(out).toContain('data-testid="import-collision-open-2"');
    expect(out).toContain('server id &quot;open&quot; is already configured');
  });
});
