// Infos about the object an error or warning is already about, in the same file, are folded into that finding
// (its related information and its detail) instead of stacking squiggles on the error's own lines. Pure.
import type { Finding, Severity } from './findings';

const HOSTS: readonly Severity[] = ['error', 'warning'];
const FOLDED: readonly Severity[] = ['info', 'hint'];

const objectOf = (f: Finding) => (f.resource ? `${f.location.path}\0${f.resource.kind}\0${f.resource.namespace}\0${f.resource.name}` : undefined);
const isSuppression = (title: string) => title.startsWith('Suppress ');

/**
 * The findings with each info or hint that names the same object, in the same file, as an error or warning moved into
 * the most severe such finding (the first one of equal severity): a related location with its message, a line of the
 * detail, and its fixes after the host's own (not preferred there, so a fix-all applies the host's; no suppressions,
 * no duplicates). Order is kept.
 */
export function foldFindings(findings: readonly Finding[]): Finding[] {
  const hosts = new Map<string, Finding>();
  for (const f of findings) {
    const key = objectOf(f);
    if (!key || !HOSTS.includes(f.severity)) continue;
    const h = hosts.get(key);
    if (!h || HOSTS.indexOf(f.severity) < HOSTS.indexOf(h.severity)) hosts.set(key, f);
  }
  if (hosts.size === 0) return [...findings];
  const folded = new Map<Finding, Finding[]>();
  const out: Finding[] = [];
  for (const f of findings) {
    const key = objectOf(f);
    const host = key && FOLDED.includes(f.severity) ? hosts.get(key) : undefined;
    if (host && host.rule !== f.rule) folded.set(host, [...(folded.get(host) ?? []), f]);
    else out.push(f);
  }
  return out.map((f) => {
    const guests = folded.get(f);
    if (!guests) return f;
    const own = f.fix.filter((x) => !isSuppression(x.title));
    const suppress = f.fix.filter((x) => isSuppression(x.title));
    // Their fixes, without their suppressions (they show no squiggle to suppress) and without those that make the
    // same edits as one already offered (removing the hook fixes both).
    const seen = new Set(f.fix.map((x) => JSON.stringify(x.edits)));
    const theirs = guests.flatMap((g) => g.fix.filter((x) => !isSuppression(x.title)).map((x) => ({ ...x, isPreferred: false })));
    const fresh = theirs.filter((x) => {
      const key = JSON.stringify(x.edits);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return {
      ...f,
      detail: [f.detail, ...guests.map((g) => `Also (${g.rule}): ${g.message}`)].filter(Boolean).join('\n'),
      related: [...f.related, ...guests.map((g) => ({ ...g.location, message: `${g.rule} (${g.severity}): ${g.message}` }))],
      fix: [...own, ...fresh, ...suppress],
    };
  });
}
