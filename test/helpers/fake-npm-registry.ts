// A small npm registry on 127.0.0.1 for first-run npx tests: it serves the packages in
// test/fixtures/npm-packages (packed once with `npm pack`, which needs no network) as packuments and
// tarballs. `slowTarballMs` delays one package's tarball, as a slow first download would be.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ROOT, tempDir } from './serve-process.js';

const PACKAGES = path.join(ROOT, 'test', 'fixtures', 'npm-packages');

export interface FakeRegistry {
  url: string;
  /** Tarball requests served, by package name. */
  downloads: Map<string, number>;
  close(): Promise<void>;
}

interface Packed {
  manifest: Record<string, unknown> & { name: string; version: string };
  tarball: Buffer;
}

async function pack(name: string, dest: string): Promise<Packed> {
  const dir = path.join(PACKAGES, name);
  const file = execFileSync('npm', ['pack', '--silent', '--pack-destination', dest], { cwd: dir, encoding: 'utf8' })
    .trim()
    .split('\n')
    .at(-1)!;
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Packed['manifest'];
  return { manifest, tarball: readFileSync(path.join(dest, file)) };
}

export async function startFakeRegistry(names: string[], slowTarball: { name: string; ms: number } | null = null): Promise<FakeRegistry> {
  const dest = await tempDir('fake-registry-');
  const packed = new Map<string, Packed>();
  for (const name of names) packed.set(name, await pack(name, dest));
  const downloads = new Map<string, number>();
  let base = '';
  const server: Server = createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).slice(1);
    const tgz = url.match(/^(.+)\/-\/.+\.tgz$/);
    const p = packed.get(tgz ? tgz[1] : url);
    if (!p) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    if (tgz) {
      downloads.set(p.manifest.name, (downloads.get(p.manifest.name) ?? 0) + 1);
      const send = () => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(p.tarball);
      // A slow line, on purpose: the download must outlast the start timeout.
      if (slowTarball?.name === p.manifest.name) setTimeout(send, slowTarball.ms);
      else send();
      return;
    }
    const { name, version } = p.manifest;
    const dist = {
      tarball: `${base}/${name}/-/${name}-${version}.tgz`,
      shasum: createHash('sha1').update(p.tarball).digest('hex'),
      integrity: `sha512-${createHash('sha512').update(p.tarball).digest('base64')}`,
    };
    const packument = { name, 'dist-tags': { latest: version }, versions: { [version]: { ...p.manifest, dist } } };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/`,
    downloads,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
