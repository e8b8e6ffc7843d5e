// Serves the built renderer (dist/renderer) for the headless web UI. The files hold no
// secrets: the page reads the token from the URL fragment, which browsers never send.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { HttpRoute } from '../gateway/gateway.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const CSP =
  "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const MISSING_PAGE = `<!doctype html><meta charset="utf-8"><title>MCP Orchestrator</title>
<p>The web UI has not been built. Run <code>npm run build:renderer</code> (or <code>npm run serve</code>, which builds it) and reload.</p>`;

export function staticUiRoute(rootDir: string): HttpRoute {
  const root = path.resolve(rootDir);
  return {
    prefix: '/',
    auth: false,
    handle: async (req, res) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let rel: string;
      try {
        rel = decodeURIComponent(url.pathname);
      } catch {
        res.writeHead(400).end();
        return;
      }
      if (rel === '/' || !path.extname(rel)) rel = '/index.html';
      const file = path.resolve(root, '.' + rel);
      // No path may escape the UI folder.
      if (file !== root && !file.startsWith(root + path.sep)) {
        res.writeHead(404).end();
        return;
      }
      try {
        if (!(await stat(file)).isFile()) throw new Error('not a file');
        const body = await readFile(file);
        res.writeHead(200, {
          'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
          'content-security-policy': CSP,
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          'cache-control': rel === '/index.html' ? 'no-store' : 'public, max-age=3600',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        const isIndex = rel === '/index.html';
        res.writeHead(isIndex ? 503 : 404, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP });
        res.end(isIndex ? MISSING_PAGE : 'not found');
      }
    },
  };
}
