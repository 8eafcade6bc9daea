// Finding the repository config of a chart: the nearest `.helm-hook-guard.yaml` walking up from the chart folder, up
// to the repository root (the folder holding `.git`) or the file system root. I/O is injected, so the CLI and the
// language server (which reads open buffers first) share it.
import * as path from 'node:path';
import { CONFIG_NAMES, helmReleaseSettings, mergeFlux, parseConfig, type ChartOptions, type ConfigProblem, type RepoConfig } from './config';

export interface ConfigIO {
  /** The file's text, or undefined when it does not exist. */
  read(file: string): Promise<string | undefined>;
  exists(file: string): Promise<boolean>;
}

export interface LoadedConfig {
  file: string;
  /** Absent when the file has problems: callers report them and never fall back silently. */
  config?: RepoConfig;
  problems: ConfigProblem[];
}

/**
 * Parses a config and reads the HelmRelease manifests its `flux.helmRelease` keys name, merging each under its layer's
 * own `flux` keys. A missing or unreadable manifest is a problem at the key. `read` reports the files it read.
 */
export async function loadConfig(text: string, file: string, ruleIds: readonly string[], io: Pick<ConfigIO, 'read'>, read?: (f: string) => void): Promise<LoadedConfig> {
  const parsed = parseConfig(text, file, ruleIds);
  const config = parsed.config;
  if (!config) return { file, problems: parsed.problems };
  const problems: ConfigProblem[] = [];
  const resolve = async (layer: ChartOptions) => {
    const hr = layer.fluxHelmRelease;
    if (!hr) return;
    delete layer.fluxHelmRelease;
    read?.(hr.file);
    const shown = path.relative(path.dirname(file), hr.file) || hr.file;
    const hrText = await io.read(hr.file);
    const got = hrText === undefined ? { problem: 'cannot read it' } : helmReleaseSettings(hrText, hr.name);
    if (got.problem !== undefined) problems.push({ file, range: hr.range, message: `flux.helmRelease: ${shown}: ${got.problem}` });
    else layer.flux = mergeFlux(got.flux!, layer.flux);
  };
  await resolve(config.defaults);
  for (const c of config.charts) await resolve(c);
  return problems.length ? { file, problems } : { file, config, problems: [] };
}

export class ConfigLoader {
  private readonly byDir = new Map<string, Promise<LoadedConfig | undefined>>();
  private readonly files = new Map<string, Promise<LoadedConfig | undefined>>();
  /** HelmRelease manifests the configs read: a change to one is a change to its config. */
  private readonly dependencies = new Set<string>();

  constructor(
    private readonly io: ConfigIO,
    private readonly ruleIds: readonly string[],
  ) {}

  /** The config that applies to a chart folder, or undefined when there is none. */
  forChart(chartDir: string): Promise<LoadedConfig | undefined> {
    return this.forDir(path.resolve(chartDir));
  }

  private forDir(dir: string): Promise<LoadedConfig | undefined> {
    let p = this.byDir.get(dir);
    if (!p) {
      p = (async () => {
        for (const name of CONFIG_NAMES) {
          const found = await this.load(path.join(dir, name));
          if (found) return found;
        }
        const parent = path.dirname(dir);
        if (parent === dir || (await this.io.exists(path.join(dir, '.git')))) return undefined;
        return this.forDir(parent);
      })();
      this.byDir.set(dir, p);
      p.catch(() => this.byDir.delete(dir));
    }
    return p;
  }

  private load(file: string): Promise<LoadedConfig | undefined> {
    let p = this.files.get(file);
    if (!p) {
      p = this.io.read(file).then((text) => (text === undefined ? undefined : loadConfig(text, file, this.ruleIds, this.io, (f) => this.dependencies.add(path.resolve(f)))));
      this.files.set(file, p);
      p.catch(() => this.files.delete(file));
    }
    return p;
  }

  /** Whether a config read this file (a HelmRelease manifest named by `flux.helmRelease`). */
  dependsOn(file: string): boolean {
    return this.dependencies.has(path.resolve(file));
  }

  /** A config file was created, changed or deleted (or its buffer edited): read configs again. */
  invalidate(): void {
    this.byDir.clear();
    this.files.clear();
    // Dependencies stay: a file that was one is still worth a re-read when it changes (or its buffer closes).
  }
}
