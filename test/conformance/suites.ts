// Conformance suites from test files other people wrote, translated to tiny charts at test time: Go's text/template
// exec, parse, error and number tables, and Sprig's runt/runtv calls. Each case runs its template through Helm's
// `tpl` with the case's data as `.`, and prints the output base64-encoded (any bytes compare exactly, and the YAML
// stays valid); Helm's tpl reports Go's parse and exec errors in full.
import { templateFunctions } from '../../server/src/engine';
import type { OracleCase } from '../helpers/oracle';
import { callArguments, entryFields, goTemplateDir, readSource, splitTopLevel, sprigDir, stringExpr, tableEntries, unquoteGoString } from './goSource';

export interface Suite {
  name: string;
  /** Where the cases come from (file and table). */
  source: string;
  cases: OracleCase[];
  /** Cases that cannot be translated to a chart, with the reason (counted, never silently dropped). */
  untranslatable: { name: string; reason: string }[];
}

/** A chart whose one template runs `text` through tpl with `data` (YAML text of a value, or undefined for nil). */
export function tplCase(name: string, text: string, data: string | undefined): OracleCase {
  const nondeterministic = [...templateFunctions().values()].some((f) => f.nondeterministic && new RegExp(`(?<![\\w.$])${f.name}(?![\\w])`).test(text));
  return {
    name,
    files: {
      't.tmpl': text,
      'values.yaml': data === undefined ? '' : `data: ${data}\n`,
      'templates/t.yaml': '{{- $out := tpl (.Files.Get "t.tmpl") .Values.data }}\nout: {{ $out | b64enc | quote }}\n',
    },
    compare: nondeterministic ? 'status' : 'exact',
  };
}

// ---- Go's text/template ----

/** tVal of exec_test.go as values: its data fields (methods and func fields cannot be values). */
const T_VAL = `{"True": true, I: 17, U16: 16, X: x, S: xyz, U: {V: v}, SI: [3, 4, 5], SICap: [0, 0, 0, 0, 0], SIEmpty: [], SB: [true, false], AI: [3, 4, 5], MSI: {one: 1, two: 2, three: 3}, MSIone: {one: 1}, MSIEmpty: {}, MXI: {one: 1}, MII: {"1": 1}, MI32S: {"1": one, "2": two}, MI64S: {"2": i642, "3": i643}, MUI32S: {"2": u322, "3": u323}, MUI64S: {"2": ui642, "3": ui643}, MI8S: {"2": i82, "3": i83}, MUI8S: {"2": u82, "3": u83}, SMSI: [{one: 1, two: 2}, {eleven: 11, twelve: 12}], Empty1: 3, Empty2: empty2, Empty3: [7, 8], Empty4: {V: UinEmpty}, NonEmptyInterface: {X: x}, PI: 23, PS: "a string", PSI: [21, 22, 23], Str: foozle, Err: erroozle}`;

