// The CLI's arguments, spelled as Helm spells them where Helm has the flag.
import { DEPLOYERS, RULE_SETTINGS, type ChartOptions, type Deployer, type RuleLevel } from '../config/config';

export const USAGE = `Usage:
  helm-hook-guard check [<chart or file>...] [--base <ref>] [--head <ref>] [--format text|json|sarif|codeclimate] [options]
  helm-hook-guard plan <chartDir> [--base <ref>] [--head <ref>] [--format text|json] [options]
  helm-hook-guard render <chartDir> [options]
  helm-hook-guard audit <chartDir> [--since <ref>] [--until <ref>] [--format text|json] [options]
  helm-hook-guard daemon stop

check   compares each chart with its version at each --base (repeatable; default HEAD and, when it is another commit,
        the merge-base with the upstream branch or origin/HEAD) and reports Helm hook lifecycle hazards.
        Without a chart, every chart under the current folder (subcharts under charts/ belong to their parent).
        A file stands for the chart that holds it. Exit status: 0 without error findings, 1 with error findings,
        2 on a usage, config or runtime failure.
plan    prints what helm upgrade (from --base to the working tree), helm install and helm uninstall will do, in order.
render  prints the rendered chart as \`helm template\` does.
audit   walks the commits that touched the chart (oldest first) and prints the hazards each one introduced and fixed.
daemon  stop ends every process that --daemon started with this cache folder.

A base (and --head) is a git ref of the chart's repository, a packaged chart (chart-1.2.3.tgz, as helm package writes
it), or a published version: <repo-url>#<chart>@<version> (read through the repository's index.yaml).

Options:
  --release-name NAME          .Release.Name (default release-name)
  -n, --namespace NS           .Release.Namespace (default default)
  -f, --values FILE            values file after values.yaml (repeatable)
  --set a.b=c                  as helm --set (repeatable); also --set-string and --set-file a.b=path
  --kube-version V             .Capabilities.KubeVersion; --api-versions G/V adds to .Capabilities.APIVersions
  --deployer D                 ${DEPLOYERS.join('|')} (auto: Argo CD when the chart has Argo CD annotations, else
                               helm4; helm is helm4; helm3 renders and reasons as Helm 3.17.3)
  --apply-mode M               auto|server-side|client-side: how Helm 4 applies (auto: as Helm 4 does)
  --rule ID=SEVERITY           error|warning|info|hint|off (repeatable)
  --config FILE                the repository config (default: the nearest .helm-hook-guard.yaml above each chart)
  --timeout SECONDS            for downloads from a chart repository (default 30)
  -q, --quiet                  print error findings only, and no notices
  -j, --jobs N                 check: charts analysed in parallel (default: one per processor); audit: worker threads
  --no-cache                   check: neither read nor write the cache of baseline renders and findings kept in
                               $XDG_CACHE_HOME/helm-hook-guard (else ~/.cache/helm-hook-guard), keyed by the chart's
                               git tree at the base commit, the working tree, the options and the build
  --no-color                   no colour (also NO_COLOR); colour is on when stdout is a terminal
  --daemon                     run in a process that stays for later calls (also HELM_HOOK_GUARD_DAEMON=1); it ends
                               after 15 idle minutes, or with \`helm-hook-guard daemon stop\`, which ends every
                               daemon of the cache folder
  --version, -h/--help`;

export class UsageError extends Error {}

export type Command = 'check' | 'plan' | 'render' | 'audit';
export type Format = 'text' | 'json' | 'sarif' | 'codeclimate';

export interface Args {
  command: Command;
  paths: string[];
  format: Format;
  /** Only what the command line says: the top layer over the config and defaults. */
  flags: ChartOptions;
  /** `--set-file key=path` pairs, read by the caller. */
  setFile: string[];
  head?: string;
  since?: string;
  until?: string;
  config?: string;
  timeoutMs: number;
  quiet: boolean;
  /** undefined: decide from the terminal. */
  color?: boolean;
  jobs?: number;
  /** The persistent cache of baseline renders and findings (--no-cache: off). */
  cache: boolean;
}

