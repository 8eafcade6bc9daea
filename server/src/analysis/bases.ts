// Several bases at once: HEAD and what is most likely deployed (the merge-base with the upstream branch), or a list
// the user gives. A finding that compares with a base is reported when any base shows it, once. Pure: git answers
// come in as data.
import type { Finding } from './findings';

/** One base: what git (or the archive reader) resolves, and what users read. */
export interface BaseSpec {
  ref: string;
  label: string;
}

/** What git said about the repository, for the default list. */
export interface RepositoryRefs {
  /** HEAD's commit; absent before the first commit. */
  head?: string;
  /** The upstream branch (`@{upstream}`, else the remote's default branch `origin/HEAD`), by its short name. */
  upstream?: string;
  /** The merge-base of HEAD and the upstream branch. */
  mergeBase?: string;
}

/**
 * The bases when none are configured: HEAD, plus the merge-base with the upstream branch when it is another commit
 * (a change committed but not yet merged is still compared with what the branch started from).
 */
export function defaultBases(refs: RepositoryRefs): BaseSpec[] {
  const out: BaseSpec[] = [{ ref: 'HEAD', label: 'HEAD' }];
  if (refs.head && refs.upstream && refs.mergeBase && refs.mergeBase !== refs.head) {
    out.push({ ref: refs.mergeBase, label: `${refs.upstream} (merge-base ${refs.mergeBase.slice(0, 8)})` });
  }
  return out;
}

/** Configured refs as bases, duplicates dropped (a ref names itself). */
export function configuredBases(refs: readonly string[]): BaseSpec[] {
  return [...new Set(refs.map((r) => r.trim()).filter(Boolean))].map((ref) => ({ ref, label: ref }));
}

/** What makes two findings of different bases the same finding: the rule, the place, the object. */
export function sameFindingKey(f: Finding): string {
  const s = f.location.range.start;
  const r = f.resource;
  return [f.rule, f.location.path, s.line, s.character, r ? `${r.kind}/${r.namespace}/${r.name}` : ''].join('\0');
}

/** The findings of rules that compare with a base, per base in the order of the bases, as one list: each finding
 *  once, named by the first base that shows it. */
export function mergeBaseFindings(perBase: { label: string; findings: Finding[] }[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const { label, findings } of perBase) {
    for (const f of findings) {
      const key = sameFindingKey(f);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...f, base: f.base ?? label });
    }
  }
  return out;
}