/** A Go data expression of a test table as YAML, or undefined when it has no values form. */
function goDataYaml(expr: string): string | undefined {
  const e = expr.trim();
  if (e === 'nil') return undefined;
  if (e === 'tVal') return T_VAL;
  if (e === 'T{}') return '{}';
  if (/^-?\d+(\.\d+)?$/.test(e) || e === 'true' || e === 'false') return e;
  const u = /^uint\((\d+)\)$/.exec(e);
  if (u) return u[1];
  if (/^'.'$/.test(e)) return String(e.codePointAt(1));
  if (e.startsWith('"') || e.startsWith('`')) return JSON.stringify(stringExpr(e));
  const lit = /^(\[\]\w+|map\[string\]\w+)\{([\s\S]*)\}$/.exec(e);
  if (lit) {
    const parts = splitTopLevel(lit[2]);
    if (lit[1].startsWith('[]')) {
      const items = parts.map(goDataYaml);
      return items.some((x) => x === undefined) ? undefined : `[${items.join(', ')}]`;
    }
    const kv = parts.map((p) => /^("(?:[^"\\]|\\.)*")\s*:\s*([\s\S]+)$/.exec(p));
    if (kv.some((m) => !m)) return undefined;
    const vals = kv.map((m) => [JSON.stringify(unquoteGoString(m![1])), goDataYaml(m![2])]);
    if (vals.some(([, v]) => v === undefined)) return undefined;
    return `{${vals.map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
  }
  return undefined;
}

const BIG = { bigInt: '0x7fffffffffffffff', bigUint: '0x8000000000000000' };

/** Names a template uses as functions or fields, to spot what only the Go test's own code defines. */
function uses(text: string, names: Set<string>): string | undefined {
  for (const m of text.matchAll(/(?<![\w$])(\.?)([A-Za-z_]\w*)/g)) {
    const key = (m[1] ? '.' : '') + m[2];
    if (names.has(key)) return key;
  }
  return undefined;
}

export function goSuites(): Suite[] {
  const dir = goTemplateDir();
  const exec = readSource(dir, 'exec_test.go');
  // The test's own functions (testExecute's FuncMap) that Helm does not have, and the methods and func fields of its
  // types: a chart's values are plain data.
  const own = new Set<string>();
  const fm = /funcs := FuncMap\{([\s\S]*?)\n\t\}/.exec(exec);
  for (const m of (fm?.[1] ?? '').matchAll(/"(\w+)":/g)) if (!templateFunctions().has(m[1])) own.add(m[1]);
  for (const m of exec.matchAll(/^func \(\w+ \*?[TUVW]\) (\w+)\(/gm)) own.add('.' + m[1]);
  for (const f of ['BinaryFunc', 'VariadicFunc', 'VariadicFuncInt', 'NilOKFunc', 'ErrFunc', 'PanicFunc', 'Tmpl', 'V0', 'V1', 'V2', 'W0', 'W1', 'W2', 'NonEmptyInterfacePtS', 'NonEmptyInterfaceNil', 'NonEmptyInterfaceTypedNil', 'UPI', 'EmptyUPI', 'NIL']) own.add('.' + f);

  const execSuite: Suite = { name: 'go text/template exec', source: `${dir}/exec_test.go execTests`, cases: [], untranslatable: [] };
  for (const entry of tableEntries(exec, 'execTests')) {
    const [nameLit, inputExpr, , dataExpr] = entryFields(entry);
    const name = stringExpr(nameLit) ?? nameLit;
    const input = stringExpr(inputExpr, BIG);
    const data = goDataYaml(dataExpr);
    const own1 = input === undefined ? undefined : uses(input, own);
    if (input === undefined) execSuite.untranslatable.push({ name, reason: `template is not a constant: ${inputExpr}` });
    else if (data === undefined && dataExpr.trim() !== 'nil') execSuite.untranslatable.push({ name, reason: `data has no values form: ${dataExpr}` });
    else if (own1) execSuite.untranslatable.push({ name, reason: `uses ${own1}, defined only by the Go test` });
    else execSuite.cases.push(tplCase(`exec/${name}`, input, data));
  }

  const parse = readSource(dir, 'parse/parse_test.go');
  const parseSuite: Suite = { name: 'go text/template parse', source: `${dir}/parse/parse_test.go parseTests, errorTests`, cases: [], untranslatable: [] };
  for (const table of ['parseTests', 'errorTests']) {
    for (const entry of tableEntries(parse, table)) {
      const [nameLit, inputExpr] = entryFields(entry);
      const name = `${table}/${stringExpr(nameLit) ?? nameLit}`;
      const input = stringExpr(inputExpr);
      if (input === undefined) parseSuite.untranslatable.push({ name, reason: `template is not a constant: ${inputExpr}` });
      else parseSuite.cases.push(tplCase(name, input, T_VAL));
    }
  }
  const numberSuite: Suite = { name: 'go text/template numbers', source: `${dir}/parse/parse_test.go numberTests`, cases: [], untranslatable: [] };
  for (const entry of tableEntries(parse, 'numberTests')) {
    const text = stringExpr(entryFields(entry)[0].replace(/^text:\s*/, ''));
    if (text === undefined) numberSuite.untranslatable.push({ name: entry.slice(0, 40), reason: 'not a constant' });
    else numberSuite.cases.push(tplCase(`number/${text}`, `{{ ${text} }}|{{ typeOf ${text} }}`, undefined));
  }
  return [execSuite, parseSuite, numberSuite];
}

// ---- Sprig ----

const SPRIG_FILES = ['crypto_test.go', 'date_test.go', 'defaults_test.go', 'dict_test.go', 'functions_test.go', 'issue_188_test.go', 'list_test.go', 'numeric_test.go', 'reflect_test.go', 'semver_test.go', 'strings_test.go', 'url_test.go', 'functions_linux_test.go'];

/** The value of identifier `id` at `at`: its last `id := <string>` / `id = <string>` before, in the same file. */
function lastAssigned(src: string, id: string, at: number): string | undefined {
  const re = new RegExp(`\\b${id}\\s*:?=\\s*`, 'g');
  let found: string | undefined;
  for (let m = re.exec(src); m && m.index < at; m = re.exec(src)) {
    // The expression: literals joined by +, possibly over several lines.
    const rest = src.slice(m.index + m[0].length);
    const e = /^((?:"(?:[^"\\\n]|\\.)*"|`[^`]*`)(?:\s*\+\s*(?:"(?:[^"\\\n]|\\.)*"|`[^`]*`))*)/.exec(rest);
    found = e ? stringExpr(e[1]) : undefined;
  }
  return found;
}