export function parseArgs(argv: string[], ruleIds: readonly string[]): Args {
  let command: string | undefined;
  const args: Args = { command: 'check', paths: [], format: 'text', flags: {}, setFile: [], timeoutMs: 30_000, quiet: false, cache: true };
  const f = args.flags;
  const push = <K extends 'valuesFiles' | 'set' | 'setString' | 'apiVersions'>(k: K, v: string) => ((f[k] ??= []) as string[]).push(v);
  let formatGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const [flag, inline] = eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const take = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined || (v.startsWith('-') && v !== '-')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--base': {
        // Repeatable: every base is compared with; one keeps it a single base.
        const v = take();
        if (f.baseRef === undefined && !f.baseRefs) f.baseRef = v;
        else {
          f.baseRefs = [...(f.baseRefs ?? [f.baseRef!]), v];
          delete f.baseRef;
        }
        break;
      }
      case '--head':
        args.head = take();
        break;
      case '--since':
        args.since = take();
        break;
      case '--until':
        args.until = take();
        break;
      case '--format':
      case '-o': {
        const v = take();
        if (v !== 'text' && v !== 'json' && v !== 'sarif' && v !== 'codeclimate') throw new UsageError(`unknown format "${v}" (text, json, sarif or codeclimate)`);
        args.format = v;
        formatGiven = true;
        break;
      }
      case '--release-name':
        f.releaseName = take();
        break;
      case '--namespace':
      case '-n':
        f.namespace = take();
        break;
      case '-f':
      case '--values':
        // Helm takes comma-separated lists here too.
        for (const v of take().split(',')) if (v) push('valuesFiles', v);
        break;
      case '--set':
        push('set', take());
        break;
      case '--set-string':
        push('setString', take());
        break;
      case '--set-file':
        args.setFile.push(take());
        break;
      case '--kube-version':
        f.kubeVersion = take();
        if (!/^v?\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(f.kubeVersion)) throw new UsageError(`--kube-version "${f.kubeVersion}" is not a version (like v1.34.0)`);
        break;
      case '--api-versions':
      case '-a':
        for (const v of take().split(',')) if (v) push('apiVersions', v);
        break;
      case '--apply-mode': {
        const m = take();
        if (m !== 'auto' && m !== 'server-side' && m !== 'client-side') throw new UsageError(`unknown apply mode "${m}" (auto, server-side, client-side)`);
        f.applyMode = m;
        break;
      }
      case '--deployer': {
        const d = take();
        if (!(DEPLOYERS as readonly string[]).includes(d)) throw new UsageError(`unknown deployer "${d}" (${DEPLOYERS.join(', ')})`);
        f.deployer = d as Deployer;
        break;
      }
      case '--rule': {
        const v = take();
        const m = /^([^=]+)=(.*)$/.exec(v);
        if (!m) throw new UsageError(`--rule takes ID=SEVERITY, not "${v}"`);
        const [, id, level] = m;
        if (!ruleIds.includes(id)) throw new UsageError(`--rule: unknown rule "${id}" (rules: ${ruleIds.join(', ')})`);
        if (!(RULE_SETTINGS as readonly string[]).includes(level)) throw new UsageError(`--rule ${id}: "${level}" is not one of ${RULE_SETTINGS.join(', ')}`);
        f.rules = { ...f.rules, [id]: level as RuleLevel };
        break;
      }
      case '--config':
        args.config = take();
        break;
      case '--timeout': {
        const v = take().replace(/s$/, '');
        const n = Number(v);
        if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`--timeout takes seconds, not "${v}"`);
        args.timeoutMs = n * 1000;
        break;
      }
      case '--jobs':
      case '-j': {
        const n = Number(take());
        if (!Number.isInteger(n) || n < 1) throw new UsageError('--jobs takes a positive integer');
        args.jobs = n;
        break;
      }
      case '--no-cache':
        if (inline !== undefined) throw new UsageError('--no-cache takes no value');
        args.cache = false;
        break;
      case '--quiet':
      case '-q':
        args.quiet = true;
        break;
      case '--no-color':
        args.color = false;
        break;
      case '--daemon': // taken by bin/daemon-client.js; a call that runs here after all ignores it
        if (inline !== undefined) throw new UsageError('--daemon takes no value');
        break;
      case '--color':
        args.color = true;
        break;
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        if (command === undefined) command = a;
        else args.paths.push(a);
    }
  }
  if (command !== 'check' && command !== 'render' && command !== 'plan' && command !== 'audit') {
    throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  }
  args.command = command;
  if (command !== 'check') {
    if (args.paths.length === 0) throw new UsageError(`${command} needs a chart folder`);
    if (args.paths.length > 1) throw new UsageError(`${command} takes one chart folder`);
  }
  if ((command === 'plan' || command === 'audit') && formatGiven && args.format !== 'text' && args.format !== 'json') throw new UsageError(`${command} prints text or json`);
  if (command === 'render' && formatGiven) throw new UsageError('render prints YAML, as helm template does');
  if ((args.since || args.until) && command !== 'audit') throw new UsageError('--since and --until belong to audit');
  if (command === 'audit' && (f.baseRef || f.baseRefs || args.head)) throw new UsageError('audit compares each commit with its parent: no --base or --head');
  return args;
}
