// H12: one identity both a hook and a regular resource. On install the pre-install hook creates it, then creating the
// manifest fails with AlreadyExists; on upgrade the hook and the release fight over one object.
import { HOOK_ANNOTATION } from '../../chart/hooks';
import { isRegular } from '../model';
import { hookOf } from '../model';
import { suffixPoint } from '../fixes/annotations';
import type { Rule } from '../contract';
import { hookRuns } from './support';

export const rule: Rule = {
  meta: {
    id: 'hook-and-regular-duplicate',
    hazard: 'H12',
    defaultSeverity: 'error',
    description: 'The same object (group, kind, namespace, name) is both a hook and a regular resource.',
    needsBaseline: false,
  },
  check(ctx, report) {
    const objects = ctx.current.kept;
    const regular = new Map(objects.filter(isRegular).map((r) => [r.identity, r]));
    // A hook Flux never runs (disableHooks) never meets its regular twin.
    for (const h of objects.filter((r) => hookOf(r) && hookRuns(ctx.deployer, hookOf(r)!))) {
      const twin = regular.get(h.identity);
      if (!twin) continue;
      const what = `${h.kind} ${h.name}`;
      const at = h.nameContentRange && h.nameRange ? suffixPoint(ctx, h.template, h.nameContentRange, h.nameRange) : undefined;
      report({
        message: `${what} is both a hook and a regular resource`,
        detail:
          `${what} is both a hook (${hookOf(h)!.events.join(',')}) and a regular resource of the release. Helm creates hooks ` +
          `with a plain create, so whichever comes second fails with AlreadyExists (on install: the release's resources, ` +
          `after the pre-install hook), and on upgrades the hook's delete policy removes the object the release manages.`,
        location: ctx.locate(h.template, h.annotations.get(HOOK_ANNOTATION)!.pair),
        resource: { kind: h.kind, name: h.name, namespace: h.namespace },
        related: [{ ...ctx.locate(twin.template, twin.nameRange ?? { start: twin.doc.start, end: twin.doc.start }), message: `the regular ${what}` }],
        fix: at !== undefined ? [{ title: 'Rename the hook (add -hook to its name)', isPreferred: true, edits: [{ path: h.template.path, start: at, end: at, newText: '-hook' }] }] : [],
      });
    }
  },
};
