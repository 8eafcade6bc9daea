// Sprig's key and certificate generators, derivePassword and AES, on node:crypto. node:crypto has no certificate
// builder, so X.509 certificates are assembled here with a minimal DER encoder (TBSCertificate as Go's
// x509.CreateCertificate writes it for Sprig's templates) and signed with crypto.sign.

import {
  KeyObject,
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  scryptSync,
  sign,
} from 'node:crypto';
import { isIP } from 'node:net';
import { GoStruct, Value } from '../values';
import { GoError, fn, sliceElems, strval, nondeterministic, goBytesOf, goStringOf } from './util';
import type { FuncDef } from '../exec';
import { sprigBcrypt } from './bcrypt';

// ---- DER ----

function len(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) out.unshift(x & 0xff);
  return [0x80 | out.length, ...out];
}
function tlv(tag: number, body: Uint8Array | number[]): Buffer {
  const b = Buffer.from(body as Uint8Array);
  return Buffer.concat([Buffer.from([tag, ...len(b.length)]), b]);
}
const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
function derInt(v: bigint | Buffer): Buffer {
  let b = typeof v === 'bigint' ? Buffer.from(v.toString(16).padStart(2, '0').replace(/^(.(..)*)$/, '0$1'), 'hex') : v;
  let i = 0;
  while (i < b.length - 1 && b[i] === 0 && !(b[i + 1] & 0x80)) i++;
  b = b.subarray(i);
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}
function oid(s: string): Buffer {
  const p = s.split('.').map(Number);
  const out = [p[0] * 40 + p[1]];
  for (const n of p.slice(2)) {
    const bytes = [n & 0x7f];
    for (let x = Math.floor(n / 128); x > 0; x = Math.floor(x / 128)) bytes.unshift((x & 0x7f) | 0x80);
    out.push(...bytes);
  }
  return tlv(0x06, out);
}
const bitString = (b: Uint8Array, unused = 0): Buffer => tlv(0x03, Buffer.concat([Buffer.from([unused]), Buffer.from(b)]));
const octets = (b: Uint8Array): Buffer => tlv(0x04, b);
const explicit = (n: number, b: Buffer): Buffer => tlv(0xa0 | n, b);

function derTime(d: Date): Buffer {
  const y = d.getUTCFullYear();
  const p = (n: number) => String(n).padStart(2, '0');
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(0x17, Buffer.from(p(y % 100) + rest, 'latin1'));
  return tlv(0x18, Buffer.from(String(y).padStart(4, '0') + rest, 'latin1'));
}

/** pkix.Name with only a CommonName: PrintableString when Go's asn1 allows it, else UTF8String. */
function name(cn: string): Buffer {
  if (!cn) return seq();
  const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(cn);
  return seq(set(seq(oid('2.5.4.3'), tlv(printable ? 0x13 : 0x0c, Buffer.from(cn, 'utf8')))));
}

/** A minimal DER reader: the TLVs directly inside `b`. */
function children(b: Uint8Array): { tag: number; body: Buffer; whole: Buffer }[] {
  const buf = Buffer.from(b);
  const out: { tag: number; body: Buffer; whole: Buffer }[] = [];
  let i = 0;
  while (i < buf.length) {
    const tag = buf[i];
    let n = buf[i + 1];
    let h = 2;
    if (n & 0x80) {
      const k = n & 0x7f;
      n = 0;
      for (let j = 0; j < k; j++) n = n * 256 + buf[i + 2 + j];
      h = 2 + k;
    }
    out.push({ tag, body: buf.subarray(i + h, i + h + n), whole: buf.subarray(i, i + h + n) });
    i += h + n;
  }
  return out;
}

// ---- keys ----

type KeyKind = 'rsa' | 'ec' | 'ed25519' | 'dsa';

interface PrivKey {
  kind: KeyKind;
  key: KeyObject;
}

/**
 * Generated keys are pooled per process and handed out in order within one render (reset by resetGenerators): a chart
 * renders on every keystroke, RSA 4096 and DSA take seconds, and a random key is as good as another random key.
 */
const pools = new Map<string, PrivKey[]>();
const used = new Map<string, number>();
export function resetGenerators(): void {
  used.clear();
}
function pooledKey(spec: string, gen: () => PrivKey): PrivKey {
  const n = used.get(spec) ?? 0;
  used.set(spec, n + 1);
  let pool = pools.get(spec);
  if (!pool) pools.set(spec, (pool = []));
  if (n >= 16) return gen();
  while (pool.length <= n) pool.push(gen());
  return pool[n];
}

