// Budgets that keep a hostile or runaway template from hanging or exhausting the editor. Helm has no such limits (it
// would allocate or loop until killed); we stop with a located error instead. Tests may lower them.

export const LIMITS = {
  /** Wall-clock budget for rendering one template file (ms). */
  timeMs: 5_000,
  /** Longest string a pipeline may produce (UTF-16 code units). */
  maxString: 32 * 1024 * 1024,
  /** Most elements `until`/`untilStep`/`seq` may produce. */
  maxList: 1_000_000,
};

/** Thrown by functions when a budget is exceeded (reported like any function error, at the calling action). */
export class LimitError extends Error {}

export function checkListSize(what: string, n: number): void {
  if (n > LIMITS.maxList) throw new LimitError(`${what}: ${n} elements exceed the renderer's limit of ${LIMITS.maxList}`);
}

export function checkStringSize(what: string, n: number): void {
  if (n > LIMITS.maxString) throw new LimitError(`${what}: a string of ${n} characters exceeds the renderer's limit of ${LIMITS.maxString}`);
}
