// Runaway templates stop with located errors instead of hanging or exhausting memory or the JS stack.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderTemplate } from '../../server/src/engine';
import { LIMITS } from '../../server/src/engine/limits';

function err(text: string): { message: string; start: number; end: number } {
  const r = renderTemplate(text, null);
  assert.ok(r.error, 'expected an error');
  return { message: r.error.message, start: r.error.span.start, end: r.error.span.end };
}

test('infinite include recursion ends with Helm message at the outer include', () => {
  const text = '{{ define "r" }}x{{ include "r" . }}{{ end }}a: {{ include "r" . }}';
  const e = err(text);
  assert.equal(e.message, 'template: test.tpl:1:51: executing "test.tpl" at <include "r" .>: error calling include: rendering template has a nested reference name: r: unable to execute template');
  assert.equal(text.slice(e.start, e.end), '{{ include "r" . }}');
});

test('legit include recursion renders', () => {
  const r = renderTemplate('{{ define "r" }}{{ if gt . 0 }}{{ . }},{{ include "r" (sub . 1) }}{{ end }}{{ end }}{{ include "r" 50 }}', null);
  assert.equal(r.error, undefined);
  assert.ok(r.output.startsWith('50,49,'));
});

test('infinite template recursion ends with Go message', () => {
  const e = err('{{ define "r" }}x{{ template "r" . }}{{ end }}{{ template "r" . }}');
  assert.equal(e.message, 'template: test.tpl:1:29: executing "r" at <{{template "r" .}}>: exceeded maximum template depth (100000)');
});

test('until, untilStep, seq and repeat are bounded', () => {
  assert.match(err('{{ until 100000000 | len }}').message, /error calling until: until: 100000000 elements exceed the renderer's limit of 1000000$/);
  assert.match(err('{{ untilStep 0 100000000 3 | len }}').message, /error calling untilStep: untilStep: 33333334 elements exceed/);
  assert.match(err('{{ seq 1 100000000 | len }}').message, /error calling seq: seq: 100000000 elements exceed/);
  assert.match(err('{{ repeat 100000000 "abcdef" | len }}').message, /error calling repeat: repeat: a string of 600000000 characters exceeds/);
  assert.equal(renderTemplate('{{ until 1000 | len }}', null).output, '1000');
});

test('strings doubling in a loop stop at the string budget, located at the action', () => {
  const text = '{{ $s := "ab" }}{{ range until 30 }}{{ $s = print $s $s }}{{ end }}{{ len $s }}';
  const e = err(text);
  assert.match(e.message, /at <\$s = print \$s \$s>: a string of 67108864 characters exceeds the renderer's limit of 33554432$/);
  assert.equal(text.slice(e.start, e.end), '{{ $s = print $s $s }}');
});

test('a template that loops too long stops at the time budget', () => {
  const saved = LIMITS.timeMs;
  LIMITS.timeMs = 100;
  try {
    const t0 = Date.now();
    const e = err('{{ range until 100000 }}{{ range until 100000 }}{{ end }}{{ end }}');
    assert.match(e.message, /render time budget exceeded \(100 ms\)/);
    assert.ok(Date.now() - t0 < 2000);
  } finally {
    LIMITS.timeMs = saved;
  }
});
