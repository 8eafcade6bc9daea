// Differential testing against the real Helm: a case is a tiny chart; both `helm template` and our renderer (in
// process, through the same path as `helm-hook-guard render`) turn it into an outcome, the printed manifests or the
// error after `Error: `. Helm runs in parallel processes, two at a time (CI machines have two cores).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { helmTemplateOutput } from '../../server/src/chart/helmTemplate';
import { renderChart } from '../../server/src/chart/render';
import { helmBinary, helmEnv, type HelmMajor } from './helm';

export interface OracleCase {
  /** Shown in reports; unique within a suite. */
  name: string;
  /** Files by path relative to the chart root; `Chart.yaml` defaults to a minimal chart `c`. */
  files: Record<string, string | Uint8Array>;
  /** `status`: compare only success or failure (output that changes on every run: randomness, clocks, map order). */
  compare?: 'exact' | 'status';
}

export interface Outcome {
  ok: boolean;
  /** The manifests printed, or the error message (what follows `Error: `, Helm's hint included). */
  text: string;
}

const CHART = 'apiVersion: v2\nname: c\nversion: 0.1.0\n';

function withDefaults(c: OracleCase): Record<string, string | Uint8Array> {
  return { 'Chart.yaml': CHART, ...c.files };
}

/** Our outcome: renderChart + helm template's output and error selection. */
export function ourOutcome(c: OracleCase, major: HelmMajor = '3'): Outcome {
  const files = new Map<string, string>();
  const binaries = new Map<string, Uint8Array>();
  for (const [p, v] of Object.entries(withDefaults(c))) {
    if (typeof v === 'string') files.set(p, v);
    else binaries.set(p, v);
  }
  try {
    const rendered = renderChart({ files, binaries }, { releaseName: 'release-name', namespace: 'default', helmMajor: major === '4' ? 4 : 3 });
    const out = helmTemplateOutput(rendered);
    return out.error !== undefined ? { ok: false, text: out.error } : { ok: true, text: out.text };
  } catch (e) {
    return { ok: false, text: `CRASH: ${(e as Error).stack}` };
  }
}

function helmRun(dir: string, major: HelmMajor): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(helmBinary(major), ['template', 'release-name', dir, '--namespace', 'default'], { env: helmEnv(), maxBuffer: 64 << 20, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      if (!err) return resolve({ ok: true, text: stdout });
      const at = stderr.indexOf('Error: ');
      resolve({ ok: false, text: (at >= 0 ? stderr.slice(at + 'Error: '.length) : stderr || String(err)).replace(/\n$/, '') });
    });
  });
}

/** Helm's outcome for every case, in order. */
export async function helmOutcomes(cases: OracleCase[], major: HelmMajor = '3', parallel = 2): Promise<Outcome[]> {
  const root = mkdtempSync(path.join(tmpdir(), 'hhg-oracle-'));
  try {
    const dirs = cases.map((c, i) => {
      const dir = path.join(root, String(i));
      for (const [p, v] of Object.entries(withDefaults(c))) {
        mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
        writeFileSync(path.join(dir, p), v);
      }
      return dir;
    });
    const out: Outcome[] = new Array(cases.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < cases.length) {
        const i = next++;
        out[i] = await helmRun(dirs[i], major);
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    return out;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export interface Disagreement {
  name: string;
  files: Record<string, string | Uint8Array>;
  helm: Outcome;
  ours: Outcome;
}

/** Whether two outcomes agree under the case's comparison. */
export function agrees(c: OracleCase, helm: Outcome, ours: Outcome): boolean {
  if (ours.text.startsWith('CRASH: ')) return false;
  if (helm.ok !== ours.ok) return false;
  return c.compare === 'status' || helm.text === ours.text;
}

/** Runs a suite: every case through Helm and through us; the cases that disagree. */
export async function compareWithHelm(cases: OracleCase[], major: HelmMajor = '3'): Promise<Disagreement[]> {
  const helm = await helmOutcomes(cases, major);
  const bad: Disagreement[] = [];
  cases.forEach((c, i) => {
    const ours = ourOutcome(c, major);
    if (!agrees(c, helm[i], ours)) bad.push({ name: c.name, files: c.files, helm: helm[i], ours });
  });
  return bad;
}

/** A readable report of disagreements: the template, then both outcomes. */
export function report(bad: Disagreement[]): string {
  return bad
    .map((d) => {
      const shown = Object.entries(d.files)
        .filter(([p]) => p !== 'Chart.yaml')
        .map(([p, v]) => `  ${p}: ${typeof v === 'string' ? JSON.stringify(v) : `<${v.length} bytes>`}`)
        .join('\n');
      const o = (x: Outcome) => `${x.ok ? 'ok' : 'error'} ${JSON.stringify(x.text.length > 400 ? x.text.slice(0, 400) + '...' : x.text)}`;
      return `${d.name}\n${shown}\n  helm: ${o(d.helm)}\n  ours: ${o(d.ours)}`;
    })
    .join('\n');
}
