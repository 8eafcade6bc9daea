// A dependency Chart.yaml declares that charts/ does not hold (nor, for a baseline, the working tree): Helm refuses
// to install the chart (action.CheckDependencies: "found in Chart.yaml, but missing in charts/ directory"), and the
// analysis cannot see the subchart's objects, so what they would change goes unchecked.
import { missingDependencies } from '../../chart/dependencies';
import type { Rule } from '../contract';

export const rule: Rule = {
  meta: {
    id: 'dependency-missing',
    defaultSeverity: 'info',
    description: 'A dependency of Chart.yaml is not in charts/ (run helm dependency build): its objects go unchecked.',
    needsBaseline: false,
  },
  check(ctx, report) {
    for (const d of missingDependencies(ctx.current.files)) {
      report({
        message: `Dependency ${d.name} is not in charts/: its objects go unchecked`,
        detail:
          `Chart.yaml declares the dependency ${d.name}${d.version ? ` ${d.version}` : ''}, but charts/ holds no subchart ` +
          `${d.name} (neither a folder nor an archive), in the working tree or at the base. helm install and helm upgrade ` +
          `refuse the chart until \`helm dependency build\` fetches it, and the hooks and references of its objects are not ` +
          `checked here.`,
        location: ctx.spanLocation({ path: 'Chart.yaml', start: d.start, end: d.end }),
        related: [],
      });
    }
  },
};
