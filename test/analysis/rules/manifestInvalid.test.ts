// manifest-invalid: rendered output Helm cannot read (invalid YAML) or cannot install (annotations that are not
// strings), with a quote fix for the latter.
import { describe, it } from 'node:test';
import { check, checkFix } from './harness';

describe('manifest-invalid', () => {
  it('reports invalid YAML in the rendered output', () => {
    check('manifest-invalid', '--- templates/cm.yaml\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  k: [unclosed⟦\n⟧', { message: /Rendered YAML is invalid/ });
  });

  it('reports a numeric annotation at its value, and quoting it fixes it', () => {
    const chart = '--- templates/cm.yaml\nkind: ConfigMap\nmetadata:\n  name: cm\n  annotations:\n    example.com/replicas: ⟦3⟧\n';
    check('manifest-invalid', chart, { message: /must be a string, not 3/ });
    checkFix('manifest-invalid', chart, /Quote the value/, '--- templates/cm.yaml\nkind: ConfigMap\nmetadata:\n  name: cm\n  annotations:\n    example.com/replicas: "3"\n');
  });

  it('is silent for string annotations', () => {
    check('manifest-invalid', '--- templates/cm.yaml\nkind: ConfigMap\nmetadata:\n  name: cm\n  annotations:\n    example.com/replicas: "3"\n');
  });
});
