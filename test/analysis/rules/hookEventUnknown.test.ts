// hook-event-unknown: a chart that triggers it (at the expected place, with the expected facts), a near miss
// that stays silent, each fix applied and verified, and the real Helm's view of which objects are hooks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, assertAgreesWithHelm, chartOf, hook, lineOf, object, silent, trigger } from './harness';

describe('hook-event-unknown (H9)', () => {
  const R = 'hook-event-unknown';
  const withEvents = (e: string) => chartOf({ 'cm.yaml': object('ConfigMap', 'c', hook(e)) });

  it('errors on a trailing comma, and Helm indeed drops the object', () => {
    const current = withEvents('pre-install,');
    const [f] = trigger(R, current);
    assert.equal(f.location.range.start.line, lineOf(current['templates/cm.yaml'], '"helm.sh/hook"'));
    assert.match(f.detail!, /Helm drops ConfigMap c entirely/);
    assert.match(f.detail!, /an empty event/);
    assertAgreesWithHelm(current);
    const fixed = applyFix(current, f, /^Set the hook events to pre-install$/);
    silent(R, fixed);
    assertAgreesWithHelm(fixed);
  });

  it('suggests the event for a typo, and explains crd-install', () => {
    const [f] = trigger(R, withEvents('pre-instal,post-upgrade'));
    assert.match(f.detail!, /"pre-instal" \(did you mean "pre-install"\?\)/);
    const [g] = trigger(R, withEvents('crd-install'));
    assert.match(g.detail!, /crd-install is Helm 2/);
  });

  it('is silent for valid events, any case and spacing', () => {
    silent(R, withEvents(' Pre-Install , test-success'));
  });
});
