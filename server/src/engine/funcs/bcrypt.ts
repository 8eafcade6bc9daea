// bcrypt as golang.org/x/crypto/bcrypt.GenerateFromPassword writes it ($2a$, Sprig's DefaultCost 10), for Sprig's
// bcrypt and htpasswd. node:crypto has no Blowfish, so this is a small Blowfish with bcrypt's expensive key setup.
// Blowfish's initial P-array and S-boxes are the hexadecimal digits of pi's fractional part: they are computed once
// (Machin's formula on BigInt, a few milliseconds) instead of being stored as a table.

import { randomBytes } from 'node:crypto';

const WORDS = 18 + 4 * 256;
let piWords: Uint32Array | undefined;

/** The first 1042 32-bit words of pi's fractional part in hexadecimal (0x243f6a88, 0x85a308d3, ...). */
function blowfishInit(): Uint32Array {
  if (piWords) return piWords;
  const guard = 64n;
  const bits = BigInt(WORDS * 32) + guard;
  const one = 1n << bits;
  const atanInv = (x: bigint): bigint => {
    const x2 = x * x;
    let term = one / x;
    let sum = 0n;
    for (let k = 1n, positive = true; term !== 0n; k += 2n, positive = !positive) {
      sum += positive ? term / k : -(term / k);
      term /= x2;
    }
    return sum;
  };
  const pi = 16n * atanInv(5n) - 4n * atanInv(239n);
  const frac = (pi - (3n << bits)) >> guard;
  const out = new Uint32Array(WORDS);
  for (let i = 0; i < WORDS; i++) out[i] = Number((frac >> BigInt(32 * (WORDS - 1 - i))) & 0xffffffffn);
  return (piWords = out);
}

class Blowfish {
  /** P (18 words) then S0..S3 (256 words each). */
  readonly s: Uint32Array = blowfishInit().slice();

  private f(x: number): number {
    const s = this.s;
    return ((((s[18 + (x >>> 24)] + s[274 + ((x >>> 16) & 0xff)]) >>> 0) ^ s[530 + ((x >>> 8) & 0xff)]) + s[786 + (x & 0xff)]) >>> 0;
  }

  encrypt(l: number, r: number): [number, number] {
    const p = this.s;
    let xl = (l ^ p[0]) >>> 0;
    let xr = r >>> 0;
    for (let i = 1; i <= 16; i += 2) {
      xr = (xr ^ this.f(xl) ^ p[i]) >>> 0;
      xl = (xl ^ this.f(xr) ^ p[i + 1]) >>> 0;
    }
    xr = (xr ^ p[17]) >>> 0;
    return [xr, xl];
  }

  /** blowfish.ExpandKey (salt absent) and expandKeyWithSalt. */
  expand(key: Uint8Array, salt?: Uint8Array): void {
    const s = this.s;
    let j = 0;
    const word = (b: Uint8Array): number => {
      let d = 0;
      for (let k = 0; k < 4; k++) {
        d = ((d << 8) | b[j]) >>> 0;
        j = j + 1 >= b.length ? 0 : j + 1;
      }
      return d;
    };
    for (let i = 0; i < 18; i++) s[i] = (s[i] ^ word(key)) >>> 0;
    j = 0;
    let l = 0;
    let r = 0;
    for (let i = 0; i < WORDS; i += 2) {
      if (salt) {
        l = (l ^ word(salt)) >>> 0;
        r = (r ^ word(salt)) >>> 0;
      }
      [l, r] = this.encrypt(l, r);
      s[i] = l;
      s[i + 1] = r;
    }
  }
}

const ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function encode64(b: Uint8Array): string {
  const std = Buffer.from(b).toString('base64').replace(/=+$/, '');
  let out = '';
  for (const c of std) out += ALPHABET[STD.indexOf(c)];
  return out;
}

/** bcrypt.GenerateFromPassword(password, 10), or Go's error text. */
export function bcryptHash(password: Uint8Array, cost = 10, salt: Uint8Array = randomBytes(16)): { hash: string } | { error: string } {
  if (password.length > 72) return { error: 'bcrypt: password length exceeds 72 bytes' };
  const key = new Uint8Array(password.length + 1);
  key.set(password);
  const c = new Blowfish();
  c.expand(key, salt);
  for (let i = 0, rounds = 1 << cost; i < rounds; i++) {
    c.expand(key);
    c.expand(salt);
  }
  const data = Buffer.from('OrpheanBeholderScryDoubt', 'latin1');
  for (let i = 0; i < 24; i += 8) {
    let l = data.readUInt32BE(i);
    let r = data.readUInt32BE(i + 4);
    for (let k = 0; k < 64; k++) [l, r] = c.encrypt(l, r);
    data.writeUInt32BE(l, i);
    data.writeUInt32BE(r, i + 4);
  }
  return { hash: `$2a$${String(cost).padStart(2, '0')}$${encode64(salt)}${encode64(data.subarray(0, 23))}` };
}

/** Sprig's bcrypt (and the hash of htpasswd): the hash, or "failed to encrypt string with bcrypt: ...". */
export function sprigBcrypt(input: string): string {
  const r = bcryptHash(new Uint8Array(Buffer.from(input, 'utf8')));
  return 'hash' in r ? r.hash : `failed to encrypt string with bcrypt: ${r.error}`;
}
