// Provenance: every output character maps back to template text or the action that produced it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blankActions, renderTemplate } from '../../server/src/engine';
import { v } from './helpers';

test('blankActions keeps offsets and newlines', () => {
  const t = 'a: {{ .Values.x }}\n{{- /* c\n */ -}}\nb: {{ "}}" }} {{ `x\ny` }}\nc: {{ unclosed\nd';
  const b = blankActions(t);
  assert.equal(b.length, t.length);
  assert.equal(b, 'a:                \n        \n       \nb:                 \n     \nc:            \nd');
});

test('text and action segments, trim markers', () => {
  const text = 'name: foo\n{{- if true }}\nval: {{ .Values.x | quote }}\n{{- end }}\n';
  const r = renderTemplate(text, v({ Values: { x: 'y' } }), { path: 'templates/a.yaml' });
  assert.equal(r.output, 'name: foo\nval: "y"\n');
  const covered = r.segments.reduce((n, s) => {
    assert.equal(s.outStart, n);
    return s.outEnd;
  }, 0);
  assert.equal(covered, r.output.length);
  const at = (o: number) => r.segments.find((s) => s.outStart <= o && o < s.outEnd)!;
  // "name: foo" is text at file offset 0
  const s0 = at(r.output.indexOf('foo'));
  assert.equal(s0.kind, 'text');
  assert.equal(s0.span.start + (r.output.indexOf('foo') - s0.outStart), text.indexOf('foo'));
  // the quoted value maps to the whole action
  const s1 = at(r.output.indexOf('"y"'));
  assert.equal(s1.kind, 'action');
  assert.equal(text.slice(s1.span.start, s1.span.end), '{{ .Values.x | quote }}');
  assert.deepEqual(s1.site, s1.span);
});

test('include keeps helper text provenance through nindent, site is the include action', () => {
  const helpers = 'junk\n{{- define "labels" -}}\napp: {{ .name }}\ntier: web\n{{- end }}';
  const text = 'metadata:\n  labels:\n    {{- include "labels" .Values | nindent 4 }}\n';
  const r = renderTemplate(text, v({ Values: { name: 'x' } }), { path: 'templates/d.yaml', name: 'c/templates/d.yaml', helpers: [{ name: 'c/templates/_helpers.tpl', path: 'templates/_helpers.tpl', text: helpers }] });
  assert.equal(r.output, 'metadata:\n  labels:\n    app: x\n    tier: web\n');
  const o = r.output.indexOf('tier: web');
  const seg = r.segments.find((s) => s.outStart <= o && o < s.outEnd)!;
  assert.equal(seg.kind, 'text');
  assert.equal(seg.span.path, 'templates/_helpers.tpl');
  assert.equal(seg.span.start + (o - seg.outStart), helpers.indexOf('tier: web'));
  assert.equal(seg.site.path, 'templates/d.yaml');
  assert.equal(text.slice(seg.site.start, seg.site.end), '{{- include "labels" .Values | nindent 4 }}');
  // the indentation added by nindent maps to the include action
  const pad = r.segments.find((s) => s.outStart <= o - 1 && o - 1 < s.outEnd)!;
  assert.equal(pad.kind, 'action');
  assert.equal(pad.span.path, 'templates/d.yaml');
  // the value printed inside the helper maps to the helper's action
  const ox = r.output.indexOf('x\n');
  const sx = r.segments.find((s) => s.outStart <= ox && ox < s.outEnd)!;
  assert.equal(helpers.slice(sx.span.start, sx.span.end), '{{ .name }}');
});

test('template action output maps into the define with the template action as site', () => {
  const text = '{{ define "t" }}inner{{ end }}a{{ template "t" }}b';
  const r = renderTemplate(text, v({}), { path: 'f.yaml' });
  assert.equal(r.output, 'ainnerb');
  const seg = r.segments.find((s) => s.outStart === 1)!;
  assert.equal(seg.kind, 'text');
  assert.equal(text.slice(seg.span.start, seg.span.end), 'inner');
  assert.equal(text.slice(seg.site.start, seg.site.end), '{{ template "t" }}');
});

test('errors yield blanked output with identity segments', () => {
  const text = 'a: {{ .Values.x.y }}\nb: 1\n';
  const r = renderTemplate(text, v({ Values: {} }), { path: 'p.yaml' });
  assert.ok(r.error);
  assert.equal(r.output, blankActions(text));
  assert.deepEqual(r.segments, [{ outStart: 0, outEnd: text.length, kind: 'text', span: { path: 'p.yaml', start: 0, end: text.length }, site: { path: 'p.yaml', start: 0, end: text.length } }]);
  assert.equal(text.slice(r.error!.span.start, r.error!.span.end), '{{ .Values.x.y }}');
});
