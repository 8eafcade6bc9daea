// H9: any unknown event (a typo, crd-install, an empty item from a trailing comma) makes SortManifests skip the whole
// document: neither hook nor part of the release, with only an info line on stderr.
import { HOOK_ANNOTATION, HOOK_EVENTS } from '../../chart/hooks';
import { replaceAnnotationValue } from '../fixes/annotations';
import type { PlannedFix } from '../fixes/edits';
import { didYouMean, clip } from './support';
import type { Rule } from '../contract';

const RETIRED: Record<string, string> = {
  'crd-install': 'crd-install is Helm 2: Helm 3 installs CRDs from the chart\'s crds/ folder',
  'test-failure': 'test-failure is Helm 2: Helm 3 has only test',
};

export const rule: Rule = {
  meta: {
    id: 'hook-event-unknown',
    hazard: 'H9',
    defaultSeverity: 'error',
    description: 'An unknown, misspelled or empty hook event (or a trailing comma): Helm silently drops the whole resource.',
    needsBaseline: false,
  },
  check(ctx, report) {
    for (const r of ctx.current.model.resources) {
      if (r.lifecycle.kind !== 'dropped' || r.template.error) continue;
      const a = r.annotations.get(HOOK_ANNOTATION)!;
      const parts = (a.value ?? '').split(',').map((p) => p.trim());
      const fixed = [
        ...new Set(
          parts
            .map((p) => p.toLowerCase())
            .map((p) => ((HOOK_EVENTS as readonly string[]).includes(p) || p === 'test-success' ? p : RETIRED[p] ? '' : (didYouMean(p, HOOK_EVENTS) ?? '')))
            .filter(Boolean),
        ),
      ];
      const notes = r.lifecycle.unknownEvents.map((e) =>
        e === '' ? 'an empty event (a trailing or doubled comma?)' : RETIRED[e.toLowerCase()] ?? (didYouMean(e, HOOK_EVENTS) ? `"${e}" (did you mean "${didYouMean(e, HOOK_EVENTS)}"?)` : `"${e}"`),
      );
      const fix: PlannedFix[] = [];
      if (fixed.length > 0) {
        const edit = replaceAnnotationValue(ctx, r, HOOK_ANNOTATION, fixed.join(','));
        if (edit) fix.push({ title: `Set the hook events to ${clip(fixed.join(','), 36)}`, isPreferred: true, edits: [edit] });
      }
      report({
        message: `Helm drops ${r.kind} ${r.name || '(unnamed)'}: ${notes[0] ?? 'an unknown hook event'}`,
        detail:
          `Helm drops ${r.kind} ${r.name || '(unnamed)'} entirely: its helm.sh/hook annotation has ${notes.join(', ')}, and one ` +
          `unknown event makes Helm skip the whole document (neither hook nor part of the release; only an info line on ` +
          `stderr). Valid events: ${HOOK_EVENTS.join(', ')}.`,
        location: ctx.locate(r.template, a.pair),
        resource: { kind: r.kind, name: r.name, namespace: r.namespace },
        related: [],
        fix,
      });
    }
  },
};
