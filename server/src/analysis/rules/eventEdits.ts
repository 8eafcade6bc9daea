// Edits of a hook's event list, for rules that add or remove events.
import { HOOK_ANNOTATION } from '../../chart/hooks';
import { replaceAnnotationValue } from '../fixes/annotations';
import type { OffsetEdit } from '../fixes/edits';
import type { Resource } from '../resources';
import type { RuleContext } from './rule';

export function withEvents(ctx: RuleContext, r: Resource, events: string[]): OffsetEdit | undefined {
  return replaceAnnotationValue(ctx, r, HOOK_ANNOTATION, events.join(','));
}

export function currentEvents(r: Resource): string[] {
  return (r.annotations.get(HOOK_ANNOTATION)?.value ?? '').split(',').map((e) => e.trim()).filter(Boolean);
}
