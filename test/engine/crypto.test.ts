// Key and certificate generators: well-formed PEM that node:crypto and (when present) openssl accept; the chain of a
// signed certificate verifies against its CA; derivePassword and AES as Sprig computes them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { render } from './helpers';
import { bcryptHash } from '../../server/src/engine/funcs/bcrypt';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

function certs(tpl: string): string[] {
  const out = render(tpl);
  assert.ok(!out.startsWith('ERROR'), out);
  return out.split('\n===\n');
}

test('genCA, genSignedCert and genSelfSignedCert produce certificates that parse and verify', () => {
  const [ca, caKey, leaf, self] = certs(
    '{{ $ca := genCA "my-ca" 365 }}{{ $c := genSignedCert "svc.example.com" (list "10.0.0.1" "::1") (list "svc" "svc.ns.svc") 30 $ca }}' +
      '{{ $s := genSelfSignedCert "self" (list "127.0.0.1") (list "a.example") 10 }}' +
      '{{ $ca.Cert }}\n===\n{{ $ca.Key }}\n===\n{{ $c.Cert }}\n===\n{{ $s.Cert }}',
  );
  const caX = new X509Certificate(ca);
  const leafX = new X509Certificate(leaf);
  const selfX = new X509Certificate(self);
  assert.equal(caX.subject, 'CN=my-ca');
  assert.equal(caX.ca, true);
  assert.equal(leafX.ca, false);
  assert.equal(leafX.issuer, 'CN=my-ca');
  assert.ok(leafX.verify(caX.publicKey), 'leaf signed by the CA');
  assert.ok(selfX.verify(selfX.publicKey), 'self-signed');
  assert.equal(leafX.subjectAltName, 'DNS:svc, DNS:svc.ns.svc, IP Address:10.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  assert.equal(createPrivateKey(caKey).asymmetricKeyType, 'rsa');
  assert.ok(caKey.startsWith('-----BEGIN RSA PRIVATE KEY-----\n'));
  const days = (Date.parse(leafX.validTo) - Date.parse(leafX.validFrom)) / 86400000;
  assert.equal(days, 30);
  if (hasOpenssl) {
    const dir = mkdtempSync(path.join(tmpdir(), 'hhg-crypto-'));
    writeFileSync(path.join(dir, 'ca.crt'), ca);
    writeFileSync(path.join(dir, 'leaf.crt'), leaf);
    for (const f of ['ca.crt', 'leaf.crt']) {
      const r = spawnSync('openssl', ['x509', '-noout', '-text', '-in', path.join(dir, f)], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    }
    const v = spawnSync('openssl', ['verify', '-CAfile', path.join(dir, 'ca.crt'), path.join(dir, 'leaf.crt')], { encoding: 'utf8' });
    assert.equal(v.status, 0, v.stdout + v.stderr);
  }
});

test('genPrivateKey types and the *WithKey variants', () => {
  const [ec, ed, ecCa, edSelf, leaf, unknown] = certs(
    '{{ $ec := genPrivateKey "ecdsa" }}{{ $ed := genPrivateKey "ed25519" }}{{ $ca := genCAWithKey "ec-ca" 5 $ec }}' +
      '{{ $s := genSelfSignedCertWithKey "ed" (list) (list "ed.local") 5 $ed }}{{ $l := genSignedCertWithKey "leaf" (list) (list) 5 $ca (genPrivateKey "ecdsa") }}' +
      '{{ $ec }}\n===\n{{ $ed }}\n===\n{{ $ca.Cert }}\n===\n{{ $s.Cert }}\n===\n{{ $l.Cert }}\n===\n{{ genPrivateKey "nope" }}',
  );
  assert.ok(ec.startsWith('-----BEGIN EC PRIVATE KEY-----\n'));
  assert.ok(ed.startsWith('-----BEGIN PRIVATE KEY-----\n'));
  assert.equal(createPrivateKey(ec).asymmetricKeyType, 'ec');
  assert.equal(createPrivateKey(ed).asymmetricKeyType, 'ed25519');
  const caX = new X509Certificate(ecCa);
  assert.ok(caX.verify(caX.publicKey));
  assert.ok(new X509Certificate(leaf).verify(caX.publicKey));
  const edX = new X509Certificate(edSelf);
  assert.ok(edX.verify(edX.publicKey));
  assert.equal(unknown, 'Unknown type nope');
  assert.match(render('{{ genCAWithKey "x" 1 "garbage" }}'), /error calling genCAWithKey: parsing private key: no PEM data in input/);
  assert.match(render('{{ genSelfSignedCert "x" (list 1) (list) 1 }}'), /error parsing ip: 1 is not a string/);
});

test('derivePassword, encryptAES/decryptAES as Sprig computes them', () => {
  // Values from helm 3.17.3.
  assert.equal(render('{{ derivePassword 1 "long" "password" "user" "example.com" }}'), 'ZedaFaxcZaso9*');
  assert.equal(render('{{ derivePassword 3 "maximum" "pw" "u" "s" }}'), 'b9$3@lm3FOLUFJ1mTnXS');
  assert.equal(render('{{ derivePassword 1 "name" "pw" "u" "s" }}'), 'cannot find password template name');
  assert.equal(render('{{ decryptAES "secretkey" "PBHkeOmPyUkR3a8JBsYvuvPeHxvWBwYgEDYwAoFDlyY=" }}'), 'plain text');
  assert.equal(render('{{ encryptAES "k" "round trip" | decryptAES "k" }}'), 'round trip');
  assert.equal(render('{{ encryptAES "k" "" }}'), '');
  assert.match(render('{{ htpasswd "u" "p" }}'), /^u:\$2a\$10\$[./A-Za-z0-9]{53}$/);
  assert.equal(render('{{ htpasswd "u:x" "p" }}'), 'invalid username: u:x');
});

test('bcrypt: the hashes golang.org/x/crypto/bcrypt computes for a given salt, and its 72-byte limit', () => {
  // Hashes printed by helm 3.17.3 (`htpasswd "a" "b"`, `bcrypt (repeat 72 "x")`); the salts are their first 22 characters.
  const alphabet = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const std = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const salt = (s: string) => Buffer.from([...s].map((c) => std[alphabet.indexOf(c)]).join('') + '==', 'base64');
  for (const [password, hash] of [
    ['b', '$2a$10$uugqaiagZOzP41CReLCq.OoNEga5pUTbFJE.1mvnaQHh8.sr2pqf.'],
    ['x'.repeat(72), '$2a$10$z4qbwgPRsM0GFR0JICCKeOqxJAVaZKFxm968Ok9ZSWi9jfaD7Aqse'],
  ]) {
    assert.deepEqual(bcryptHash(Buffer.from(password), 10, salt(hash.slice(7, 29))), { hash });
  }
  assert.equal(render('{{ bcrypt (repeat 73 "x") }}'), 'failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes');
});
