// Finding the repository config of a chart: the nearest `.helm-hook-guard.yaml` walking up from the chart folder, up
// to the repository root (the folder holding `.git`) or the file system root. I/O is injected, so the CLI and the
// language server (which reads open buffers first) share it.
import * as path from 'node:path';
import { CONFIG_NAMES, parseConfig, type ConfigProblem, type RepoConfig } from './config';

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

export class ConfigLoader {
  private readonly byDir = new Map<string, Promise<LoadedConfig | undefined>>();
  private readonly files = new Map<string, Promise<LoadedConfig | undefined>>();

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
      p = this.io.read(file).then((text) => (text === undefined ? undefined : { file, ...parseConfig(text, file, this.ruleIds) }));
      this.files.set(file, p);
      p.catch(() => this.files.delete(file));
    }
    return p;
  }

  /** A config file was created, changed or deleted (or its buffer edited): read configs again. */
  invalidate(): void {
    this.byDir.clear();
    this.files.clear();
  }
}
