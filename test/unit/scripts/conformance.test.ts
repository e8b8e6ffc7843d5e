// The conformance run's own parts: the comparison that decides pass/fail, and the
// token-adding proxy (Host/Origin naming the proxy become the gateway's; others pass unchanged).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startProxy } from '../../../scripts/conformance/proxy.js';
import { compareRuns, formatTable, readRun } from '../../../scripts/conformance/report.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'conformance-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function writeRun(name: string, scenarios: Record<string, { id: string; status: string }[] | null>): string {
  const dir = path.join(tmp, name);
  for (const [scenario, checks] of Object.entries(scenarios)) {
    const sub = path.join(dir, `server-${scenario}-2026-11-30T11-06-17-017Z`);
    mkdirSync(sub, { recursive: true });
    if (checks) writeFileSync(path.join(sub, 'checks.json'), JSON.stringify(checks));
  }
  return dir;
}

describe('conformance comparison', () => {
  it('flags every check that passes directly but not through the gateway, and nothing else', () => {
    const direct = readRun(
      writeRun('direct', {
        ping: [{ id: 'ping', status: 'SUCCESS' }],
        'tools-call-sampling': [{ id: 'tools-call-sampling', status: 'SUCCESS' }],
        'elicitation-sep1034-defaults': [{ id: 'string-default', status: 'SUCCESS' }],
        'already-broken': [{ id: 'x', status: 'FAILURE' }],
      }),
    );
    const gateway = readRun(
      writeRun('gateway', {
        ping: [{ id: 'ping', status: 'SUCCESS' }],
        'tools-call-sampling': [{ id: 'tools-call-sampling', status: 'FAILURE' }],
        'elicitation-sep1034-defaults': null,
        'already-broken': [{ id: 'x', status: 'FAILURE' }],
      }),
    );
    const c = compareRuns(direct, gateway);
    expect(c.regressions).toEqual(['elicitation-sep1034-defaults/string-default', 'tools-call-sampling/tools-call-sampling']);
    expect(c.directPassed).toBe(3);
    expect(c.gatewayPassed).toBe(1);
    expect(formatTable(c)).toMatch(/tools-call-sampling\/tools-call-sampling\s+SUCCESS\s+FAILURE\s+<-- fails only through the gateway/);
  });
});

describe('conformance proxy', () => {
  it('adds the bearer token and rewrites only a Host/Origin that names the proxy', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const target = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const targetHost = `127.0.0.1:${(target.address() as AddressInfo).port}`;
    const proxy = await startProxy(`http://${targetHost}/mcp`, 'tok-123');
    try {
      const proxyHost = new URL(proxy.url).host;
      expect(await (await fetch(proxy.url, { method: 'POST', headers: { origin: `http://${proxyHost}` }, body: '{}' })).text()).toBe('ok');
      expect(seen[0]).toMatchObject({ host: targetHost, origin: `http://${targetHost}`, authorization: 'Bearer tok-123' });
      // fetch does not let callers set Host; a raw request does.
      const http = await import('node:http');
      await new Promise<void>((resolve, reject) => {
        const u = new URL(proxy.url);
        const req = http.request(
          {
            host: u.hostname,
            port: u.port,
            path: '/mcp',
            method: 'POST',
            headers: { host: 'evil.example.com', origin: 'http://evil.example.com' },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve());
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
      expect(seen[1]).toMatchObject({ host: 'evil.example.com', origin: 'http://evil.example.com', authorization: 'Bearer tok-123' });
    } finally {
      await proxy.close();
      target.close();
    }
  });
});
