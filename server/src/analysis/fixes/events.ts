// Edits of a hook's event list, for rules that add or remove events.
import { HOOK_ANNOTATION } from '../../chart/hooks';
import type { Resource } from '../model';
import { replaceAnnotationValue, type EditContext } from './annotations';
import type { OffsetEdit } from './edits';

export function withEvents(ctx: EditContext, r: Resource, events: string[]): OffsetEdit | undefined {
  return replaceAnnotationValue(ctx, r, HOOK_ANNOTATION, events.join(','));
}

export function currentEvents(r: Resource): string[] {
  return (r.annotations.get(HOOK_ANNOTATION)?.value ?? '').split(',').map((e) => e.trim()).filter(Boolean);
}
