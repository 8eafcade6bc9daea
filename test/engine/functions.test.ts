// Sprig and Helm functions, toYaml/toJson formatting (expected texts checked against helm 3.17.3).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from './helpers';
import { parseYamlValues, toYaml } from '../../server/src/engine';
import { v } from './helpers';

test('string functions', () => {
  assert.equal(render('{{ "abc" | upper }} {{ "ABC" | lower }} {{ "hello world" | title }} {{ trunc 3 "abcdef" }} {{ trunc -2 "abcdef" }}'), 'ABC abc Hello World abc ef');
  assert.equal(render('{{ trimSuffix "-x" "a-x" }} {{ trimPrefix "x-" "x-a" }} {{ trim "  a  " }} {{ trimAll "$" "$5$" }} {{ nospace "a b c" }}'), 'a a a 5 abc');
  assert.equal(render('{{ quote "a" 1 }} {{ squote "b" }} {{ "x\\ny" | quote }} {{ cat "a" 1 nil "b" }}'), '"a" "1" \'b\' "x\\ny" a 1 b');
  assert.equal(render('{{ indent 2 "a\\nb" }}|{{ nindent 2 "a" }}'), '  a\n  b|\n  a');
  assert.equal(render('{{ replace "a" "b" "aaa" }} {{ contains "b" "abc" }} {{ hasPrefix "a" "abc" }} {{ hasSuffix "c" "abc" }} {{ repeat 3 "x" }} {{ substr 1 3 "abcd" }}'), 'bbb true true true xxx bc');
  assert.equal(render('{{ snakecase "FirstName" }} {{ kebabcase "HTTPServer" }} {{ camelcase "foo_bar" }} {{ abbrev 5 "hello world" }} {{ plural "one" "many" 2 }}'), 'first_name http-server FooBar he... many');
  assert.equal(render('{{ sha256sum "a" }}'), 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb');
  assert.equal(render('{{ b64enc "hi" }} {{ b64dec "aGk=" }} {{ wrap 5 "aaa bbb ccc" }}'), 'aGk= hi aaa\nbbb\nccc');
  assert.equal(render('{{ splitList "," "a,b" }} {{ (split "," "a,b")._1 }} {{ join "-" (list "a" 1) }} {{ toString 1.5 }}'), '[a b] b a-1 1.5');
  assert.equal(render('{{ regexMatch "^a+$" "aaa" }} {{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }} {{ regexFind "[0-9]+" "ab12cd" }} {{ regexFindAll "a." "a1a2a3" 2 }}'), 'true -W-xxW- 12 [a1 a2]');
  assert.equal(randLen(render('{{ randAlphaNum 8 }}')), 8);
});

function randLen(s: string): number {
  assert.match(s, /^[A-Za-z0-9]+$/);
  return s.length;
}

test('defaults and logic', () => {
  assert.equal(render('{{ default "d" .Values.x }} {{ default "d" "" }} {{ default "d" "v" }} {{ empty 0 }} {{ empty (list) }} {{ coalesce "" nil "c" }}'), 'd d v true true c');
  assert.equal(render('{{ ternary "y" "n" true }} {{ ternary "y" "n" false }} {{ all 1 "" }} {{ any 0 "a" }}'), 'y n false true');
  assert.equal(render('{{ required "x is required" .Values.x }}', { x: 'ok' }), 'ok');
});

test('lists and dicts', () => {
  assert.equal(render('{{ list 1 "a" }} {{ first (list 1 2) }} {{ last (list 1 2) }} {{ rest (list 1 2 3) }} {{ initial (list 1 2 3) }}'), '[1 a] 1 2 [2 3] [1 2]');
  assert.equal(render('{{ append (list 1) 2 }} {{ prepend (list 1) 0 }} {{ concat (list 1) (list 2) }} {{ uniq (list 1 1 2) }} {{ without (list 1 2 3) 2 }} {{ has 2 (list 1 2) }}'), '[1 2] [0 1] [1 2] [1 2] [1 3] true');
  assert.equal(render('{{ compact (list 1 "" 0 "a") }} {{ sortAlpha (list "b" "a") }} {{ reverse (list 1 2) }} {{ slice (list 1 2 3) 1 }}'), '[1 a] [a b] [2 1] [2 3]');
  assert.equal(render('{{ $d := dict "a" 1 "b" 2 }}{{ get $d "a" }} {{ hasKey $d "b" }} {{ keys $d | sortAlpha }} {{ pluck "a" $d (dict "a" 3) }} {{ $_ := set $d "c" 3 }}{{ $d.c }} {{ unset $d "a" }}'), '1 true [a b] [1 3] 3 map[b:2 c:3]');
  assert.equal(render('{{ merge (dict "a" 1) (dict "a" 2 "b" 2) }} {{ mergeOverwrite (dict "a" 1) (dict "a" 2) }} {{ dig "a" "b" "def" (dict "a" (dict "b" "v")) }} {{ dig "x" "def" (dict) }}'), 'map[a:1 b:2] map[a:2] v def');
  assert.equal(render('{{ deepCopy (dict "a" (list 1)) }} {{ until 3 }} {{ untilStep 0 6 2 }} {{ first .Values.l }}', { l: ['z'] }), 'map[a:[1]] [0 1 2] [0 2 4] z');
  assert.match(render('{{ first .Values.missing }}'), /error calling first: runtime error: invalid memory address or nil pointer dereference/);
});

test('math, conversions and types', () => {
  assert.equal(render('{{ add 1 2 3 }} {{ sub 5 2 }} {{ mul 2 3 }} {{ div 7 2 }} {{ mod 7 2 }} {{ max 1 5 3 }} {{ min 4 2 }} {{ add1 .Values.n }}', { n: 2 }), '6 3 6 3 1 5 2 3');
  assert.equal(render('{{ addf 0.1 0.2 }} {{ mulf 1.5 2 }} {{ floor 1.7 }} {{ ceil 1.2 }} {{ round 3.14159 2 }}'), '0.3 3 1 2 3.14');
  assert.equal(render('{{ int "42" }} {{ int64 3.9 }} {{ float64 "1.5" }} {{ atoi "7" }} {{ toString 3 }} {{ int .Values.n }}', { n: 5 }), '42 3 1.5 7 3 5');
  assert.equal(render('{{ typeOf 1 }} {{ typeOf .Values.n }} {{ typeOf (add 1 1) }} {{ typeOf "s" }} {{ typeOf (list) }} {{ typeOf .Values }} {{ kindOf (dict) }} {{ kindIs "string" "a" }} {{ typeIs "int" 3 }}', { n: 1 }), 'int float64 int64 string []interface {} map[string]interface {} map true true');
  assert.match(render('{{ div 1 0 }}'), /integer divide by zero/);
});

test('semver', () => {
  assert.equal(render('{{ semverCompare ">=1.19-0" "v1.32.0" }} {{ semverCompare "<1.19" "1.20.0" }} {{ semverCompare "^1.2.0" "1.9.9" }} {{ semverCompare "~1.2.0" "1.3.0" }} {{ semverCompare ">=1.2 <2" "1.5.0" }} {{ semverCompare "1.x" "1.4.0" }}'), 'true false true false true true');
  assert.equal(render('{{ semverCompare ">=1.0.0" "1.1.0-beta" }} {{ semverCompare ">=1.0.0-0" "1.1.0-beta" }}'), 'false true');
});

test('include, tpl and template with Helm semantics', () => {
  const helpers = [{ name: '_h.tpl', path: 'templates/_h.tpl', text: '{{- define "name" -}}{{ .Values.n | default "dflt" }}{{- end -}}{{ define "rec" }}{{ include "rec" . }}{{ end }}' }];
  assert.equal(render('{{ include "name" . | upper }}', {}, helpers), 'DFLT');
  assert.equal(render('{{ tpl "{{ .Values.n }}-{{ include \\"name\\" . }}" . }}', { n: 'x' }, helpers), 'x-x');
  assert.equal(render('{{ tpl "[{{ .missing }}]" .Values }}'), '[]');
  assert.match(render('{{ include "rec" . }}', {}, helpers), /rendering template has a nested reference name: rec: unable to execute template/);
  assert.match(render('{{ include "nope" . }}'), /error calling include: template: no template "nope" associated with template "gotpl"/);
  assert.match(render('{{ tpl "{{ .x.y }}" .Values }}'), /error calling tpl: error during tpl function execution for "{{ .x.y }}": template: gotpl:1:5: executing "gotpl" at <.x.y>: nil pointer evaluating interface {}.y/);
  assert.equal(render('{{ lookup "v1" "Secret" "ns" "n" }}'), 'map[]');
});

test('toYaml follows sigs.k8s.io/yaml (go-yaml v2) output', () => {
  assert.equal(render('{{ toYaml .Values }}', { b: [1, 'x'], a: { c: true, d: null }, e: 'multi\nline', f: '', g: 'yes', h: 1000000, i: 0.5 }), 'a:\n  c: true\n  d: null\nb:\n- 1\n- x\ne: |-\n  multi\n  line\nf: ""\ng: "yes"\nh: 1000000\ni: 0.5');
  assert.equal(toYaml(v({ l: [{ a: 1, b: 2 }], e: {}, z: [] })), 'e: {}\nl:\n- a: 1\n  b: 2\nz: []');
  assert.equal(toYaml(v({ k: 'a: b', q: "'q'", t: 'a\tb', d: '2024-01-01' })), "d: \"2024-01-01\"\nk: 'a: b'\nq: '''q'''\nt: \"a\\tb\"");
  assert.equal(toYaml(v({ a10: 1, a9: 2, B: 3, _x: 4 })), '_x: 4\nB: 3\na9: 2\na10: 1');
  const long = 'aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr';
  assert.equal(toYaml(v({ long })), 'long: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp\n  qqqq rrrr');
  assert.equal(render('{{ toJson .Values }}', { b: '<&>', a: [1.5, 2] }), '{"a":[1.5,2],"b":"\\u003c\\u0026\\u003e"}');
  assert.equal(render('{{ (fromYaml "a: 1\\nb: [x]").b }} {{ (fromJson "{\\"a\\": 2}").a }} {{ (fromYaml "- 1").Error }}'), '[x] 2 error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}');
});

test('values YAML uses YAML 1.1 scalars and float64 numbers', () => {
  // A plain `y` key is a YAML 1.1 boolean too: it becomes the string key "true" (checked with helm).
  const m = parseYamlValues('a: yes\nb: off\nc: y\nd: 0777\ne: 1_000\nf: 0x1F\ng: "yes"\nh: ~\ni: 2024-01-01\nj: 1.0\ny: n\n') as Map<string, unknown>;
  assert.deepEqual([...m.entries()], [['a', true], ['b', false], ['c', true], ['d', 511], ['e', 1000], ['f', 31], ['g', 'yes'], ['h', null], ['i', '2024-01-01'], ['j', 1], ['true', false]]);
  const k = parseYamlValues('on: 1\nbase: &b {x: 1}\nderived:\n  <<: *b\n  z: 2\n') as Map<string, unknown>;
  assert.deepEqual([...k.keys()], ['true', 'base', 'derived']);
  assert.deepEqual([...(k.get('derived') as Map<string, unknown>).entries()], [['x', 1], ['z', 2]]);
});
