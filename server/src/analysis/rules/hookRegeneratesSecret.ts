// H18: a hook Secret/ConfigMap with generated values runs on every upgrade: before-hook-creation deletes it and the
// hook creates it with new values (passwords, keys, certificates rotate under running pods). The generators are the
// engine's functions marked random (derivePassword is deterministic, so it is not one).
import { HOOK_ANNOTATION } from '../../chart/hooks';
import { templateFunctions } from '../../engine';
import type { Rule } from '../contract';
import { currentEvents, withEvents } from '../fixes/events';
import { hookEventRuns, hookOf } from '../model';

const GENERATORS = new RegExp(
  `(?<![\\w.$])(${[...templateFunctions().values()]
    .filter((f) => f.nondeterministic === 'random')
    .map((f) => f.name)
    .sort((a, b) => b.length - a.length)
    .join('|')})(?![\\w.])`,
);

export const rule: Rule = {
  meta: {
    id: 'hook-regenerates-secret',
    hazard: 'H18',
    defaultSeverity: 'warning',
    description: 'A hook Secret or ConfigMap with generated values (randAlphaNum, genCA, ...) is re-rendered on every upgrade.',
    needsBaseline: false,
  },
  check(ctx, report) {
    for (const r of ctx.current.kept) {
      const hook = hookOf(r);
      if (!hook || (r.kind !== 'Secret' && r.kind !== 'ConfigMap')) continue;
      const upgrade = hook.events.filter((e) => (e === 'pre-upgrade' || e === 'post-upgrade') && hookEventRuns(ctx.deployer, e));
      if (upgrade.length === 0) continue;
      // The actions that produced this document, read back from their template text (helpers included).
      let generator: { fn: string; span: { path: string; start: number; end: number } } | undefined;
      let usesLookup = false;
      for (const seg of r.template.segments) {
        if (seg.kind !== 'action' || seg.outEnd <= r.doc.start || seg.outStart >= r.doc.end) continue;
        const text = ctx.current.files.files.get(seg.span.path)?.slice(seg.span.start, seg.span.end) ?? '';
        if (/\blookup\b/.test(text)) usesLookup = true;
        const m = GENERATORS.exec(text);
        if (m && !generator) generator = { fn: m[1], span: seg.site };
      }
      if (!generator || usesLookup) continue;
      const installOnly = currentEvents(r).filter((e) => !/upgrade/i.test(e));
      const edit = installOnly.length > 0 ? withEvents(ctx, r, installOnly) : undefined;
      report({
        message: `helm upgrade regenerates ${r.kind} ${r.name} (${generator.fn} in a hook)`,
        detail:
          `${r.kind} ${r.name} is a ${upgrade.join(',')} hook whose values come from ${generator.fn}: every helm upgrade ` +
          `deletes it (before-hook-creation) and creates it with new values, so running pods keep the old ones and ` +
          `clients that stored them break. Keep generated values stable: a regular resource that reuses the existing ` +
          `object through lookup, or a hook that runs on install only.`,
        location: ctx.spanLocation(generator.span),
        resource: { kind: r.kind, name: r.name, namespace: r.namespace },
        related: [{ ...ctx.locate(r.template, r.annotations.get(HOOK_ANNOTATION)!.pair), message: `the hook annotation of ${r.kind} ${r.name}` }],
        fix: edit ? [{ title: 'Generate it on install only (no upgrade events)', edits: [edit] }] : [],
      });
    }
  },
};