export function sprigSuite(): Suite {
  const dir = sprigDir();
  const suite: Suite = { name: 'sprig runt/runtv', source: `${dir}/*_test.go runt and runtv calls`, cases: [], untranslatable: [] };
  let n = 0;
  for (const file of SPRIG_FILES) {
    let src: string;
    try {
      src = readSource(dir, file);
    } catch {
      continue;
    }
    // Map-literal tables ranged over as `for tpl, expect := range tests`.
    for (const m of src.matchAll(/(\w+) := map\[string\]string\{/g)) {
      const open = m.index! + m[0].length - 1;
      const body = src.slice(open);
      let depth = 0;
      let end = 0;
      for (let i = 0; i < body.length; i++) {
        if (body[i] === '{') depth++;
        else if (body[i] === '}' && --depth === 0) {
          end = i;
          break;
        }
      }
      const uses = new RegExp(`for (\\w+), \\w+ := range ${m[1]} \\{[\\s\\S]{0,200}?runtv?\\(\\1`).test(src.slice(open));
      if (!uses) continue;
      for (const kv of splitTopLevel(body.slice(1, end))) {
        const k = /^((?:"(?:[^"\\]|\\.)*"|`[^`]*`))\s*:/.exec(kv);
        const text = k ? stringExpr(k[1]) : undefined;
        if (text === undefined) suite.untranslatable.push({ name: `${file}#${++n}`, reason: `table key is not a constant: ${kv.slice(0, 60)}` });
        else suite.cases.push(tplCase(`${file}#${++n} ${text.slice(0, 60)}`, text, undefined));
      }
    }
    for (const fn of ['runt', 'runtv']) {
      const re = new RegExp(`\\b${fn}\\(`, 'g');
      const calls = callArguments(src, fn);
      let k = 0;
      for (let m = re.exec(src); m; m = re.exec(src), k++) {
        if (/func\s+$/.test(src.slice(Math.max(0, m.index - 6), m.index))) continue; // the definition itself
        const args = calls[k];
        if (!args || args.length < 2) continue;
        const name = `${file}#${++n}`;
        const tplArg = args[0];
        let text = stringExpr(tplArg);
        if (text === undefined && /^\w+$/.test(tplArg)) {
          // A range variable over a map table was expanded above; a plain local is resolved here.
          if (new RegExp(`for ${tplArg}, \\w+ := range`).test(src.slice(Math.max(0, m.index - 400), m.index))) continue;
          text = lastAssigned(src, tplArg, m.index);
        }
        if (text === undefined) {
          suite.untranslatable.push({ name, reason: `template is computed: ${tplArg.slice(0, 60)}` });
          continue;
        }
        let data: string | undefined;
        if (fn === 'runtv') {
          const v = args[2].replace(/^map\[string\](?:interface\{\}|any|string)/, 'map[string]any');
          const lit = /^map\[string\]any\{([\s\S]*)\}$/.exec(v);
          const parts = lit ? splitTopLevel(lit[1]).map((p) => /^("(?:[^"\\]|\\.)*")\s*:\s*([\s\S]+)$/.exec(p)) : [];
          const vals = parts.map((p) => (p ? [JSON.stringify(unquoteGoString(p[1])), goDataYaml(p[2])] : [undefined, undefined]));
          if (!lit || vals.some(([kk, vv]) => kk === undefined || vv === undefined)) {
            suite.untranslatable.push({ name, reason: `data has no values form: ${args[2].replace(/\s+/g, ' ').slice(0, 80)}` });
            continue;
          }
          data = `{${vals.map(([kk, vv]) => `${kk}: ${vv}`).join(', ')}}`;
        }
        suite.cases.push(tplCase(`${name} ${text.slice(0, 60)}`, text, data));
      }
    }
  }
  return suite;
}
