// values.schema.json validation against Helm 3.17.3 (gojsonschema, drafts 4, 6 and 7) and Helm 4.1.4
// (santhosh-tekuri/jsonschema v6.0.2, drafts 4 to 2020-12): the same charts pass, and the same violations are reported
// in the same words. Helm prints violations in map order (random between runs), so the lines of a Helm 3 message,
// and the sibling errors at every depth of Helm 4's error tree, are compared as sets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { helmOutcomes, ourOutcome, type OracleCase, type Outcome } from '../helpers/oracle';

const schemaCase = (name: string, schema: object, values: string, draft = 'http://json-schema.org/draft-07/schema#'): OracleCase => ({
  name,
  files: {
    'values.schema.json': JSON.stringify({ $schema: draft, ...schema }),
    'values.yaml': values,
    'templates/x.yaml': 'kind: ConfigMap\nmetadata:\n  name: x\n',
  },
});

export const SCHEMA_CASES: OracleCase[] = [
  schemaCase('type', { properties: { a: { type: 'string' }, b: { type: 'integer' }, c: { type: ['number', 'null'] } } }, 'a: 1\nb: 1.5\nc: x\n'),
  schemaCase('required', { required: ['a', 'b'], properties: { n: { type: 'object', required: ['x'] } } }, 'a: 1\nn: {}\n'),
  schemaCase('enum and const', { properties: { a: { enum: ['x', 'y'] }, b: { const: 3 } } }, 'a: z\nb: 4\n'),
  schemaCase('string keywords', { properties: { a: { minLength: 3 }, b: { maxLength: 1 }, c: { pattern: '^[a-z]+$' } } }, 'a: ab\nb: abc\nc: A1\n'),
  schemaCase('number keywords', { properties: { a: { minimum: 5 }, b: { maximum: 1 }, c: { exclusiveMinimum: 2 }, d: { exclusiveMaximum: 2 }, e: { multipleOf: 3 } } }, 'a: 4\nb: 2\nc: 2\nd: 2\ne: 7\n'),
  schemaCase('draft 4 boolean exclusiveMinimum', { properties: { a: { minimum: 2, exclusiveMinimum: true } } }, 'a: 2\n', 'http://json-schema.org/draft-04/schema#'),
  schemaCase('array keywords', { properties: { a: { minItems: 2 }, b: { maxItems: 1 }, c: { uniqueItems: true }, d: { items: { type: 'integer' } }, e: { contains: { const: 'x' } } } }, 'a: [1]\nb: [1, 2]\nc: [1, 1]\nd: [1, a]\ne: [y]\n', 'http://json-schema.org/draft-06/schema#'),
  schemaCase('object keywords', { properties: { a: { additionalProperties: false, properties: { x: {} } }, b: { minProperties: 2 }, c: { maxProperties: 1 }, d: { propertyNames: { pattern: '^[a-z]+$' } } } }, 'a: {x: 1, y: 2}\nb: {p: 1}\nc: {p: 1, q: 2}\nd: {Bad: 1}\n'),
  schemaCase('combinators', { properties: { a: { anyOf: [{ type: 'string' }, { type: 'integer' }] }, b: { oneOf: [{ minimum: 1 }, { minimum: 2 }] }, c: { allOf: [{ type: 'integer' }, { minimum: 5 }] }, d: { not: { type: 'string' } } } }, 'a: 1.5\nb: 3\nc: 4\nd: s\n'),
  schemaCase('if then else', { properties: { a: { if: { type: 'string' }, then: { minLength: 3 }, else: { minimum: 10 } }, b: { if: { type: 'string' }, then: { minLength: 3 }, else: { minimum: 10 } } } }, 'a: ab\nb: 5\n'),
  schemaCase('$ref and definitions', { definitions: { port: { type: 'integer', minimum: 1 } }, properties: { p: { $ref: '#/definitions/port' }, q: { $ref: '#/definitions/port' } } }, 'p: 0\nq: x\n'),
  schemaCase('dependencies', { properties: { a: {}, b: {} }, dependencies: { a: ['b'] } }, 'a: 1\n'),
  schemaCase('nested list paths', { properties: { l: { type: 'array', items: { type: 'object', properties: { n: { type: 'string' } } } } } }, 'l:\n  - n: 1\n  - n: ok\n'),
  schemaCase('valid values', { properties: { a: { type: 'string' }, b: { type: 'array', items: { type: 'integer' } } }, required: ['a'] }, 'a: x\nb: [1, 2]\n'),
  schemaCase('formats gojsonschema checks, failing', { properties: { a: { format: 'ipv4' }, b: { format: 'email' }, c: { format: 'date-time' }, d: { format: 'date' }, e: { format: 'hostname' }, f: { format: 'uuid' }, g: { format: 'ipv6' }, h: { format: 'uri' }, i: { format: 'regex' } } }, 'a: 999.1.1.1\nb: nope\nc: yesterday\nd: "2024-02-30"\ne: -bad-\nf: 123\ng: "1::2::3"\nh: no-scheme\ni: "a("\n'),
  schemaCase('formats gojsonschema checks, passing', { properties: { a: { format: 'ipv4' }, b: { format: 'email' }, c: { format: 'date-time' }, d: { format: 'date' }, e: { format: 'hostname' }, f: { format: 'uuid' }, g: { format: 'ipv6' }, h: { format: 'uri' }, i: { format: 'regex' }, j: { format: 'port-number' } } }, 'a: 10.0.0.1\nb: a@b.example\nc: "2024-02-29T10:00:00Z"\nd: "2024-02-29"\ne: my-host.example\nf: 123e4567-e89b-12d3-a456-426614174000\ng: "::1"\nh: "https://x.example/p?q"\ni: "^a+$"\nj: anything\n'),
];

