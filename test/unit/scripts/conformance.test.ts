// The conformance run's own parts: the comparison that decides pass/fail, and the
// token-adding proxy (Host/Origin naming the proxy become the gateway's; others pass unchanged).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startProxy } from '../../../scripts/conformance/proxy.js';
import { readRun } from '../../../scripts/conformance/report.js';
import {
  formatEraTable,
  judgeDirect,
  judgeThrough,
  loadExpectedFailures,
  parseScoredScenarios,
  scenarioRows,
  summariseKnown,
} from '../../../scripts/conformance/expectations.js';

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

describe('conformance verdicts, scenario by scenario and check by check', () => {
  const ok = (id: string) => ({ id, status: 'SUCCESS' });
  const bad = (id: string) => ({ id, status: 'FAILURE' });

  it('counts a check id that a scenario reports more than once as many checks', () => {
    const run = readRun(writeRun('dupes', { stateless: [ok('meta-400'), ok('meta-400'), bad('meta-400'), { id: 'x', status: 'INFO' }] }));
    expect(scenarioRows(run)).toEqual([{ scenario: 'stateless', scored: true, checks: 4, passed: 2, failed: 1 }]);
  });

  it('direct: an unlisted failure, a listed scenario that passes, and a listed name that never ran are errors', () => {
    const run = readRun(writeRun('direct-judge', { ping: [ok('ping')], tasks: [bad('t1')], broken: [bad('b')], healed: [ok('h')] }));
    const v = judgeDirect(run, { tasks: 'extension', healed: 'was broken', ghost: 'typo' }, 'd');
    expect(summariseKnown(v.known)).toEqual(['d: extension (1 scenario(s): tasks)']);
    expect(v.errors).toEqual([
      'd: broken fails 1 check(s) directly against the fixture',
      'd: healed is listed as an expected failure but passes: remove it from the file',
      'd: expected failure "ghost" names no scenario that ran',
    ]);
  });

  it('through the gateway: a lost check is an error unless its scenario is a listed gap, and a closed gap is stale', () => {
    const direct = readRun(writeRun('through-d', { a: [ok('a1'), ok('a2')], b: [ok('b1')], c: [ok('c1')], d: [bad('d1')], e: [ok('e1')] }));
    // e crashed through the gateway before writing any result: its checks count as lost.
    const gateway = readRun(writeRun('through-g', { a: [ok('a1'), bad('a2')], b: [bad('b1')], c: [ok('c1')], d: [bad('d1')], e: null }));
    const v = judgeThrough(direct, gateway, { b: 'era gap', c: 'era gap' }, 'g');
    expect(v.known).toEqual([{ label: 'g', scenario: 'b', reason: 'era gap' }]);
    expect(v.errors).toEqual([
      'g: a passes directly but fails through the gateway: a2',
      'g: e passes directly but fails through the gateway: e1',
      'g: "c" is listed as a gateway gap but now passes as directly: remove it from the file',
    ]);
  });

  it('reads the scored server scenarios from the requirements listing, not the client or unscored ones', () => {
    const listing = [
      'Required for 2026-07-28 (3 scenarios, frozen):',
      '',
      'Server scenarios (test against a server):',
      '  - server-stateless',
      '  - caching',
      '',
      'Client scenarios (test against a client):',
      '  - tools_call',
      '',
      'Run and reported, but never scored:',
      '  extension (1):',
      '    - tasks-lifecycle [server]',
    ].join('\n');
    expect([...parseScoredScenarios(listing)]).toEqual(['server-stateless', 'caching']);
  });

  it('prints one row per scenario and the scored and unscored totals side by side', () => {
    const run = readRun(writeRun('table', { caching: [ok('c')], 'tasks-lifecycle': [bad('t')] }));
    const rows = scenarioRows(run, new Set(['caching']));
    const table = formatEraTable('2026-07-28', [
      { name: 'direct', rows },
      { name: 'gateway', rows },
    ]);
    expect(table).toMatch(/caching\s+1\/1\s+1\/1/);
    expect(table).toMatch(/tasks-lifecycle \*\s+0\/1/);
    expect(table).toMatch(/scored\s+1\/1 sc, 1 ok/);
    expect(table).toMatch(/unscored \(\*\)\s+0\/1 sc, 0 ok/);
  });

  it('the shipped expected-failures file parses; through the gateway to a child negotiating its era, nothing is lost in either era', () => {
    const expected = loadExpectedFailures(path.resolve(__dirname, '../../../scripts/conformance/expected-failures.yaml'));
    expect(expected.direct).toEqual({ '2025-11-25': {}, '2026-07-28': {} });
    // Issue 21's bar: every check that passes directly passes through the gateway, in both eras.
    expect(expected.gateway).toEqual({ '2025-11-25': {}, '2026-07-28': {} });
    // A 2025 client through a 2025-era child loses nothing either; a 2026 client through one may lose only what
    // the 2025 revisions cannot carry (listed with reasons).
    expect(expected['gateway-legacy']['2025-11-25']).toEqual({});
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
