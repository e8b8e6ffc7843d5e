// Generates the tray and app icons as real PNGs (no image libraries): shapes are signed
// distance functions, anti-aliased by supersampling, encoded with node:zlib.
// Run: node --import tsx scripts/make-icons.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];
/** Signed distance (in icon units 0..1) from a point to a shape: negative inside. */
type Sdf = (x: number, y: number) => number;
interface Layer {
  shape: Sdf;
  colour: (x: number, y: number) => Rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function encodePng(size: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Composites layers back to front ("over"), 4x4 samples per pixel. */
function render(size: number, layers: Layer[]): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          let cr = 0,
            cg = 0,
            cb = 0,
            ca = 0;
          for (const layer of layers) {
            if (layer.shape(x, y) > 0) continue;
            const [lr, lg, lb, la] = layer.colour(x, y);
            const alpha = la / 255;
            cr = lr * alpha + cr * (1 - alpha);
            cg = lg * alpha + cg * (1 - alpha);
            cb = lb * alpha + cb * (1 - alpha);
            ca = alpha + ca * (1 - alpha);
          }
          r += cr;
          g += cg;
          b += cb;
          a += ca;
        }
      }
      const i = (py * size + px) * 4;
      const samples = n * n;
      // Un-premultiply so edge pixels keep their colour and only lose alpha.
      out[i] = a ? Math.round(r / a) : 0;
      out[i + 1] = a ? Math.round(g / a) : 0;
      out[i + 2] = a ? Math.round(b / a) : 0;
      out[i + 3] = Math.round((a / samples) * 255);
    }
  }
  return out;
}

const circle =
  (cx: number, cy: number, r: number): Sdf =>
  (x, y) =>
    Math.hypot(x - cx, y - cy) - r;
const ring =
  (cx: number, cy: number, r: number, w: number): Sdf =>
  (x, y) =>
    Math.abs(Math.hypot(x - cx, y - cy) - r) - w / 2;
const segment =
  (ax: number, ay: number, bx: number, by: number, w: number): Sdf =>
  (x, y) => {
    const dx = bx - ax,
      dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) - w / 2;
  };
const roundedSquare =
  (inset: number, radius: number): Sdf =>
  (x, y) => {
    const qx = Math.abs(x - 0.5) - (0.5 - inset - radius);
    const qy = Math.abs(y - 0.5) - (0.5 - inset - radius);
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
  };
const solid = (c: Rgba) => () => c;

/** The tray glyph: a hub in a ring, i.e. one endpoint in front of many servers. */
function trayLayers(colour: Rgba): Layer[] {
  return [
    { shape: ring(0.5, 0.5, 0.36, 0.16), colour: solid(colour) },
    { shape: circle(0.5, 0.5, 0.15), colour: solid(colour) },
  ];
}

function appIconLayers(): Layer[] {
  const satellites = Array.from({ length: 6 }, (_, i) => {
    const angle = (Math.PI / 3) * i - Math.PI / 2;
    return [0.5 + 0.27 * Math.cos(angle), 0.5 + 0.27 * Math.sin(angle)] as const;
  });
  const white: Rgba = [255, 255, 255, 255];
  const gradient = (x: number, y: number): Rgba => {
    const t = (x + y) / 2;
    return [Math.round(59 + (99 - 59) * t), Math.round(109 + (70 - 109) * t), Math.round(242 + (210 - 242) * t), 255];
  };
  return [
    { shape: roundedSquare(0.06, 0.18), colour: gradient },
    ...satellites.map(([sx, sy]) => ({ shape: segment(0.5, 0.5, sx, sy, 0.03), colour: solid([255, 255, 255, 200] as Rgba) })),
    ...satellites.map(([sx, sy]) => ({ shape: circle(sx, sy, 0.055), colour: solid(white) })),
    { shape: circle(0.5, 0.5, 0.11), colour: solid(white) },
    { shape: circle(0.5, 0.5, 0.05), colour: gradient },
  ];
}

const TRAY_COLOURS: Record<'ok' | 'warn' | 'stopped', Rgba> = {
  ok: [34, 165, 89, 255],
  warn: [224, 161, 0, 255],
  stopped: [138, 146, 158, 255],
};

function main(): void {
  const outDir = path.resolve(process.argv[2] ?? 'resources');
  mkdirSync(outDir, { recursive: true });
  const write = (name: string, size: number, layers: Layer[]) => {
    writeFileSync(path.join(outDir, name), encodePng(size, render(size, layers)));
  };
  for (const [state, colour] of Object.entries(TRAY_COLOURS)) {
    write(`tray-${state}.png`, 16, trayLayers(colour));
    write(`tray-${state}@2x.png`, 32, trayLayers(colour));
  }
  // macOS template: black plus alpha only; the system tints it for light and dark menu bars.
  write('trayTemplate.png', 16, trayLayers([0, 0, 0, 255]));
  write('trayTemplate@2x.png', 32, trayLayers([0, 0, 0, 255]));
  write('icon.png', 512, appIconLayers());
  // The web UI's favicon (served by `serve` and loaded from file:// in Electron).
  const publicDir = path.resolve('renderer', 'public');
  mkdirSync(publicDir, { recursive: true });
  writeFileSync(path.join(publicDir, 'favicon.png'), encodePng(64, render(64, appIconLayers())));
  process.stdout.write(`icons written to ${outDir} and ${publicDir}\n`);
}

main();
