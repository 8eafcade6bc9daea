// hook-regenerates-secret: a chart that triggers it (at the expected place, with the expected facts), a near miss
// that stays silent, each fix applied and verified, and the real Helm's view of which objects are hooks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, chartOf, hook, lineOf, object, silent, trigger } from './harness';

describe('hook-regenerates-secret (H18)', () => {
  const R = 'hook-regenerates-secret';
  const secret = (events: string, value = '{{ randAlphaNum 16 | b64enc | quote }}') =>
    chartOf({ 'secret.yaml': object('Secret', 'pw', hook(events), `data:\n  password: ${value}\n`) });

  it('warns at the generator call', () => {
    const current = secret('pre-install,pre-upgrade');
    const [f] = trigger(R, current);
    assert.equal(f.location.range.start.line, lineOf(current['templates/secret.yaml'], 'randAlphaNum'));
    assert.match(f.detail!, /values come from randAlphaNum: every helm upgrade deletes it/);
  });

  it('warns for every function the engine marks random (salts and IVs too)', () => {
    for (const [fn, call] of [['bcrypt', 'bcrypt "pw"'], ['htpasswd', 'htpasswd "u" "pw"'], ['encryptAES', 'encryptAES "k" "pw"'], ['genPrivateKey', 'genPrivateKey "ecdsa"']]) {
      const [f] = trigger(R, secret('pre-upgrade', `{{ ${call} | b64enc | quote }}`));
      assert.match(f.detail!, new RegExp(`values come from ${fn}:`));
    }
  });

  it('is silent on install-only hooks, with lookup, and for deterministic values', () => {
    silent(R, secret('pre-install'));
    silent(R, secret('pre-install,pre-upgrade', '{{ (lookup "v1" "Secret" "ns" "pw").data.password | default (randAlphaNum 16 | b64enc) | quote }}'));
    silent(R, secret('pre-install,pre-upgrade', '{{ derivePassword 1 "long" "pw" "user" "example.com" | b64enc | quote }}'));
    silent(R, secret('pre-install,pre-upgrade', '{{ now | date "2006" | quote }}'));
  });

  it('fix: generates on install only', () => {
    const current = secret('pre-install,pre-upgrade');
    const [f] = trigger(R, current);
    silent(R, applyFix(current, f, /^Generate it on install only/));
  });
});
