// Engine behaviour that differs between Helm 3.17.3 and Helm 4.1.4 (checked against both binaries by the fixtures
// under test/fixtures/charts/helm-versions-* and helm4-only-functions).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderTemplate } from '../../server/src/engine';
import { parseKubeVersion } from '../../server/src/chart/capabilities';

const render = (text: string, helmMajor: 3 | 4, dot: unknown = new Map()) => renderTemplate(text, dot as never, { helmMajor });

describe('Helm 3 and Helm 4 engines', () => {
  it('range over an integer: Helm 4 (Go 1.24+) counts, Helm 3 (Go 1.23) fails', () => {
    assert.equal(render('{{ range 3 }}{{ . }}{{ end }}|{{ range $i := 2 }}{{ $i }}{{ end }}|{{ range 0 }}x{{ else }}none{{ end }}', 4).output, '012|01|none');
    assert.match(render('{{ range 3 }}{{ . }}{{ end }}', 3).error!.message, /range can't iterate over 3/);
    assert.match(render('{{ range $i, $e := 3 }}{{ end }}', 4).error!.message, /can't use 3 to iterate over more than one variable/);
  });

  it('mustToYaml and mustToJson exist only in Helm 4', () => {
    const dot = new Map([['v', new Map([['a', 1]])]]);
    assert.equal(render('{{ mustToYaml .v }} {{ mustToJson .v }}', 4, dot).output, 'a: 1 {"a":1}');
    assert.match(render('{{ mustToYaml .v }}', 3, dot).error!.message, /function "mustToYaml" not defined/);
  });

  it('semverCompare "!=": semver 3.3 (Helm 3) lets a prerelease match, 3.4 (Helm 4) does not', () => {
    const t = '{{ semverCompare "!=1.2.3" "1.2.3-alpha" }} {{ semverCompare "!=1.2.x" "1.2.3-alpha" }} {{ semverCompare "!=1.2.3" "1.2.4" }}';
    assert.equal(render(t, 3).output, 'true false true');
    assert.equal(render(t, 4).output, 'false false true');
  });

  it('--kube-version is parsed as each Helm parses it', () => {
    assert.deepEqual(parseKubeVersion('1.30', 3), { version: 'v1.30.0', normalized: 'v1.30.0', major: '1', minor: '30' });
    assert.deepEqual(parseKubeVersion('1.30', 4), { version: 'v1.30', normalized: 'v1.30', major: '1', minor: '30' });
    assert.deepEqual(parseKubeVersion('v1.33.4-gke.1', 4), { version: 'v1.33.4-gke.1', normalized: 'v1.33.4', major: '1', minor: '33' });
    assert.throws(() => parseKubeVersion('x1', 4), /invalid kube version 'x1': could not parse "x1" as version/);
    assert.throws(() => parseKubeVersion('x1', 3), /invalid kube version 'x1': Invalid Semantic Version/);
  });
});