const lines = (o: Outcome) => (o.ok ? o.text : o.text.split('\n').sort().join('\n'));

test('values.schema.json violations are Helm 3.17.3\'s', async () => {
  const helm = await helmOutcomes(SCHEMA_CASES);
  const bad: string[] = [];
  SCHEMA_CASES.forEach((c, i) => {
    const ours = ourOutcome(c);
    if (helm[i].ok !== ours.ok || lines(helm[i]) !== lines(ours)) bad.push(`${c.name}\n  helm: ${JSON.stringify(helm[i].text)}\n  ours: ${JSON.stringify(ours.text)}`);
  });
  assert.equal(bad.length, 0, `${bad.length}/${SCHEMA_CASES.length} disagree:\n${bad.join('\n')}`);
});

// What Helm 4 reads differently: draft 2020-12 by default, dependentRequired, and its own words for every keyword.
// One additional property per object: Helm 4 lists several in map order, inside one line.
const D2020 = 'https://json-schema.org/draft/2020-12/schema';
export const SCHEMA_CASES_4: OracleCase[] = [
  schemaCase('dependentRequired (2020-12)', { properties: { a: {}, b: {} }, dependentRequired: { a: ['b', 'c'] } }, 'a: 1\n', D2020),
  schemaCase('dependentRequired satisfied', { dependentRequired: { a: ['b'] } }, 'a: 1\nb: 2\n', D2020),
  schemaCase('no $schema: 2020-12', { required: ['x'], properties: { a: { type: 'string' }, n: { enum: [1, 2] } } }, 'a: 1\nn: 3\n'),
  schemaCase('additionalProperties, one each', { additionalProperties: false, properties: { a: { additionalProperties: false, properties: { x: {} } } } }, 'a: {x: 1, z: 3}\nq: 1\n'),
  schemaCase('numbers through the message printer', { properties: { a: { minimum: 1000000 }, b: { maximum: 0.00001 }, c: { minimum: 123456 }, d: { multipleOf: 0.5 } } }, 'a: 5\nb: 1\nc: 1.5\nd: 0.3\n'),
  schemaCase('a group of errors at one value', { properties: { s: { minLength: 3, pattern: '^x' } } }, 's: ab\n'),
  schemaCase('enum of one, const', { properties: { a: { enum: ['only'] }, b: { const: 'x' }, c: { const: [1] } } }, 'a: z\nb: y\nc: [2]\n', D2020),
  schemaCase('nested causes under a property', { properties: { o: { type: 'object', required: ['a', 'b'], properties: { c: { type: 'integer' } } } } }, 'o:\n  c: x\n', D2020),
  schemaCase('prefixItems and items (2020-12)', { properties: { l: { prefixItems: [{ type: 'string' }], items: { type: 'integer' } } } }, 'l: [1, x, 2]\n', D2020),
  schemaCase('contains, minContains', { properties: { a: { contains: { const: 'x' } }, b: { contains: { const: 'x' }, minContains: 2 } } }, 'a: [y, z]\nb: [x, y]\n', D2020),
  schemaCase('$ref with several causes', { $defs: { p: { type: 'object', required: ['a', 'b'] } }, properties: { r: { $ref: '#/$defs/p' } } }, 'r: {}\n', D2020),
  schemaCase('draft-07 format', { properties: { a: { format: 'ipv4' }, b: { format: 'ipv4' }, c: { format: 'uuid' } } }, 'a: 999.1.1.1\nb: 1.2.3\nc: 123\n'),
  schemaCase(
    'draft-07 formats with Go parsers behind them',
    { properties: { a: { format: 'regex' }, b: { format: 'regex' }, d: { format: 'date-time' }, e: { format: 'date-time' }, f: { format: 'date' }, g: { format: 'date' }, h: { format: 'ipv6' }, j: { format: 'email' }, k: { format: 'hostname' }, l: { format: 'date' } } },
    'a: "a)"\nb: "[a"\nd: "2024-01-01 10:00:00Z"\ne: "2024-13-01T10:00:00Z"\nf: "2024-13-01"\ng: "24-01-01"\nh: nocolon\nj: "a@@b"\nk: "a_b"\nl: "2023-02-29"\n',
  ),
  schemaCase('2020-12 formats only annotate', { properties: { a: { format: 'ipv4' } } }, 'a: nope\n', D2020),
];

