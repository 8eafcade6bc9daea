// Go text/template syntax and execution semantics (as Helm runs them: missingkey=zero, "<no value>" removed).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from './helpers';

test('trim markers and comments', () => {
  assert.equal(render('a  {{- "b" -}}  c'), 'abc');
  assert.equal(render('a {{/* comment */}} b'), 'a  b');
  assert.equal(render('a\n{{- /* c */ -}}\nb'), 'ab');
  assert.equal(render('a {{- 3 }}'), 'a3');
  // "-3" without a space is a number, not a trim marker
  assert.equal(render('a {{-3}}'), 'a -3');
});

test('literals: strings, raw strings, chars, numbers', () => {
  assert.equal(render('{{ "a\\tb" }}|{{ `raw\\n` }}|{{ \'a\' }}'), 'a\tb|raw\\n|97');
  assert.equal(render('{{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000 }} {{ 1.5 }} {{ 1e3 }} {{ -2 }}'), '31 15 15 5 1000 1.5 1000 -2');
  assert.equal(render('{{ true }} {{ false }}'), 'true false');
});

test('fields, missing values, nil pointers', () => {
  assert.equal(render('[{{ .Values.a.b }}]', { a: { b: 'x' } }), '[x]');
  assert.equal(render('[{{ .Values.missing }}]'), '[]');
  assert.equal(render('[{{ print .Values.missing }}]'), '[<nil>]');
  assert.equal(render('{{ .Values.missing.x }}'), 'ERROR: template: test.tpl:1:10: executing "test.tpl" at <.Values.missing.x>: nil pointer evaluating interface {}.x');
  assert.equal(render('{{ $x := .Values.missing }}[{{ $x.y }}]'), '[]');
  assert.equal(render('{{ .Values.s.x }}', { s: 'str' }), 'ERROR: template: test.tpl:1:10: executing "test.tpl" at <.Values.s.x>: can\'t evaluate field x in type interface {}');
});

test('YAML numbers are float64 and print like Go', () => {
  assert.equal(render('{{ .Values.a }} {{ .Values.b }} {{ .Values.c }} {{ .Values.d }}', { a: 3, b: 1000000, c: 0.5, d: 123456789 }), '3 1e+06 0.5 1.23456789e+08');
  assert.equal(render('{{ printf "%d" .Values.a }}', { a: 3 }), '%!d(float64=3)');
  assert.equal(render('{{ .Values.m }} {{ .Values.l }}', { m: { b: 1, a: 'x' }, l: ['a', 2] }), 'map[a:x b:1] [a 2]');
});

test('variables, declaration and assignment', () => {
  assert.equal(render('{{ $x := 1 }}{{ $x = 2 }}{{ $x }}'), '2');
  assert.equal(render('{{ $x := 1 }}{{ if true }}{{ $x = 3 }}{{ end }}{{ $x }}'), '3');
  assert.equal(render('{{ with $y := "v" }}{{ $y }}{{ end }}'), 'v');
  assert.equal(render('{{ $ }}', undefined).startsWith('map['), true);
});

test('if / else if / else, with / else with', () => {
  const t = '{{ if eq .Values.n 1.0 }}one{{ else if eq .Values.n 2.0 }}two{{ else }}other{{ end }}';
  assert.equal(render(t, { n: 1 }), 'one');
  assert.equal(render(t, { n: 2 }), 'two');
  assert.equal(render(t, { n: 5 }), 'other');
  assert.equal(render('{{ with .Values.a }}{{ . }}{{ else with .Values.b }}b={{ . }}{{ else }}none{{ end }}', { b: 'x' }), 'b=x');
  assert.equal(render('{{ if .Values.l }}y{{ else }}n{{ end }}', { l: [] }), 'n');
});

test('range over lists, maps, with else, break and continue', () => {
  assert.equal(render('{{ range $i, $v := .Values.l }}{{ $i }}={{ $v }};{{ end }}', { l: ['a', 'b'] }), '0=a;1=b;');
  assert.equal(render('{{ range $k, $v := .Values.m }}{{ $k }}={{ $v }};{{ end }}', { m: { z: 1, a: 2 } }), 'a=2;z=1;');
  assert.equal(render('{{ range .Values.l }}x{{ else }}empty{{ end }}', { l: [] }), 'empty');
  assert.equal(render('{{ range .Values.missing }}x{{ end }}ok'), 'ok');
  assert.equal(render('{{ range until 10 }}{{ if eq . 3 }}{{ break }}{{ end }}{{ if eq . 1 }}{{ continue }}{{ end }}{{ . }}{{ end }}'), '02');
  assert.equal(render('{{ range 3 }}{{ . }}{{ end }}'), 'ERROR: template: test.tpl:1:9: executing "test.tpl" at <3>: range can\'t iterate over 3');
});

test('define, template, block', () => {
  assert.equal(render('{{ define "x" }}[{{ . }}]{{ end }}{{ template "x" "a" }}{{ template "x" }}'), '[a][]');
  assert.equal(render('{{ block "b" "v" }}<{{ . }}>{{ end }}'), '<v>');
  assert.equal(render('{{ template "nope" }}'), 'ERROR: template: test.tpl:1:12: executing "test.tpl" at <{{template "nope"}}>: template "nope" not defined');
});

