// The function map Helm installs: Go builtins, Sprig (minus env/expandenv) and Helm's own functions.
// Later maps override earlier ones, as text/template lets user functions shadow builtins (Sprig's `slice`).

import type { FuncDef, FuncMap, Nondeterminism } from '../exec';
import { BUILTINS } from './builtins';
import { CRYPTO_FUNCS } from './crypto';
import { COLLECTION_FUNCS } from './collections';
import { DATE_FUNCS } from './dates';
import { HELM4_FUNCS, HELM_FUNCS } from './helm';
import { MISC_FUNCS, SEMVER33_FUNCS } from './misc';
import { STRING_FUNCS } from './strings';

const helmFuncs = new Map<3 | 4, FuncMap>();

/** Every function available to chart templates of Helm `major` (3.17.3 or 4.1.4). */
export function helmFuncMap(major: 3 | 4 = 3): FuncMap {
  let found = helmFuncs.get(major);
  if (!found) {
    const m = new Map<string, FuncDef>();
    const extra = major === 4 ? [HELM4_FUNCS] : [SEMVER33_FUNCS];
    for (const group of [BUILTINS, STRING_FUNCS, COLLECTION_FUNCS, MISC_FUNCS, CRYPTO_FUNCS, DATE_FUNCS, HELM_FUNCS, ...extra]) {
      for (const [k, v] of Object.entries(group)) m.set(k, v);
    }
    helmFuncs.set(major, (found = m));
  }
  return found;
}

/** What tools outside the engine may know about a template function. */
export interface FunctionInfo {
  name: string;
  /** Whose definition Helm's templates get: `go` (text/template's builtins), `sprig` or `helm` (pkg/engine/funcs.go). */
  origin: 'go' | 'sprig' | 'helm';
  /** Set when two renders of the same input can give different results. */
  nondeterministic?: Nondeterminism;
}

const SPRIG = [STRING_FUNCS, COLLECTION_FUNCS, MISC_FUNCS, CRYPTO_FUNCS, DATE_FUNCS];

let table: ReadonlyMap<string, FunctionInfo> | undefined;

/** Every template function by name, with its metadata, in the function map's order. */
export function templateFunctions(): ReadonlyMap<string, FunctionInfo> {
  if (!table) {
    const m = new Map<string, FunctionInfo>();
    for (const [name, def] of helmFuncMap()) {
      // The definition that wins decides: Helm's overrides Sprig's (toYaml, toJson), Sprig's shadows Go's (slice).
      const origin = name in HELM_FUNCS ? 'helm' : SPRIG.some((g) => name in g) ? 'sprig' : 'go';
      m.set(name, { name, origin, ...(def.nondeterministic ? { nondeterministic: def.nondeterministic } : {}) });
    }
    table = m;
  }
  return table;
}