/** Helm 4's message with the sibling errors of every depth in one order (Helm prints them in map order). */
function tree(o: Outcome): string {
  if (o.ok) return o.text;
  const lines = o.text.split('\n');
  const head = lines.findIndex((l) => l.startsWith('- '));
  if (head < 0) return o.text;
  type Node = { line: string; children: Node[] };
  const root: Node = { line: '', children: [] };
  const stack: { depth: number; node: Node }[] = [{ depth: -1, node: root }];
  const tail: string[] = [];
  for (const l of lines.slice(head)) {
    const m = /^( *)- /.exec(l);
    if (!m) {
      tail.push(l);
      continue;
    }
    const depth = m[1].length / 2;
    while (stack[stack.length - 1].depth >= depth) stack.pop();
    const node = { line: l, children: [] };
    stack[stack.length - 1].node.children.push(node);
    stack.push({ depth, node });
  }
  const show = (n: Node): string => [n.line, ...n.children.map(show).sort()].join('\n');
  return [...lines.slice(0, head), ...root.children.map(show).sort(), ...tail].join('\n');
}

test("values.schema.json violations under Helm 4 are Helm 4.1.4's", async () => {
  const cases = [...SCHEMA_CASES, ...SCHEMA_CASES_4];
  const helm = await helmOutcomes(cases, '4');
  const bad: string[] = [];
  cases.forEach((c, i) => {
    const ours = ourOutcome(c, '4');
    if (helm[i].ok !== ours.ok || tree(helm[i]) !== tree(ours)) bad.push(`${c.name}\n  helm: ${JSON.stringify(helm[i].text)}\n  ours: ${JSON.stringify(ours.text)}`);
  });
  assert.equal(bad.length, 0, `${bad.length}/${cases.length} disagree:\n${bad.join('\n')}`);
});

// Random schemas (drafts 6, 7, 2019-09, 2020-12 and none) and values, each a chart: Helm 4's message and ours agree.
// Fixed seed; HHG_SCHEMA_SEED and HHG_SCHEMA_COUNT explore further. Schemas the metaschema rejects are not generated.
const SEED = Number(process.env.HHG_SCHEMA_SEED ?? 20261202);
const COUNT = Number(process.env.HHG_SCHEMA_COUNT ?? 60);

