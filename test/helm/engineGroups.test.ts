// Engine behaviours where the product once differed from Helm 3.17.3, each a tiny chart compared with the real binary
// (output, or error text and Helm's hint).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareWithHelm, report, type OracleCase } from '../helpers/oracle';

const t = (name: string, template: string, extra: Record<string, string | Uint8Array> = {}, compare?: 'status'): OracleCase => ({
  name,
  files: { 'templates/x.yaml': template, ...extra },
  compare,
});
const cm = (body: string) => `kind: ConfigMap\nmetadata:\n  name: x\ndata:\n${body}`;
const BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

export const GROUPS: OracleCase[] = [
  t('include of a missing value, field inside', cm('  a: "{{ include "h" .Values.missing }}"\n'), { 'templates/_h.tpl': '{{ define "h" }}{{ .foo }}{{ end }}' }),
  t('include of a missing value, and/or inside', cm('  a: "{{ include "h" .Values.missing }}"\n'), { 'templates/_h.tpl': '{{ define "h" }}{{ and 1 .foo }}{{ or .foo .bar }}{{ end }}' }),
  t('template of a missing value', cm('  a: "{{ template "h" .Values.missing }}"\n'), { 'templates/_h.tpl': '{{ define "h" }}{{ .foo.bar }}{{ end }}' }),
  t('field of a missing value at the top', cm('  a: "{{ .Values.missing.foo }}"\n')),
  t('parse error in a partial nothing includes', cm('  a: b\n'), { 'templates/_bad.tpl': 'x\n{{ end }}\n' }),
  t('parse error in a partial that is included', cm('  a: {{ include "x" . }}\n'), { 'templates/_bad.tpl': '{{ define "x" }}1{{ end }}\n{{ if }}\n' }),
  t('parse error in NOTES.txt', cm('  a: b\n'), { 'templates/NOTES.txt': '{{ .Release.Name' }),
  t('parse error text: function not defined', cm('  a: {{ nope 1 }}\n')),
  t('genCA fields through toJson', cm('  a: {{ genCA "x" 1 | toJson | fromJson | keys | sortAlpha | join "," }}\n  b: {{ genSignedCert "y" nil nil 1 (genCA "x" 1) | toJson | fromJson | keys | sortAlpha | join "," }}\n')),
  t('genCA Cert through b64enc', cm('  a: {{ $ca := genCA "x" 1 }}{{ $ca.Cert | b64enc | len | gt 100 }}\n')),
  t('binary .Files.Get bytes', cm('  a: {{ .Files.Get "x.bin" | b64enc }}\n  b: {{ .Files.Get "x.bin" | sha256sum }}\n  c: {{ .Files.GetBytes "x.bin" | len }}\n  d: {{ .Files.Get "x.bin" | len }}\n'), { 'x.bin': BYTES }),
  t('binary .Files.AsSecrets', '{{ (.Files.Glob "*.bin").AsSecrets }}\n', { 'x.bin': BYTES }),
  t('fromToml', cm('  a: {{ fromToml "a = 1\\nb = [1, 2]\\n[t]\\nc = \\"d\\"\\n[[arr]]\\nx = 1.5\\n[[arr]]\\nx = true\\n" | toJson | quote }}\n  e: {{ hasKey (fromToml "a = ") "Error" }}\n')),
  // The text of a TOML syntax error is the parser's (smol-toml), not BurntSushi/toml's: only its presence is compared.
  t('fromToml types', cm('  a: {{ $t := fromToml "i = 9007199254740993\\nf = 1e3\\ns = \\"x\\"\\nd = 1979-05-27T07:32:00Z\\n" }}{{ typeOf $t.i }} {{ $t.i }} {{ typeOf $t.f }} {{ $t.f }} {{ typeOf $t.d }}\n')),
  t('toToml nested arrays of tables', 'kind: ConfigMap\ndata:\n  a: {{ dict "t" (dict "arr" (list (dict "a" 1) (dict "b" (list 1 2))) "z" "q") "s" "a\\"b\\\\c\\té" "l" (list) "f" 1.5 "g" 2.0 "q k" true | toToml | quote }}\n'),
  t('toToml arrays of tables', 'kind: ConfigMap\ndata:\n  a: {{ dict "a" (list (dict "x" 1 "y" "s") (dict "x" 2)) "b" 3 "t" (dict "k" "v" "n" (dict "m" 1)) | toToml | quote }}\n'),
  t("rune literal '\\xFF'", cm("  a: {{ '\\xFF' }} {{ 'a' }} {{ '\\u00e9' }} {{ '\\n' }}\n")),
  t('complex literals', cm('  a: {{ 1i }} {{ 2.5i }} {{ 0i }} {{ printf "%v" 1i }}\n')),
  t('html of a missing value', cm('  a: "{{ html .Values.missing }} {{ html nil }} {{ js .Values.missing }} {{ urlquery .Values.missing }} {{ print .Values.missing }}"\n')),
  t('index with nil key', cm('  a: {{ index .Values.m nil }}\n'), { 'values.yaml': 'm:\n  a: 1\n' }),
  t('index with a missing key', cm('  a: {{ index .Values.m .Values.missing }}\n'), { 'values.yaml': 'm:\n  a: 1\n' }),
  t('index of a list with nil', cm('  a: {{ index .Values.l nil }}\n'), { 'values.yaml': 'l: [1]\n' }),
  t('camelcase', cm('  a: {{ camelcase "a__b" }} {{ camelcase "foo_bar" }} {{ camelcase "_x_" }} {{ camelcase "a_b_" }} {{ camelcase "HTTP_server" }}\n')),
  t('rest and initial of an empty list', cm('  a: "{{ list | rest }} {{ list | initial }} {{ list 1 | rest }} {{ list 1 | initial }} {{ list 1 2 | rest }}"\n')),
  t('seq', cm('  a: "{{ seq 0 }} | {{ seq 1 }} | {{ seq 3 }} | {{ seq -2 }} | {{ seq 2 0 }} | {{ seq 1 2 7 }} | {{ seq 5 -2 1 }} | {{ seq 1 0 3 }} | {{ seq }}"\n')),
  t('.Files map-style access', cm('  a: {{ .Files.author | toString }}\n  b: {{ index .Files "author" | toString }}\n'), { author: 'me\n' }),
  t('a bare scalar document', 'just text\n'),
  t('a bare scalar among documents', cm('  a: b\n') + '---\njust text\n'),
  t('a list document', '- a\n- b\n'),
  t('len of APIVersions', cm('  a: "{{ len .Capabilities.APIVersions }}"\n  b: {{ .Capabilities.APIVersions.Has "v1" }}\n')),
  t('semverCompare with an empty version', cm('  a: {{ semverCompare ">=1.0" "" }}\n')),
  t('semverCompare with an empty constraint', cm('  a: {{ semverCompare "" "1.0.0" }}\n')),
  // Error texts, as Helm prints them.
  t('illegal number syntax', cm('  a: {{ 1.E }}\n')),
  t('bad number syntax', cm('  a: {{ 0x }}\n')),
  t('template of an undefined name', cm('  a: {{ template "nope" . }}\n')),
  t('undefined variable', cm('  a: {{ $x = 1 }}\n')),
  t('assignment to an undefined variable in a range', cm('  a: {{ range $i := list 1 }}{{ $j = $i }}{{ end }}\n')),
  t('call of a non-function', cm('  a: {{ call .Values.f 1 }}\n'), { 'values.yaml': 'f: 1\n' }),
  t('call of nil', cm('  a: {{ call .Values.missing }}\n')),
  // Helm's text is the whole chain of 2,000 includes (184 kB); ours stops where the JavaScript stack ends and names the
  // template that recursed: only failure is compared.
  t('recursive include', cm('  a: {{ include "a" . }}\n'), { 'templates/_a.tpl': '{{ define "a" }}{{ include "b" . }}{{ end }}{{ define "b" }}{{ include "a" . }}{{ end }}' }, 'status'),
  t('nested include error', cm('  a: {{ include "a" . }}\n'), { 'templates/_a.tpl': '{{ define "a" }}{{ include "b" . }}{{ end }}{{ define "b" }}{{ .Values.x.y }}{{ end }}' }),
  t('required in tpl', cm('  a: {{ tpl "{{ required \\"need x\\" .Values.x }}" . }}\n')),
  t('fail in include', cm('  a: {{ include "f" . }}\n'), { 'templates/_f.tpl': '{{ define "f" }}{{ fail "stop here" }}{{ end }}' }),
  t('unexpected in operand', cm('  a: {{ .Values.x }\n')),
  t('wrong type for a function argument', cm('  a: {{ trunc "x" "abc" }}\n')),
  t('slice out of range', cm('  a: {{ slice (list 1 2) 1 5 }}\n')),
  t('index out of range', cm('  a: {{ index (list 1 2) 5 }}\n')),
  t('multi-line unclosed action', cm('  a: {{ .Values.x\n\n')),
  t('unclosed left paren', cm('  a: {{ (1 }}\n')),
  t('unexpected EOF in if', cm('  a: {{ if true }}\n')),
];

test('engine groups agree with Helm 3.17.3', async () => {
  const bad = await compareWithHelm(GROUPS);
  assert.equal(bad.length, 0, `${bad.length}/${GROUPS.length} disagree:\n${report(bad)}`);
});