function genKey(spec: 'rsa4096' | 'rsa2048' | 'ecdsa' | 'ed25519' | 'dsa'): PrivKey {
  return pooledKey(spec, () => {
    switch (spec) {
      case 'rsa4096':
      case 'rsa2048':
        return { kind: 'rsa', key: generateKeyPairSync('rsa', { modulusLength: spec === 'rsa4096' ? 4096 : 2048 }).privateKey };
      case 'ecdsa':
        return { kind: 'ec', key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey };
      case 'ed25519':
        return { kind: 'ed25519', key: generateKeyPairSync('ed25519').privateKey };
      case 'dsa':
        return { kind: 'dsa', key: generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey };
    }
  });
}

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
}
const big = (b: Buffer): bigint => BigInt('0x' + (b.toString('hex') || '0'));

function pem(type: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${type}-----\n${b64.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${type}-----\n`;
}

/** Sprig's pemBlockForKey. */
function keyPem(k: PrivKey): string {
  switch (k.kind) {
    case 'rsa':
      return k.key.export({ type: 'pkcs1', format: 'pem' }) as string;
    case 'ec':
      return k.key.export({ type: 'sec1', format: 'pem' }) as string;
    case 'ed25519':
      return k.key.export({ type: 'pkcs8', format: 'pem' }) as string;
    case 'dsa': {
      // OpenSSL's DSA key format {version, p, q, g, y, x}, from PKCS#8.
      const info = children(children(k.key.export({ type: 'pkcs8', format: 'der' }))[0].body);
      const [p, q, g] = children(children(info[1].body)[1].body).map((c) => big(c.body));
      const x = big(children(info[2].body)[0].body);
      return pem('DSA PRIVATE KEY', seq(derInt(0n), derInt(p), derInt(q), derInt(g), derInt(modPow(g, x, p)), derInt(x)));
    }
  }
}

/** Sprig's parsePrivateKeyPEM. */
function parsePrivateKeyPem(text: string): PrivKey {
  const m = /-----BEGIN ([^-\n]*)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) throw new GoError('no PEM data in input');
  const type = m[1];
  if (type !== 'PRIVATE KEY' && !type.endsWith(' PRIVATE KEY')) throw new GoError(`no private key data in PEM block of type ${type}`);
  if (type !== 'PRIVATE KEY' && type !== 'RSA PRIVATE KEY' && type !== 'EC PRIVATE KEY') throw new GoError(`invalid private key type ${type}`);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: m[0], format: 'pem' });
  } catch (e) {
    const what = type === 'PRIVATE KEY' ? 'PKCS#8' : type === 'RSA PRIVATE KEY' ? 'PKCS#1' : 'EC';
    throw new GoError(`decoding PEM as ${what}: ${(e as Error).message}`);
  }
  const t = key.asymmetricKeyType;
  const kind: KeyKind | undefined = t === 'rsa' ? 'rsa' : t === 'ec' ? 'ec' : t === 'ed25519' ? 'ed25519' : undefined;
  if (!kind) throw new GoError(`decoding PEM as PKCS#8: x509: PKCS#8 wrapping contained private key with unknown algorithm`);
  return { kind, key };
}

// ---- certificates ----

interface CertTemplate {
  cn: string;
  ips: Buffer[];
  dns: string[];
  days: number;
  isCA: boolean;
}

function sigAlg(k: PrivKey): Buffer {
  switch (k.kind) {
    case 'rsa':
      return seq(oid('1.2.840.113549.1.1.11'), tlv(0x05, []));
    case 'ec':
      return seq(oid('1.2.840.10045.4.3.2'));
    case 'ed25519':
      return seq(oid('1.3.101.112'));
    default:
      throw new GoError('x509: only RSA, ECDSA and Ed25519 keys supported');
  }
}

function spki(k: PrivKey): Buffer {
  return createPublicKey(k.key).export({ type: 'spki', format: 'der' }) as Buffer;
}

/** Go's subject key id: SHA-1 of the subjectPublicKey bits. */
function keyId(spkiDer: Buffer): Buffer {
  const bits = children(children(spkiDer)[0].body)[1].body.subarray(1);
  return createHash('sha1').update(bits).digest();
}

interface Issuer {
  name: Buffer;
  key: PrivKey;
  keyId?: Buffer;
}

/** x509.CreateCertificate for Sprig's templates; returns the DER certificate. */
function createCertificate(t: CertTemplate, subjectKey: PrivKey, issuer: Issuer | undefined): Buffer {
  const signer = issuer?.key ?? subjectKey;
  const alg = sigAlg(signer);
  const pub = spki(subjectKey);
  const subject = name(t.cn);
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const serial = big(randomBytes(16));
  // KeyUsage bits, reversed into a BIT STRING as Go does.
  const ku = t.isCA ? 0xa4 : 0xa0;
  const exts: Buffer[] = [
    seq(oid('2.5.29.15'), tlv(0x01, [0xff]), octets(bitString(Buffer.from([ku]), t.isCA ? 2 : 5))),
    seq(oid('2.5.29.37'), octets(seq(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2')))),
    seq(oid('2.5.29.19'), tlv(0x01, [0xff]), octets(t.isCA ? seq(tlv(0x01, [0xff])) : seq())),
  ];
  if (t.isCA) exts.push(seq(oid('2.5.29.14'), octets(octets(keyId(pub)))));
  if (issuer?.keyId) exts.push(seq(oid('2.5.29.35'), octets(seq(tlv(0x80, issuer.keyId)))));
  if (t.dns.length || t.ips.length) {
    const names = [...t.dns.map((d) => tlv(0x82, Buffer.from(d, 'latin1'))), ...t.ips.map((ip) => tlv(0x87, ip))];
    exts.push(seq(oid('2.5.29.17'), octets(seq(...names))));
  }
  const tbs = seq(
    explicit(0, derInt(2n)),
    derInt(serial),
    alg,
    issuer?.name ?? subject,
    seq(derTime(now), derTime(new Date(now.getTime() + t.days * 86400000))),
    subject,
    pub,
    explicit(3, seq(...exts)),
  );
  const signature = sign(signer.kind === 'ed25519' ? null : 'sha256', tbs, signer.key);
  return seq(tbs, alg, bitString(signature));
}

function certificate(cert: string, key: string): GoStruct {
  // Sprig's certificate struct has no json tags: encoding/json uses the Go field names.
  const fields = new Map<string, Value>([['Cert', cert], ['Key', key]]);
  return new GoStruct('sprig.certificate', fields, {}, undefined, undefined, () => new Map(fields));
}

function ipBytes(v: Value): Buffer {
  if (typeof v !== 'string') throw new GoError(`error parsing ip: ${strval(v)} is not a string`);
  const kind = isIP(v);
  if (kind === 4) return Buffer.from(v.split('.').map(Number));
  if (kind === 6) {
    const [head, tail] = v.includes('::') ? v.split('::') : [v, undefined];
    const parse = (s: string | undefined): number[] => {
      if (!s) return [];
      const out: number[] = [];
      for (const part of s.split(':')) {
        if (part.includes('.')) out.push(...part.split('.').map(Number));
        else out.push(parseInt(part, 16) >> 8, parseInt(part, 16) & 0xff);
      }
      return out;
    };
    const h = parse(head);
    const t = parse(tail);
    const b = Buffer.alloc(16);
    Buffer.from(h).copy(b, 0);
    Buffer.from(t).copy(b, 16 - t.length);
    // IPv4-mapped addresses are written as 4 bytes (net.IP.To4).
    if (b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) return b.subarray(12);
    return b;
  }
  throw new GoError(`error parsing ip: ${v}`);
}

function dnsNames(v: Value): string[] {
  return (sliceElems(v) ?? []).map((d) => {
    if (typeof d !== 'string') throw new GoError(`error processing alter dns name: ${strval(d)} is not a string`);
    return d;
  });
}

function template(cn: Value, ips: Value, dns: Value, days: Value, isCA: boolean): CertTemplate {
  return { cn: strval(cn), ips: (sliceElems(ips) ?? []).map(ipBytes), dns: dnsNames(dns), days: Number(days), isCA };
}

function genCA(cn: Value, days: Value, key: PrivKey): GoStruct {
  const der = createCertificate(template(cn, [], [], days, true), key, undefined);
  return certificate(pem('CERTIFICATE', der), keyPem(key));
}

function genSelfSigned(cn: Value, ips: Value, dns: Value, days: Value, key: PrivKey): GoStruct {
  const der = createCertificate(template(cn, ips, dns, days, false), key, undefined);
  return certificate(pem('CERTIFICATE', der), keyPem(key));
}

function genSigned(cn: Value, ips: Value, dns: Value, days: Value, ca: Value, key: PrivKey): GoStruct {
  if (!(ca instanceof GoStruct) || ca.typeName !== 'sprig.certificate') throw new GoError(`wrong type for value; expected sprig.certificate`);
  const caCert = strval(ca.fields.get('Cert') ?? '');
  const m = /-----BEGIN CERTIFICATE-----\r?\n([\s\S]*?)-----END CERTIFICATE-----/.exec(caCert);
  if (!m) throw new GoError('unable to decode CA certificate: no PEM data');
  const caDer = Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
  let caKey: PrivKey;
  try {
    caKey = parsePrivateKeyPem(strval(ca.fields.get('Key') ?? ''));
  } catch (e) {
    throw new GoError(`error parsing CA private key: ${(e as Error).message}`);
  }
  // The CA's subject and subject key id, from its DER.
  const tbs = children(children(caDer)[0].body)[0].body;
  const f = children(tbs);
  const subject = f[5].whole;
  let kid: Buffer | undefined;
  const extWrap = f.find((x) => x.tag === 0xa3);
  if (extWrap) {
    for (const e of children(children(extWrap.body)[0].body)) {
      const parts = children(e.body);
      if (parts[0].body.equals(oid('2.5.29.14').subarray(2))) kid = children(parts[parts.length - 1].body)[0].body;
    }
  }
  const der = createCertificate(template(cn, ips, dns, days, false), key, { name: subject, key: caKey, keyId: kid });
  return certificate(pem('CERTIFICATE', der), keyPem(key));
}

function withKey<T>(what: string, text: Value, f: (k: PrivKey) => T): T {
  let k: PrivKey;
  try {
    k = parsePrivateKeyPem(strval(text));
  } catch (e) {
    throw new GoError(`parsing private key: ${(e as Error).message}`);
  }
  void what;
  return f(k);
}

// ---- derivePassword (Master Password algorithm) ----

const CHARS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};
const TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: [
    'CvcvnoCvcvCvcv', 'CvcvCvcvnoCvcv', 'CvcvCvcvCvcvno', 'CvccnoCvcvCvcv', 'CvccCvcvnoCvcv', 'CvccCvcvCvcvno', 'CvcvnoCvccCvcv',
    'CvcvCvccnoCvcv', 'CvcvCvccCvcvno', 'CvcvnoCvcvCvcc', 'CvcvCvcvnoCvcc', 'CvcvCvcvCvccno', 'CvccnoCvccCvcv', 'CvccCvccnoCvcv',
    'CvccCvccCvcvno', 'CvcvnoCvccCvcc', 'CvcvCvccnoCvcc', 'CvcvCvccCvccno', 'CvccnoCvcvCvcc', 'CvccCvcvnoCvcc', 'CvccCvcvCvccno',
  ],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};
const SEED = 'com.lyndir.masterpassword';
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

function derivePassword(counter: number, type: string, password: string, user: string, site: string): string {
  const templates = TEMPLATES[type];
  if (!templates) return `cannot find password template ${type}`;
  const userB = Buffer.from(user, 'utf8');
  const siteB = Buffer.from(site, 'utf8');
  const salt = Buffer.concat([Buffer.from(SEED), u32(userB.length), userB]);
  const key = scryptSync(Buffer.from(password, 'utf8'), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 128 * 1024 * 1024 });
  const seed = createHmac('sha256', key).update(Buffer.concat([Buffer.from(SEED), u32(siteB.length), siteB, u32(counter)])).digest();
  const temp = templates[seed[0] % templates.length];
  let out = '';
  for (let i = 0; i < temp.length; i++) {
    const chars = CHARS[temp[i]];
    out += chars[seed[i + 1] % chars.length];
  }
  return out;
}

// ---- AES (Sprig: AES-256-CBC, key = password zero-padded to 32 bytes, random IV prepended, base64) ----

function aesKey(password: string): Buffer {
  const k = Buffer.alloc(32);
  Buffer.from(password, 'utf8').copy(k, 0, 0, 32);
  return k;
}

function encryptAES(password: string, plain: string): string {
  if (plain === '') return '';
  const iv = randomBytes(16);
  const c = createCipheriv('aes-256-cbc', aesKey(password), iv);
  return Buffer.concat([iv, c.update(goBytesOf(plain)), c.final()]).toString('base64');
}

function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  const crypt = Buffer.from(crypt64, 'base64');
  if (crypt.length < 16) throw new GoError('runtime error: slice bounds out of range');
  if ((crypt.length - 16) % 16 !== 0) throw new GoError('crypto/cipher: input not full blocks');
  const d = createDecipheriv('aes-256-cbc', aesKey(password), crypt.subarray(0, 16));
  d.setAutoPadding(false);
  const out = Buffer.concat([d.update(crypt.subarray(16)), d.final()]);
  const pad = out.length ? out[out.length - 1] : 0;
  if (pad > out.length) throw new GoError(`runtime error: slice bounds out of range [:${out.length - pad}]`);
  return goStringOf(out.subarray(0, out.length - pad));
}

