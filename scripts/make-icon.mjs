// Draws images/icon.png (128x128 RGBA): a navy shield with a white ship's helm, antialiased by 4x4 supersampling.
// No dependencies: the PNG is written by hand (IHDR, one zlib IDAT, IEND). Run: node scripts/make-icon.mjs [out]
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SS = 4; // samples per axis per pixel
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? path.join(ROOT, 'images', 'icon.png');

const BORDER = [0x4f, 0x7c, 0xe8];
const FILL = [0x0f, 0x16, 0x89];
const WHEEL = [0xff, 0xff, 0xff];

/** Half-width of the shield at height y (0..1), or -1 outside: straight sides, then an elliptic taper to a point. */
function shieldHalfWidth(y, inset) {
  const top = 0.08 + inset;
  const bottom = 0.95 - inset * 1.6;
  const w = 0.4 - inset;
  if (y < top || y > bottom) return -1;
  const shoulder = 0.52;
  if (y <= shoulder) return w;
  const t = (y - shoulder) / (bottom - shoulder);
  return w * Math.sqrt(Math.max(0, 1 - t * t));
}

function inShield(x, y, inset) {
  const hw = shieldHalfWidth(y, inset);
  // a shallow notch in the top edge
  if (hw < 0) return false;
  const notch = 0.03 * Math.cos(((x - 0.5) / 0.4) * Math.PI * 0.5);
  if (y < 0.08 + inset + notch) return false;
  return Math.abs(x - 0.5) <= hw;
}

function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function inWheel(x, y) {
  const cx = 0.5;
  const cy = 0.47;
  const r = Math.hypot(x - cx, y - cy);
  if (r >= 0.145 && r <= 0.19) return true; // rim
  if (r <= 0.055) return true; // hub
  for (let k = 0; k < 8; k++) {
    const a = (k * Math.PI) / 4 + Math.PI / 8;
    const ex = cx + Math.cos(a) * 0.25;
    const ey = cy + Math.sin(a) * 0.25;
    if (segmentDistance(x, y, cx, cy, ex, ey) <= 0.018) return true; // spoke
    if (Math.hypot(x - ex, y - ey) <= 0.03) return true; // handle
  }
  return false;
}

function sample(x, y) {
  if (!inShield(x, y, 0)) return null;
  if (!inShield(x, y, 0.045)) return BORDER;
  return inWheel(x, y) ? WHEEL : FILL;
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let py = 0; py < SIZE; py++) {
  const row = py * (SIZE * 4 + 1);
  raw[row] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    let r = 0;
    let g = 0;
    let b = 0;
    let a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = sample((px + (sx + 0.5) / SS) / SIZE, (py + (sy + 0.5) / SS) / SIZE);
        if (!c) continue;
        r += c[0];
        g += c[1];
        b += c[2];
        a++;
      }
    }
    const o = row + 1 + px * 4;
    if (a > 0) {
      raw[o] = Math.round(r / a);
      raw[o + 1] = Math.round(g / a);
      raw[o + 2] = Math.round(b / a);
      raw[o + 3] = Math.round((a / (SS * SS)) * 255);
    }
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`${path.relative(process.cwd(), out)}: ${SIZE}x${SIZE}, ${png.length} bytes`);
