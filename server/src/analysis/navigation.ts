// Where references lead: definitions, references, hovers and code lenses, computed from one analysis.
import { HOOK_ANNOTATION } from '../chart/hooks';
import type { AnalysisResult } from './analyze';
import type { Location } from './findings';
import { consequenceOf, hookOf, neededByPods, originOf, summaryOf, type OutRange, type Reference, type Resource } from './model';

function contains(result: AnalysisResult, r: Resource, range: OutRange | undefined, path: string, offset: number): boolean {
  if (!range) return false;
  const site = originOf(r.template, range.start, range.end).site;
  return site.path === path && site.start <= offset && offset <= site.end;
}

/** The reference whose name is at `offset` of `path`. */
export function referenceAt(result: AnalysisResult, path: string, offset: number): Reference | undefined {
  return result.current.references.find((ref) => contains(result, ref.referrer, ref.range, path, offset));
}

/** The resource whose metadata.name is at `offset` of `path`. */
export function resourceNamedAt(result: AnalysisResult, path: string, offset: number): Resource | undefined {
  return result.current.kept.find((r) => contains(result, r, r.nameRange, path, offset));
}

export function nameLocation(result: AnalysisResult, r: Resource): Location {
  return result.locate(r.template, r.nameRange ?? { start: r.doc.start, end: r.doc.start });
}

/** Go to definition: from a reference to the object it names. */
export function definition(result: AnalysisResult, path: string, offset: number): Location[] {
  const ref = referenceAt(result, path, offset);
  return ref ? result.current.targetsOf(ref).map((r) => nameLocation(result, r)) : [];
}

/** Find references: from an object's name (or a reference to it) to every reference to it. */
export function references(result: AnalysisResult, path: string, offset: number, includeDeclaration: boolean): Location[] {
  const ref = referenceAt(result, path, offset);
  const targets = ref ? result.current.targetsOf(ref) : [resourceNamedAt(result, path, offset)].filter((r): r is Resource => !!r);
  const out: Location[] = [];
  for (const r of targets) {
    if (includeDeclaration) out.push(nameLocation(result, r));
    for (const x of result.current.referencesTo(r)) out.push(result.locate(x.referrer.template, x.range));
  }
  return out;
}

export function lifecycleOf(r: Resource): string {
  const hook = hookOf(r);
  if (!hook) return 'a regular resource of the release: created, updated and deleted with it';
  return (
    `a **hook** (\`${hook.events.join(',')}\`, weight ${hook.weight}, delete policy \`${hook.effectiveDeletePolicies.join(',')}\`): ` +
    'not part of the release manifest; Helm creates it when its events run and never updates or uninstalls it'
  );
}

/** Hover on a reference: what it resolves to, that object's lifecycle, and what the referrer suffers without it. */
export function explainReference(result: AnalysisResult, ref: Reference): string {
  const targets = result.current.targetsOf(ref);
  const scope = ref.namespace ? '' : ', cluster-scoped';
  const group = ref.group ? ` (${ref.group}${scope})` : scope ? ` (${scope.slice(2)})` : '';
  const head = `**${ref.kind} ${ref.name}**${group}, referenced by ${ref.referrer.kind} ${ref.referrer.name} (${ref.via}${ref.optional ? ', optional' : ''})`;
  const without = `Without it: ${consequenceOf(ref)}.`;
  if (targets.length === 0) {
    const where = neededByPods(ref) ? 'it must exist before the pods start' : 'it must exist in the cluster';
    return `${head}\n\nNot defined by this chart: ${where} (created by another chart, an operator or by hand). ${without}`;
  }
  return [
    head,
    '',
    ...targets.map((r) => {
      const at = nameLocation(result, r);
      return `- defined in \`${at.path}\` line ${at.range.start.line + 1}: ${lifecycleOf(r)}.`;
    }),
    '',
    without,
  ].join('\n');
}

export interface Lens {
  location: Location;
  title: string;
  /** The object the lens is about: clients open the plan at it. */
  resource: { kind: string; name: string; namespace: string };
}

/** A lens above each hook's `kind:` line (above the object, not inside its annotations): its events, its place in
 *  each event's execution order, and who uses it. */
export function hookLenses(result: AnalysisResult): Lens[] {
  const lenses: Lens[] = [];
  for (const r of result.current.hooks) {
    const hook = hookOf(r)!;
    const order = hook.events
      .map((e) => {
        const o = result.current.order(e);
        return `${e} ${o.indexOf(r) + 1}/${o.length}`;
      })
      .join(', ');
    const refs = result.current.referencesTo(r);
    const users = [...new Set(refs.map((x) => `${x.referrer.kind} ${x.referrer.name}`))];
    const at = r.kindRange ?? r.nameRange ?? r.annotations.get(HOOK_ANNOTATION)!.pair;
    lenses.push({
      location: result.locate(r.template, at),
      resource: { kind: r.kind, name: r.name, namespace: r.namespace },
      title: `hook ${r.kind} ${r.name}: runs ${order} (weight ${hook.weight})` + (users.length ? ` · used by ${users.join(', ')} (without it: ${summaryOf(refs)})` : ' · nothing in the chart uses it'),
    });
  }
  return lenses;
}

/** Hover on a template action: what it rendered to, and the values line it came from when it came straight from one. */
export function explainAction(result: AnalysisResult, path: string, offset: number): string | undefined {
  const files = result.current.files.files;
  for (const t of result.current.model.rendered.templates) {
    if (t.error) continue;
    const hits = t.segments.filter((s) => s.kind === 'action' && s.site.path === path && s.site.start <= offset && offset < s.site.end);
    if (hits.length === 0) continue;
    const output = hits.map((s) => t.output.slice(s.outStart, s.outEnd)).join('');
    const shown = output.length > 400 ? output.slice(0, 400) + '…' : output;
    const lines = [`Renders to${t.path === path ? '' : ` (in ${t.sourceName})`}:`, '```yaml', shown || '(nothing)', '```'];
    const value = hits.find((s) => s.value)?.value;
    const text = value && files.get(value.path);
    if (value && text !== undefined) {
      const line = text.slice(0, value.start).split('\n').length;
      lines.push(`From \`${value.path}\` line ${line}: \`${text.slice(value.start, value.end).split('\n')[0]}\``);
    } else if (value) {
      lines.push(`From \`${value.path}\``);
    }
    return lines.join('\n');
  }
  return undefined;
}