// ---- function map ----

export const CRYPTO_FUNCS: Record<string, FuncDef> = {
  genPrivateKey: nondeterministic('random', fn(['string'], ([t]) => {
    switch (t) {
      case '':
      case 'rsa':
        return keyPem(genKey('rsa4096'));
      case 'dsa':
        return keyPem(genKey('dsa'));
      case 'ecdsa':
        return keyPem(genKey('ecdsa'));
      case 'ed25519':
        return keyPem(genKey('ed25519'));
      default:
        return `Unknown type ${t as string}`;
    }
  })),
  derivePassword: fn(['any', 'string', 'string', 'string', 'string'], ([c, t, p, u, s]) =>
    derivePassword(Number(typeof c === 'bigint' ? c : BigInt(strval(c)) || 0n), t as string, p as string, u as string, s as string),
  ),
  genCA: nondeterministic('random', fn(['string', 'int'], ([cn, days]) => genCA(cn, days, genKey('rsa2048')))),
  genCAWithKey: nondeterministic('random', fn(['string', 'int', 'string'], ([cn, days, k]) => withKey('genCAWithKey', k, (key) => genCA(cn, days, key)))),
  genSelfSignedCert: nondeterministic('random', fn(['string', 'list', 'list', 'int'], ([cn, ips, dns, days]) => genSelfSigned(cn, ips, dns, days, genKey('rsa2048')))),
  genSelfSignedCertWithKey: nondeterministic('random', fn(['string', 'list', 'list', 'int', 'string'], ([cn, ips, dns, days, k]) =>
    withKey('genSelfSignedCertWithKey', k, (key) => genSelfSigned(cn, ips, dns, days, key)),
  )),
  genSignedCert: nondeterministic('random', fn(['string', 'list', 'list', 'int', 'any'], ([cn, ips, dns, days, ca]) => genSigned(cn, ips, dns, days, ca, genKey('rsa2048')))),
  genSignedCertWithKey: nondeterministic('random', fn(['string', 'list', 'list', 'int', 'any', 'string'], ([cn, ips, dns, days, ca, k]) =>
    withKey('genSignedCertWithKey', k, (key) => genSigned(cn, ips, dns, days, ca, key)),
  )),
  buildCustomCert: fn(['string', 'string'], ([c, k]) => {
    const cert = Buffer.from(c as string, 'base64').toString('utf8');
    const key = Buffer.from(k as string, 'base64').toString('utf8');
    if (!/-----BEGIN [^-]+-----/.test(cert)) throw new GoError('unable to decode certificate');
    parsePrivateKeyPem(key);
    return certificate(cert, key);
  }),
  encryptAES: nondeterministic('random', fn(['string', 'string'], ([p, s]) => encryptAES(p as string, s as string))),
  decryptAES: fn(['string', 'string'], ([p, s]) => decryptAES(p as string, s as string)),
  bcrypt: nondeterministic('random', fn(['string'], ([p]) => sprigBcrypt(p as string))),
  htpasswd: nondeterministic('random', fn(['string', 'string'], ([u, p]) => {
    if ((u as string).includes(':')) return `invalid username: ${u as string}`;
    return `${u as string}:${sprigBcrypt(p as string)}`;
  })),
};