function randomCases(seed: number, count: number): OracleCase[] {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const schema = (d: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (let i = 0, n = 1 + Math.floor(rnd() * 2); i < n; i++) {
      const deeper = d < 3;
      switch (pick(['type', 'enum', 'const', 'minimum', 'maxLength', 'pattern', 'props', 'items', 'anyOf', 'oneOf', 'allOf', 'not', 'required', 'minItems', 'uniqueItems', 'if', 'addl', 'contains', 'multipleOf', 'exclusiveMaximum'] as const)) {
        case 'type': out.type = rnd() < 0.3 ? [pick(['string', 'integer', 'null']), pick(['number', 'boolean', 'object'])] : pick(['string', 'integer', 'number', 'object', 'array', 'boolean']); break;
        case 'enum': out.enum = rnd() < 0.5 ? ['a', 'b', 3] : [pick(['x', 1, true])]; break;
        case 'const': out.const = pick(['x', 2, false]); break;
        case 'minimum': out.minimum = pick([0, 5, 2.5, 1500]); break;
        case 'maxLength': out.maxLength = pick([0, 2]); break;
        case 'pattern': out.pattern = pick(['^a', 'b$', '[0-9]']); break;
        case 'props': if (deeper) out.properties = { p: schema(d + 1), q: schema(d + 1) }; break;
        case 'items': if (deeper) out.items = schema(d + 1); break;
        case 'anyOf': case 'oneOf': case 'allOf': if (deeper) out[pick(['anyOf', 'oneOf', 'allOf'])] = [schema(d + 1), schema(d + 1)]; break;
        case 'not': if (deeper) out.not = schema(d + 1); break;
        case 'required': out.required = pick([['p'], ['p', 'q'], ['z']]); break;
        case 'minItems': out.minItems = 2; break;
        case 'uniqueItems': out.uniqueItems = true; break;
        case 'if': if (deeper) Object.assign(out, { if: schema(d + 1), then: schema(d + 1), else: schema(d + 1) }); break;
        case 'addl': out.additionalProperties = false; break;
        case 'contains': if (deeper) out.contains = schema(d + 1); break;
        case 'multipleOf': out.multipleOf = pick([2, 0.5]); break;
        case 'exclusiveMaximum': Object.assign(out, { exclusiveMaximum: pick([1, 10]), maximum: 10 }); break;
      }
    }
    return out;
  };
  const value = (d: number): unknown => {
    const r = rnd();
    if (d > 2) return pick(['a', 'bb', 3, 2.5, true, null, 1500]);
    if (r < 0.3) return { p: value(d + 1), q: value(d + 1), ...(rnd() < 0.3 ? { z: 1 } : {}) };
    if (r < 0.5) return [value(d + 1), value(d + 1)];
    return pick(['a', 'ab', 'b', 'x', 3, 4, 2.5, true, false, null, 1500, 0]);
  };
  const drafts = [undefined, 'http://json-schema.org/draft-07/schema#', 'http://json-schema.org/draft-06/schema#', 'https://json-schema.org/draft/2019-09/schema', D2020];
  return Array.from({ length: count }, (_, i) => {
    const draft = pick(drafts);
    const sch = { ...(draft ? { $schema: draft } : {}), type: 'object', properties: { p: schema(1), q: schema(1) } };
    return { name: `random ${seed}/${i}`, files: { 'values.schema.json': JSON.stringify(sch), 'values.yaml': JSON.stringify({ p: value(1), q: value(1) }) + '\n', 'templates/x.yaml': 'kind: ConfigMap\nmetadata:\n  name: x\n' } };
  });
}

// Helm lists several additional properties in map order, inside one line.
const unordered = (t: string) => tree({ ok: false, text: t }).replace(/additional properties (.*) not allowed/g, (_, l: string) => `additional properties ${l.split(', ').sort().join(', ')} not allowed`);

test(`random values.schema.json cases agree with Helm 4.1.4 (seed ${SEED}, ${COUNT} cases)`, async () => {
  const cases = randomCases(SEED, COUNT);
  const helm = await helmOutcomes(cases, '4');
  const bad: string[] = [];
  cases.forEach((c, i) => {
    const ours = ourOutcome(c, '4');
    if (helm[i].ok !== ours.ok || (!ours.ok && unordered(helm[i].text) !== unordered(ours.text))) bad.push(`${c.name} ${c.files['values.schema.json']} ${c.files['values.yaml']}\n  helm: ${JSON.stringify(helm[i].text)}\n  ours: ${JSON.stringify(ours.text)}`);
  });
  assert.equal(bad.length, 0, `${bad.length}/${cases.length} disagree:\n${bad.join('\n')}`);
});
