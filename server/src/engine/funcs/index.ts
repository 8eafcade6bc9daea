// The function map Helm installs: Go builtins, Sprig (minus env/expandenv) and Helm's own functions.
// Later maps override earlier ones, as text/template lets user functions shadow builtins (Sprig's `slice`).

import type { FuncDef, FuncMap } from '../exec';
import { BUILTINS } from './builtins';
import { CRYPTO_FUNCS } from './crypto';
import { COLLECTION_FUNCS } from './collections';
import { DATE_FUNCS } from './dates';
import { HELM_FUNCS } from './helm';
import { MISC_FUNCS } from './misc';
import { STRING_FUNCS } from './strings';

let helmFuncs: FuncMap | undefined;

/** Every function available to chart templates. */
export function helmFuncMap(): FuncMap {
  if (!helmFuncs) {
    const m = new Map<string, FuncDef>();
    for (const group of [BUILTINS, STRING_FUNCS, COLLECTION_FUNCS, MISC_FUNCS, CRYPTO_FUNCS, DATE_FUNCS, HELM_FUNCS]) {
      for (const [k, v] of Object.entries(group)) m.set(k, v);
    }
    helmFuncs = m;
  }
  return helmFuncs;
}
