// Random Go templates from the grammar, for property tests: literals, fields on a fixed values tree, variables,
// pipelines through a safe set of functions, if/else, with/else, range, trim markers and comments. Generated templates
// never fail at run time (functions only get argument types they accept), so one failure cannot hide the others.

/** The values every generated template renders against. */
export const PROPERTY_VALUES = `a: hello
n: 3
f: 1.5
neg: -2
b: true
off: false
empty: ""
zero: 0
nil: null
list: [1, "two", 3.5, true]
strs: [x, y, z]
m:
  x: X
  y: 2
  z:
    deep: d
  e: []
`;

/** mulberry32: a small deterministic PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIELDS = ['a', 'n', 'f', 'neg', 'b', 'off', 'empty', 'zero', 'nil', 'list', 'strs', 'm', 'm.x', 'm.y', 'm.z', 'm.z.deep', 'm.e', 'missing', 'm.nope'];
const ANY_FUNCS = ['toString', 'quote', 'squote', 'toJson', 'kindOf', 'typeOf', 'empty', 'not', 'default "dflt"', 'print', 'toYaml', 'toStrings', 'coalesce "c"', 'toPrettyJson', 'int', 'float64', 'add 1', 'mul 2', 'max 1'];
// Left out (known differences, see the report): snakecase, camelcase, initials, nospace, swapcase on non-alphanumeric
// input, and wrap on whitespace runs.
const STRING_FUNCS = ['upper', 'lower', 'trim', 'title', 'b64enc', 'sha1sum', 'trunc 3', 'replace "l" "L"', 'nindent 2', 'indent 1', 'trimSuffix "o"', 'repeat 2', 'len', 'abbrev 5', 'splitList "e"', 'squote', 'quote'];
const VERBS = ['%v', '%s', '%d', '%q', '%x', '%t', '%5.2f', '%T', '%+v', '%g', '%e', '%-4v|', '%03d', '%%'];
const TEXT = ['a', 'b', ' ', '  ', '\n', ':', '-', 'x1', '\t', '#', '"', "'", 'é', '<', '>'];

export interface Gen {
  template(): string;
}

export function generator(seed: number): Gen {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const chance = (p: number): boolean => r() < p;
  let varCounter = 0;

  interface Ctx {
    /** Whether `.` is the root context (fields start at `.Values`). */
    rootDot: boolean;
    vars: string[];
    depth: number;
  }

  // No multi-byte characters in literals: Go slices strings by bytes (abbrev, trunc) and can leave invalid UTF-8.
  const str = (): string => '"' + Array.from({ length: Math.floor(r() * 6) }, () => pick(['a', 'b', 'l', 'o', ' ', 'E', '1', '\\n', '\\t', '%', '<'])).join('') + '"';

  function literal(): string {
    switch (Math.floor(r() * 6)) {
      case 0:
        return String(Math.floor(r() * 30) - 5);
      case 1:
        return pick(['1.5', '0.25', '2.0', '-3.75', '1e3', '0x1F', "'a'"]);
      case 2:
      case 3:
        return str();
      case 4:
        return pick(['true', 'false']);
      default:
        return pick(['`raw`', '"q\\"uote"']);
    }
  }

  function field(c: Ctx): string {
    return (c.rootDot && chance(0.6) ? '.Values.' : '$.Values.') + pick(FIELDS);
  }

  function operand(c: Ctx): string {
    const k = r();
    if (k < 0.3) return literal();
    if (k < 0.75) return field(c);
    if (k < 0.85 && c.vars.length) return pick(c.vars);
    if (k < 0.9 && !c.rootDot) return '.';
    if (c.depth < 3) return '(' + pipeline({ ...c, depth: c.depth + 1 }) + ')';
    return literal();
  }

  /** A pipeline that never fails: string-only functions only after a stage that yields a string. */
  function pipeline(c: Ctx): string {
    const k = r();
    let head: string;
    let isString = false;
    if (k < 0.55) head = operand(c);
    else if (k < 0.65) {
      head = `printf "${Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(VERBS)).join(' ')}" ${operand(c)} ${operand(c)}`;
      isString = true;
    } else if (k < 0.72) head = `${pick(['and', 'or'])} ${operand(c)} ${operand(c)}`;
    else if (k < 0.78) head = `list ${operand(c)} ${operand(c)}`;
    else if (k < 0.83) head = `dict "k" ${operand(c)} "j" ${operand(c)}`;
    else if (k < 0.88) head = `eq (toString ${operand(c)}) (toString ${operand(c)})`;
    else if (k < 0.93) head = `default ${operand(c)} ${operand(c)}`;
    else {
      head = `cat ${operand(c)} ${operand(c)}`;
      isString = true;
    }
    const stages: string[] = [];
    const n = Math.floor(r() * 4);
    for (let i = 0; i < n; i++) {
      if (isString && chance(0.6)) {
        const f = pick(STRING_FUNCS);
        stages.push(f);
        isString = !['len', 'splitList "e"'].includes(f);
      } else {
        const f = pick(ANY_FUNCS);
        stages.push(f);
        isString = ['toString', 'quote', 'squote', 'toJson', 'kindOf', 'typeOf', 'print', 'toYaml', 'toPrettyJson'].includes(f);
      }
    }
    return [head, ...stages].join(' | ');
  }

  const open = (): string => (chance(0.2) ? '{{- ' : '{{ ');
  const close = (): string => (chance(0.2) ? ' -}}' : ' }}');

  function text(): string {
    return Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(TEXT)).join('');
  }

  function body(c: Ctx, n: number): string {
    let out = '';
    const mark = c.vars.length;
    for (let i = 0; i < n; i++) {
      const k = r();
      if (k < 0.25) out += text();
      else if (k < 0.55) out += open() + pipeline(c) + close();
      else if (k < 0.62 && c.depth < 3) {
        const v = `$v${varCounter++}`;
        out += `${open()}${v} := ${pipeline(c)}${close()}`;
        c.vars.push(v);
      } else if (k < 0.66 && c.vars.length) {
        out += `${open()}${pick(c.vars)} = ${pipeline(c)}${close()}`;
      } else if (k < 0.76 && c.depth < 3) {
        const inner = { ...c, depth: c.depth + 1, vars: [...c.vars] };
        out += `${open()}if ${pipeline(c)}${close()}${body(inner, 2)}`;
        if (chance(0.3)) out += `${open()}else if ${pipeline(c)}${close()}${body({ ...inner, vars: [...c.vars] }, 2)}`;
        if (chance(0.5)) out += `${open()}else${close()}${body({ ...inner, vars: [...c.vars] }, 2)}`;
        out += `${open()}end${close()}`;
      } else if (k < 0.84 && c.depth < 3) {
        const inner: Ctx = { rootDot: false, depth: c.depth + 1, vars: [...c.vars] };
        out += `${open()}with ${pipeline(c)}${close()}${body(inner, 2)}`;
        if (chance(0.4)) out += `${open()}else${close()}${body({ ...c, depth: c.depth + 1, vars: [...c.vars] }, 1)}`;
        out += `${open()}end${close()}`;
      } else if (k < 0.92 && c.depth < 3) {
        const over = pick(['.Values.list', '.Values.strs', '.Values.m', '.Values.m.e', '.Values.missing', '(until 3)', '(list 1 2)', '(dict "b" 1 "a" 2)']);
        const i = `$i${varCounter}`;
        const v = `$e${varCounter++}`;
        const inner: Ctx = { rootDot: false, depth: c.depth + 1, vars: [...c.vars, i, v] };
        const src = c.rootDot ? over : over.replace(/^\.Values/, '$.Values');
        out += `${open()}range ${i}, ${v} := ${src}${close()}${body(inner, 2)}`;
        if (chance(0.3)) out += `${open()}else${close()}${text()}`;
        out += `${open()}end${close()}`;
      } else out += chance(0.5) ? '{{/* comment */}}' : '{{- /* trimmed */ -}}';
    }
    c.vars.length = mark;
    return out;
  }

  return {
    template(): string {
      return body({ rootDot: true, vars: [], depth: 0 }, 2 + Math.floor(r() * 5));
    },
  };
}
