// The web UI's file route: serves the built files with a strict CSP and never anything outside them.
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticUiRoute } from '../../../../electron/core/control/static-ui.js';

let server: http.Server;
let base: string;

/** A raw GET so the path reaches the server exactly as written (fetch would normalise it). */
function get(rawPath: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const u = new URL(base);
    http
      .get({ host: u.hostname, port: u.port, path: rawPath }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      })
      .on('error', reject);
  });
}

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ui-'));
  const ui = path.join(dir, 'renderer');
  await mkdir(path.join(ui, 'assets'), { recursive: true });
  await writeFile(path.join(ui, 'index.html'), '<!doctype html><title>ui</title>');
  await writeFile(path.join(ui, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'secret.txt'), 'do-not-serve');
  const route = staticUiRoute(ui);
  server = http.createServer((req, res) => void route.handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('static UI route', () => {
  it('serves index.html for / and for app routes, with a strict CSP', async () => {
    for (const p of ['/', '/servers']) {
      const r = await get(p);
      expect(r.status).toBe(200);
      expect(r.body).toContain('<title>ui</title>');
      expect(r.headers['content-security-policy']).toContain("default-src 'self'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
    const js = await get('/assets/app.js');
    expect(js.headers['content-type']).toMatch(/javascript/);
  });

  it('never serves a file outside the UI folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%2fsecret.txt']) {
      const r = await get(p);
      expect(r.body).not.toContain('do-not-serve');
      expect([400, 404]).toContain(r.status);
    }
  });

  it('answers a malformed escape with 400', async () => {
    expect((await get('/%E0%A4%A.js')).status).toBe(400);
  });
});