test('and/or short-circuit, not, comparisons', () => {
  assert.equal(render('{{ and 1 0 2 }} {{ or 0 "" "x" }} {{ not 0 }}'), '0 x true');
  // "or" stops before evaluating the failing call
  assert.equal(render('{{ or 1 (fail "boom") }}'), '1');
  assert.equal(render('{{ eq 1 2 1 }} {{ ne "a" "b" }} {{ lt 1 2 }} {{ ge 2.5 2.5 }}'), 'true true true true');
  assert.match(render('{{ eq .Values.n 1 }}', { n: 1 }), /error calling eq: incompatible types for comparison/);
  assert.equal(render('{{ eq .Values.missing "x" }}'), 'false');
  assert.match(render('{{ lt true false }}'), /invalid type for comparison/);
});

test('len, index, slice, print family, html/js/urlquery', () => {
  assert.equal(render('{{ len "héllo" }} {{ len .Values.l }} {{ index .Values.l 1 }} {{ index .Values.m "k" }}', { l: [1, 2], m: { k: 'v' } }), '6 2 2 v');
  assert.equal(render('{{ print 1 2 "a" "b" 3 }}|{{ println "x" 1 }}|'), '1 2ab3|x 1\n|');
  assert.equal(render('{{ printf "%5.2f|%-4s|%04d|%x|%q|%t|%v|%T" 3.14159 "ab" 42 255 "hi" true nil 1 }}'), ' 3.14|ab  |0042|ff|"hi"|true|<nil>|int');
  assert.equal(render('{{ printf "%s %s" "a" }}'), 'a %!s(MISSING)');
  assert.equal(render('{{ html "<a&b>" }} {{ js "it\'s" }} {{ urlquery "a b&c" }}'), '&lt;a&amp;b&gt; it\\\'s a+b%26c');
  assert.match(render('{{ index .Values.l 5 }}', { l: [1] }), /error calling index: index out of range: 5/);
});

test('pipelines and parenthesised pipelines', () => {
  assert.equal(render('{{ "a" | printf "%s-%s" "b" }}'), 'b-a');
  assert.equal(render('{{ (printf "%s" "x") | upper }}'), 'X');
  assert.equal(render('{{ (dict "a" (dict "b" 1)).a.b }}'), '1');
});

test('parse errors in Helm\'s form: parse error at (file:line) and the last part of Go\'s message', () => {
  assert.equal(render('a\n{{ foo }}'), 'ERROR: parse error at (test.tpl:2): function "foo" not defined');
  assert.equal(render('{{ .Values.x }'), 'ERROR: parse error at (test.tpl:1): unexpected "}" in operand');
  assert.equal(render('{{ if true }}x'), 'ERROR: parse error at (test.tpl:1): unexpected EOF');
  assert.equal(render('{{ end }}'), 'ERROR: parse error at (test.tpl:1): unexpected {{end}}');
  assert.equal(render('{{ $x }}'), 'ERROR: parse error at (test.tpl:1): undefined variable "$x"');
  assert.equal(render('{{ "abc }}'), 'ERROR: parse error at (test.tpl:1): unterminated quoted string');
  assert.equal(render('{{ break }}'), 'ERROR: parse error at (test.tpl:1): {{break}} outside {{range}}');
  assert.equal(render('{{ 1 | 2 }}'), 'ERROR: parse error at (test.tpl:1): non executable command in pipeline stage 2');
});

test('wrong argument types follow Go reflection rules', () => {
  // Verified against helm 3.17.3: map values are interface{} for Go's messages; columns are 0-based bytes.
  assert.equal(render('{{ trunc .Values.n "abc" }}', { n: 2 }), 'ERROR: template: test.tpl:1:16: executing "test.tpl" at <.Values.n>: wrong type for value; expected int; got interface {}');
  assert.equal(render('{{ .Values.missing | upper }}'), 'ERROR: template: test.tpl:1:21: executing "test.tpl" at <upper>: invalid value; expected string');
  assert.equal(render('{{ upper .Values.missing }}'), 'ERROR: template: test.tpl:1:16: executing "test.tpl" at <.Values.missing>: wrong type for value; expected string; got interface {}');
  assert.equal(render('{{ required "need x" .Values.x }}'), 'ERROR: execution error at (test.tpl:1:3): need x');
  assert.equal(render('{{ include "x" . }}{{ define "x" }}{{ fail "deep" }}{{ end }}'), 'ERROR: execution error at (test.tpl:1:3): deep');
  assert.equal(render('{{ trunc (int .Values.n) "abc" }}', { n: 2 }), 'ab');
  assert.equal(render('{{ upper 3 }}'), 'ERROR: template: test.tpl:1:9: executing "test.tpl" at <3>: expected string; found 3');
  assert.match(render('{{ upper }}'), /wrong number of args for upper: want 1 got 0/);
});
