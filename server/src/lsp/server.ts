// The language server: documents, scheduling, diagnostics, code actions, hover, progress. Only this folder knows LSP.
import * as path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  CodeActionKind,
  MessageType,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeResult,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { explainHook, resourceAt } from '../analysis/explain';
import { LineIndex, type Location } from '../analysis/findings';
import { definition, explainAction, explainReference, hookLenses, referenceAt, references } from '../analysis/navigation';
import { buildPlan, deployerInfo } from '../analysis/plan';
import { realize, type TextEdit } from '../analysis/fixes/edits';
import { fixAllPlan } from '../analysis/fixes/fixAll';
import {
  ActivityNotification,
  CheckWorkspaceRequest,
  ClientCommands,
  FIX_ALL_KIND,
  PlanRequest,
  ServerCommands,
  StatusNotification,
  type ChartStatus,
  type InitializationOptions,
  type OpenPlanArgs,
} from '../../../protocol/src';
import { Lru } from '../util/lru';
import { PRODUCT, VERSION } from '../version';
import { CONFIG_NAMES, formatProblem } from '../config/config';
import type { LoadedConfig } from '../config/load';
import { Background } from './background';
import { Charts, isFull, type ChartAnalysis, type ChartFindings, type OpenDocument } from './charts';
import { Turns } from './turns';
import { ruleDocUri, toDiagnostic, type DiagnosticData } from './convert';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from './settings';

/** Quiet time after a keystroke before analysing: long enough to coalesce a burst, short enough to feel live. */
const DEBOUNCE_MS = 10;
/** An analysis running longer than this shows as activity (a spinner); quicker ones, as most keystrokes, do not. */
const BUSY_AFTER_MS = 300;
/** Analyses kept for charts without open documents (those of open documents are always kept): a monorepo's scan
 *  publishes every chart's diagnostics but does not hold every render. */
const KEPT_ANALYSES = 16;
/** From this many charts without open documents, a scan analyses them on the background worker (background.ts): below
 *  it, a worker's start and second heap cost more than the scan holds the main thread. */
const BACKGROUND_FROM = 8;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let roots: string[] = [];
  let settings: Settings = DEFAULT_SETTINGS;
  let canConfigure = false;
  let canWatch = false;
  let canProgress = false;
  let canFolders = false;
  let canRefreshLenses = false;
  let documentChanges = false;
  let canShowDocument = false;
  let clientCommands = new Set<string>();
  const charts = new Charts(() => roots);
  const turns = new Turns();
  const background = new Background(connection.console);
  // Most recently analysed last; pruned by keep() so that charts with open documents stay.
  const latest = new Lru<string, ChartAnalysis>({ maxEntries: Number.MAX_SAFE_INTEGER });
  const revisions = new Map<string, number>();
  let nextRevision = 0;
  let shuttingDown = false;
  /** Analyses for edits and requests in flight: the workspace scan waits for them (they are what the user waits for). */
  let urgent = 0;
  const urgentDone: (() => void)[] = [];
  const published = new Map<string, Set<string>>();
  const timers = new Map<string, NodeJS.Timeout>();
  const generations = new Map<string, number>();
  const reportedReasons = new Map<string, string>();
  /** Config files with published problems, and what was said about them. */
  const configProblems = new Map<string, string>();
  // Config files, and the HelmRelease manifests a config's flux.helmRelease names.
  const isConfigFile = (fsPath: string) => (CONFIG_NAMES as readonly string[]).includes(path.basename(fsPath)) || charts.configs.dependsOn(fsPath);

  const fsPathOf = (uri: string): string | undefined => {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? path.resolve(u.fsPath) : undefined;
  };
  const uriOf = (chartDir: string, rel: string) => URI.file(path.join(chartDir, ...rel.split('/'))).toString();

  function openDocuments(): OpenDocument[] {
    const out: OpenDocument[] = [];
    for (const d of documents.all()) {
      const fsPath = fsPathOf(d.uri);
      if (fsPath) out.push({ fsPath, text: d.getText(), version: d.version, revision: revisions.get(d.uri) ?? 0 });
    }
    return out;
  }

  function publish(dir: string, analysis: ChartFindings): void {
    const byUri = new Map<string, Diagnostic[]>();
    for (const f of analysis.shown) {
      const uri = uriOf(dir, f.location.path);
      const data: DiagnosticData = { rule: f.rule, chartDir: dir, stamp: analysis.stamp, fix: f.fix };
      byUri.set(uri, [...(byUri.get(uri) ?? []), toDiagnostic(f, data, (p) => uriOf(dir, p))]);
    }
    // Open documents always get a publish, empty or not, so clients see which version was analysed.
    for (const d of documents.all()) {
      if (!byUri.has(d.uri) && fsPathOf(d.uri)?.startsWith(dir + path.sep)) byUri.set(d.uri, []);
    }
    const versionOf = (uri: string) => analysis.versions.get(URI.parse(uri).fsPath.slice(dir.length + 1).split(path.sep).join('/'));
    for (const uri of published.get(dir) ?? []) {
      if (!byUri.has(uri)) connection.sendDiagnostics({ uri, diagnostics: [], version: versionOf(uri) });
    }
    for (const [uri, diagnostics] of byUri) connection.sendDiagnostics({ uri, diagnostics, version: versionOf(uri) });
    published.set(dir, new Set(byUri.keys()));
  }

  /** A chart that is gone: its diagnostics are withdrawn and what was kept of it released. */
  function clear(dir: string): void {
    clearTimeout(timers.get(dir));
    timers.delete(dir);
    many.delete(dir);
    wake();
    generations.set(dir, (generations.get(dir) ?? 0) + 1); // runs in flight publish nothing
    for (const uri of published.get(dir) ?? []) connection.sendDiagnostics({ uri, diagnostics: [] });
    published.delete(dir);
    latest.delete(dir);
    reportedReasons.delete(dir);
  }

  const hasOpenDocuments = (dir: string) => documents.keys().some((uri) => fsPathOf(uri)?.startsWith(dir + path.sep));

  function keep(dir: string, analysis: ChartAnalysis): void {
    latest.set(dir, analysis);
    let unpinned = latest.keys().filter((d) => !hasOpenDocuments(d));
    while (unpinned.length > KEPT_ANALYSES) latest.delete(unpinned.shift()!);
  }

  /** A broken config is a diagnostic in the config file itself (and it is not applied until fixed). */
  function publishConfig(loaded: LoadedConfig | undefined): void {
    if (!loaded) return;
    const said = loaded.problems.map((p) => formatProblem(p)).join('\n');
    if ((configProblems.get(loaded.file) ?? '') === said) return;
    if (said) configProblems.set(loaded.file, said);
    else configProblems.delete(loaded.file);
    if (said) connection.console.error(`${said}\n${loaded.file} is not applied until it is fixed.`);
    connection.sendDiagnostics({
      uri: URI.file(loaded.file).toString(),
      diagnostics: loaded.problems.map((p) => ({ range: p.range, severity: 1, source: PRODUCT, code: 'config-invalid', message: p.message })),
    });
  }

  /** Configs that no chart uses any more, or that are gone: their diagnostics go. */
  function forgetConfigs(): void {
    for (const file of configProblems.keys()) {
      connection.sendDiagnostics({ uri: URI.file(file).toString(), diagnostics: [] });
    }
    configProblems.clear();
  }

  function report(dir: string, analysis: ChartFindings): void {
    const b = analysis.baseline;
    const status: ChartStatus = {
      chartDir: dir,
      baseRef: b.ref,
      commit: b.ok ? b.commit : undefined,
      reason: b.ok ? undefined : b.reason,
      bases: analysis.baselines.map((x) => ({ ref: x.ref, label: x.label ?? x.ref, ...(x.ok ? { commit: x.commit } : { reason: x.reason }) })),
      notices: analysis.result.notices,
      findings: analysis.shown.length,
      deployer: deployerInfo(analysis.result.deployer),
      config: analysis.config?.config ? analysis.config.file : undefined,
    };
    void connection.sendNotification(StatusNotification, status);
    // Said once per change, not on every keystroke.
    const anyOk = analysis.baselines.some((x) => x.ok);
    const said = analysis.baselines
      .map((x) => (x.ok ? `baseline ${x.label ?? x.ref} = ${x.commit.slice(0, 12)}` : `no baseline at ${x.label ?? x.ref} (${x.reason})${anyOk ? '' : '; rules that compare with it are off.'}`))
      .join('; ');
    const skipped = analysis.skipped.map((s) => `${dir}/${s.path}: skipped (${s.reason})`);
    const notices = analysis.result.notices.map((n) => `${dir}: ${n}`);
    const key = [said, ...skipped, ...notices].join('\n');
    if (reportedReasons.get(dir) === key) return;
    reportedReasons.set(dir, key);
    if (anyOk) connection.console.info(`${dir}: ${said}`);
    else connection.console.warn(`${dir}: ${said}`);
    for (const line of skipped) connection.console.warn(line);
    for (const line of notices) connection.console.info(line);
  }

  // Activity: busy while a workspace scan runs, or once an analysis has run for BUSY_AFTER_MS; idle when all end.
  let running = 0;
  let scanning: string | undefined;
  let busyTimer: NodeJS.Timeout | undefined;
  let saidBusy: string | undefined;
  function activity(): void {
    const title = scanning ?? (running > 0 ? 'Analysing' : undefined);
    if (title === undefined || scanning !== undefined || saidBusy !== undefined) {
      clearTimeout(busyTimer);
      busyTimer = undefined;
      sayActivity(title);
      return;
    }
    // An analysis alone is said only once it has run a while.
    busyTimer ??= setTimeout(() => {
      busyTimer = undefined;
      if (running > 0 && scanning === undefined) sayActivity('Analysing');
    }, BUSY_AFTER_MS);
  }
  function sayActivity(title: string | undefined): void {
    if (title === saidBusy || shuttingDown) return;
    saidBusy = title;
    void connection.sendNotification(ActivityNotification, title ? { busy: true, title } : { busy: false });
  }

  /** Analyses a chart and publishes; an urgent run (an edit, a request) goes before the scan's. A scan's run of a chart
   *  without open documents goes to the background worker when the scan holds it: only its findings come back. */
  async function run(dir: string, urgentRun: true): Promise<ChartAnalysis | undefined>;
  async function run(dir: string, urgentRun?: boolean): Promise<ChartFindings | undefined>;
  async function run(dir: string, urgentRun = false): Promise<ChartFindings | undefined> {
    running++;
    activity();
    try {
      return await runOnce(dir, urgentRun);
    } finally {
      running--;
      activity();
    }
  }

  async function runOnce(dir: string, urgentRun: boolean): Promise<ChartFindings | undefined> {
    const gen = (generations.get(dir) ?? 0) + 1;
    generations.set(dir, gen);
    try {
      await settingsReady; // a first analysis with default settings would publish findings for the wrong release
      const { loaded, resolved } = await charts.config(dir);
      publishConfig(loaded);
      if (resolved?.ignored) {
        if (generations.get(dir) === gen) clear(dir);
        return undefined;
      }
      const turn = () => turns.take(urgentRun);
      // A chart's first analysis is a cold render (a second on a large chart): what an earlier one found for exactly
      // these inputs is shown first, then the analysis runs as ever and publishes again.
      // Only once per chart and server: later runs continue a render state, or follow edits that may race with this.
      let finish: (() => void) | undefined;
      if (urgentRun && !quickTried.has(dir) && !charts.warm(dir) && !latest.has(dir)) {
        quickTried.add(dir);
        const stored = await charts.published(dir, openDocuments(), settings).catch(() => undefined);
        if (stored && generations.get(dir) === gen && !shuttingDown) {
          publish(dir, stored);
          report(dir, stored);
          // Hovers and the like wait for the analysis that follows (published findings hold no model).
          const done = new Promise<void>((resolve) => (finish = resolve));
          analysing.set(dir, done);
          void done.then(() => analysing.get(dir) === done && analysing.delete(dir));
        }
      }
      try {
        return await analyzeAndPublish(dir, urgentRun, gen, turn);
      } finally {
        finish?.();
      }
    } catch (e) {
      if (!shuttingDown) connection.console.error(`Analysis of ${dir} failed: ${(e as Error).stack ?? e}`);
      return undefined;
    }
  }

  /** Charts whose diagnostics came from the cache while their first analysis runs. */
  const analysing = new Map<string, Promise<void>>();
  const quickTried = new Set<string>();

  /** Waits for the analysis of the chart of `uri` when its diagnostics were published from the cache. */
  async function analysed(uri: string): Promise<void> {
    const fsPath = fsPathOf(uri);
    if (!fsPath) return;
    for (const [dir, p] of analysing) if (fsPath.startsWith(dir + path.sep)) await p;
  }

  async function analyzeAndPublish(dir: string, urgentRun: boolean, gen: number, turn: () => Promise<() => void>): Promise<ChartFindings | undefined> {
    const analysis =
      !urgentRun && background.active && !hasOpenDocuments(dir)
        ? await charts.analyzeInBackground(dir, openDocuments(), settings, background, turn)
        : await charts.analyze(dir, openDocuments(), settings, turn);
    if (generations.get(dir) !== gen || shuttingDown) return undefined; // a newer edit superseded this run
    if (!(await charts.present(dir))) {
      clear(dir); // deleted while it was analysed: nothing of it may be shown
      return undefined;
    }
    if (generations.get(dir) !== gen || shuttingDown) return undefined;
    // What hovers and code actions read must be this analysis or none (then they analyse again).
    if (isFull(analysis)) keep(dir, analysis);
    else latest.delete(dir);
    publish(dir, analysis);
    if (canRefreshLenses) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    report(dir, analysis);
    return analysis;
  }

  // From the keystroke (a pending timer) to its diagnostics, the workspace scan gives way.
  const idle = () => timers.size === 0 && urgent === 0;
  const wake = () => {
    if (idle()) for (const done of urgentDone.splice(0)) done();
  };
  const noUrgentWork = () => (idle() ? Promise.resolve() : new Promise<void>((r) => urgentDone.push(r)));

  async function urgently<T>(work: () => Promise<T>): Promise<T> {
    urgent++;
    try {
      return await work();
    } finally {
      urgent--;
      wake();
    }
  }

  function schedule(dir: string, delay = DEBOUNCE_MS): void {
    clearTimeout(timers.get(dir));
    generations.set(dir, (generations.get(dir) ?? 0) + 1); // outdated runs in flight publish nothing
    timers.delete(dir);
    if (shuttingDown) return;
    timers.set(
      dir,
      setTimeout(() => {
        timers.delete(dir);
        void urgently(() => run(dir, true));
      }, delay),
    );
  }

  async function scheduleFor(uri: string): Promise<void> {
    const fsPath = fsPathOf(uri);
    if (!fsPath) return;
    const dir = await charts.chartOf(fsPath);
    if (dir) schedule(dir);
    // A configured values file (helmHookGuard.valuesFiles) counts unsaved too, wherever it is.
    for (const reader of charts.readersOf(fsPath)) if (reader !== dir) schedule(reader);
  }

  let settingsLoaded: () => void = () => undefined;
  const settingsReady = new Promise<void>((resolve) => (settingsLoaded = resolve));

  async function loadSettings(): Promise<void> {
    if (!canConfigure) return;
    try {
      settings = normalizeSettings(await connection.workspace.getConfiguration({ section: 'helmHookGuard' }));
    } catch {
      settings = DEFAULT_SETTINGS;
    }
  }

  const logFailure = (e: unknown) => {
    if (!shuttingDown) connection.console.error(`Workspace check failed: ${(e as Error).stack ?? e}`);
  };

  async function checkWorkspace(): Promise<{ charts: number; findings: number }> {
    const { charts: dirs, removed } = await charts.scan();
    for (const dir of removed) clear(dir);
    const title = `Checking ${dirs.length} chart${dirs.length === 1 ? '' : 's'}`;
    scanning = title;
    activity();
    try {
      return await scan(dirs, title);
    } finally {
      scanning = undefined;
      activity();
    }
  }

  async function scan(dirs: string[], title: string): Promise<{ charts: number; findings: number }> {
    const progress = canProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    progress?.begin(PRODUCT, 0, title, false);
    const findings = await analyzeAll(dirs, (done, dir) => progress?.report(Math.round((done / Math.max(1, dirs.length)) * 100), path.basename(dir)));
    progress?.done();
    return { charts: dirs.length, findings };
  }

  /** Analyses charts as a scan does, after the urgent work; returns the findings. A few charts at a time: their disk and
   *  git reads overlap; those without open documents go to the background worker when there are many, the others take
   *  turns on the main thread. */
  async function analyzeAll(dirs: string[], progress?: (done: number, dir: string) => void): Promise<number> {
    let findings = 0;
    let done = 0;
    const queue = [...dirs];
    const release = dirs.filter((d) => !hasOpenDocuments(d)).length >= BACKGROUND_FROM ? background.hold() : () => undefined;
    const lane = async () => {
      for (let dir = queue.shift(); dir && !shuttingDown; dir = queue.shift()) {
        await noUrgentWork();
        if (shuttingDown) break;
        const analysis = (await run(dir)) ?? latest.peek(dir);
        findings += analysis?.shown.length ?? 0;
        progress?.(++done, dir);
        await new Promise((r) => setImmediate(r)); // let hovers and edits in between
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(8, dirs.length) }, lane));
    } finally {
      release();
    }
    return findings;
  }

  /** Charts changed together, waiting for scheduleMany's timer. */
  const many = new Set<string>();
  let manyTimer: NodeJS.Timeout | undefined;

  /** Many charts changed at once (a branch switch, a config, the settings): those with open documents are analysed as
   *  after an edit; the others, when there are many, as in a scan (after the edits, on the background worker). */
  function scheduleMany(dirs: string[], delay = DEBOUNCE_MS): void {
    const closed = dirs.filter((d) => !hasOpenDocuments(d));
    if (shuttingDown || closed.length + many.size < BACKGROUND_FROM) {
      for (const dir of dirs) schedule(dir, delay);
      return;
    }
    for (const dir of dirs) if (hasOpenDocuments(dir)) schedule(dir, delay);
    for (const dir of closed) {
      clearTimeout(timers.get(dir));
      timers.delete(dir);
      generations.set(dir, (generations.get(dir) ?? 0) + 1); // outdated runs in flight publish nothing
      many.add(dir);
    }
    wake();
    clearTimeout(manyTimer);
    manyTimer = setTimeout(() => {
      manyTimer = undefined;
      const known = new Set(charts.all());
      const due = [...many].filter((d) => known.has(d));
      many.clear();
      void analyzeAll(due).catch(logFailure);
    }, delay);
  }

  function toWorkspaceEdit(edits: TextEdit[], analysis: ChartAnalysis): WorkspaceEdit {
    const byPath = new Map<string, TextEdit[]>();
    for (const e of edits) byPath.set(e.path, [...(byPath.get(e.path) ?? []), e]);
    if (!documentChanges) {
      const changes: NonNullable<WorkspaceEdit['changes']> = {};
      for (const [p, es] of byPath) changes[uriOf(analysis.chartDir, p)] = es.map((e) => ({ range: e.range, newText: e.newText }));
      return { changes };
    }
    return {
      documentChanges: [...byPath].map(([p, es]) => ({
        textDocument: { uri: uriOf(analysis.chartDir, p), version: analysis.versions.get(p) ?? null },
        edits: es.map((e) => ({ range: e.range, newText: e.newText })),
      })),
    };
  }

  connection.onInitialize((params): InitializeResult => {
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    roots = folders.map(fsPathOf).filter((p): p is string => !!p);
    const caps = params.capabilities;
    canConfigure = !!caps.workspace?.configuration;
    canWatch = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canProgress = !!caps.window?.workDoneProgress;
    canFolders = !!caps.workspace?.workspaceFolders;
    canRefreshLenses = !!caps.workspace?.codeLens?.refreshSupport;
    documentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
    canShowDocument = !!caps.window?.showDocument?.support;
    const init = params.initializationOptions as InitializationOptions | undefined;
    charts.trusted = init?.trusted !== false;
    clientCommands = new Set(Array.isArray(init?.clientCommands) ? init.clientCommands : []);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [ServerCommands.showText, ServerCommands.showRuleDocs] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'helm-hook-guard-ls', version: VERSION },
    };
  });

  connection.onInitialized(async () => {
    if (canFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const added = e.added.map((f) => fsPathOf(f.uri)).filter((p): p is string => !!p);
        const removed = new Set(e.removed.map((f) => fsPathOf(f.uri)));
        roots = [...roots.filter((r) => !removed.has(r)), ...added];
        void checkWorkspace().catch(logFailure);
      });
    }
    if (canConfigure) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'helmHookGuard' });
    if (canWatch) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: '**/Chart.yaml' },
          { globPattern: '**/*.{yaml,yml,tpl,txt,json}' },
          { globPattern: '**/.helmignore' },
          { globPattern: '**/.helm-hook-guard.{yaml,yml}' },
          { globPattern: '**/.git/HEAD' },
          { globPattern: '**/.git/packed-refs' },
          { globPattern: '**/.git/refs/**' },
        ],
      });
    }
    await loadSettings();
    settingsLoaded();
    await checkWorkspace().catch(logFailure);
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (canConfigure) await loadSettings();
    else settings = normalizeSettings((change.settings as Record<string, unknown> | undefined)?.helmHookGuard);
    scheduleMany(charts.all(), 0);
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    const dirs = new Set<string>();
    let refs = false;
    let configs = false;
    for (const change of params.changes) {
      const fsPath = fsPathOf(change.uri);
      if (!fsPath) continue;
      if (isConfigFile(fsPath)) {
        configs = true;
        continue;
      }
      const parts = fsPath.split(path.sep);
      if (parts.includes('.git')) {
        refs = true;
        // A repository appeared or went (git init, a deleted .git): where each chart's repository is, anew.
        if (change.type !== FileChangeType.Changed && (parts[parts.length - 1] === '.git' || fsPath.endsWith(`${path.sep}.git${path.sep}HEAD`))) charts.baselines.reset();
        continue;
      }
      if (change.type === FileChangeType.Deleted) for (const dir of await charts.deleted(fsPath)) dirs.add(dir);
      if (change.type === FileChangeType.Created) for (const dir of await charts.created(fsPath)) dirs.add(dir);
      const dir = await charts.fileChanged(fsPath);
      if (dir) dirs.add(dir);
    }
    if (refs) {
      charts.baselines.refsChanged();
      for (const dir of charts.all()) dirs.add(dir);
    }
    if (configs) configChanged();
    const known = new Set(charts.all());
    for (const dir of dirs) if (!known.has(dir)) clear(dir);
    scheduleMany([...dirs].filter((d) => known.has(d)));
  });

  /** A config was created, edited or removed: every chart may be affected (they walk up to the nearest config). */
  function configChanged(): void {
    charts.configs.invalidate();
    forgetConfigs();
    scheduleMany(charts.all());
  }

  // An open config is read from its buffer, so its problems show while typing.
  function configBuffer(uri: string, text: string | undefined): boolean {
    const fsPath = fsPathOf(uri);
    if (!fsPath || !isConfigFile(fsPath)) return false;
    if (text === undefined) charts.openConfigs.delete(fsPath);
    else charts.openConfigs.set(fsPath, text);
    configChanged();
    return true;
  }

  documents.onDidChangeContent((e) => {
    revisions.set(e.document.uri, ++nextRevision);
    if (!configBuffer(e.document.uri, e.document.getText())) void scheduleFor(e.document.uri);
  });
  documents.onDidClose((e) => {
    revisions.delete(e.document.uri);
    if (!configBuffer(e.document.uri, undefined)) void scheduleFor(e.document.uri);
  });

  /** Whether the client asked for kinds that include `kind` (no `only`: the light bulb, which gets no source actions). */
  const wants = (only: string[] | undefined, kind: string) => !!only?.some((k) => kind === k || kind.startsWith(k + '.'));

  /** The latest analysis of the chart holding `uri`, analysed now when it did not read the document's current text. */
  async function freshAnalysisOf(uri: string) {
    await analysed(uri);
    const at = analysisAt(uri);
    if (at) return at;
    const fsPath = fsPathOf(uri);
    const dir = fsPath && (await charts.chartOf(fsPath));
    if (!dir) return undefined;
    // A run that a later one superseded (the workspace scan reaching this chart) kept nothing: once more, then it
    // is this request's own run that is newest.
    for (let i = 0; i < 3; i++) {
      await urgently(() => run(dir, true));
      const fresh = analysisAt(uri);
      if (fresh) return fresh;
    }
    return undefined;
  }

  /** Fix all: the document's safe preferred fixes in one edit; none when nothing is left to fix. */
  async function fixAll(uri: string): Promise<CodeAction[]> {
    const at = await freshAnalysisOf(uri);
    if (!at) return [];
    const { edits, fixed } = fixAllPlan(at.analysis.shown, at.rel);
    if (fixed === 0) return [];
    const files = at.analysis.result.current.files.files;
    const [plan] = realize([{ title: 'fix all', edits }], (p) => files.get(p));
    if (!plan) return [];
    return [
      {
        title: `Fix all Helm hook problems (${fixed})`,
        kind: FIX_ALL_KIND,
        edit: toWorkspaceEdit(plan.edits, at.analysis),
      },
    ];
  }

  /** "Show documentation for <rule>": the client shows the page when it can, else the server asks to show the file. */
  function docsAction(rule: string, diagnostics: Diagnostic[]): CodeAction | undefined {
    const title = `Show documentation for ${rule}`;
    if (clientCommands.has(ClientCommands.showRuleDocs)) return { title, kind: CodeActionKind.QuickFix, diagnostics, command: { title, command: ClientCommands.showRuleDocs, arguments: [rule] } };
    if (canShowDocument && ruleDocUri(rule)) return { title, kind: CodeActionKind.QuickFix, diagnostics, command: { title, command: ServerCommands.showRuleDocs, arguments: [rule] } };
    return undefined;
  }

  connection.onCodeAction(async (params) => {
    const only = params.context.only;
    const actions: CodeAction[] = wants(only, FIX_ALL_KIND) ? await fixAll(params.textDocument.uri) : [];
    if (only && !wants(only, CodeActionKind.QuickFix)) return actions;
    const docs = new Map<string, Diagnostic[]>();
    for (const d of params.context.diagnostics) {
      const data = d.data as DiagnosticData | undefined;
      if (!data?.rule || typeof data.chartDir !== 'string') continue;
      // A chart without open documents may have had its analysis released: analysed again, the same texts give the
      // same stamp.
      let analysis = latest.get(data.chartDir);
      if (!analysis && charts.all().includes(data.chartDir)) analysis = await urgently(() => run(data.chartDir, true));
      // Fix data holds offsets into the texts it was computed on: only those texts may be edited.
      if (!analysis || analysis.stamp !== data.stamp) continue;
      const files = analysis.result.current.files.files;
      for (const fix of realize(data.fix, (p) => files.get(p))) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: fix.isPreferred,
          ...(fix.edits.length > 0 ? { edit: toWorkspaceEdit(fix.edits, analysis) } : {}),
          ...(fix.text ? { command: textCommand(fix.title, fix.text) } : {}),
        });
      }
      docs.set(data.rule, [...(docs.get(data.rule) ?? []), d]);
    }
    for (const [rule, ds] of docs) {
      const a = docsAction(rule, ds);
      if (a) actions.push(a);
    }
    return actions;
  });

  /** Hands a fix's text to the user: the VS Code client copies it; other clients get it shown by the server. */
  function textCommand(title: string, text: { label: string; text: string }) {
    if (clientCommands.has(ClientCommands.copyToClipboard)) return { title, command: ClientCommands.copyToClipboard, arguments: [text.text] };
    return { title, command: ServerCommands.showText, arguments: [text.label, text.text] };
  }

  connection.onExecuteCommand(async (params) => {
    if (params.command === ServerCommands.showRuleDocs) {
      const uri = ruleDocUri(String(params.arguments?.[0] ?? ''));
      if (uri && canShowDocument) await connection.window.showDocument({ uri, takeFocus: true }).catch(() => undefined);
      return null;
    }
    if (params.command !== ServerCommands.showText) return null;
    const [label, text] = (params.arguments ?? []).map(String);
    if (canShowDocument) {
      try {
        const file = path.join(mkdtempSync(path.join(tmpdir(), 'helm-hook-guard-')), 'commands.sh');
        writeFileSync(file, `# ${label}\n${text}\n`);
        const shown = await connection.window.showDocument({ uri: URI.file(file).toString(), takeFocus: true });
        if (shown.success) return null;
      } catch {
        // fall through to a message
      }
    }
    void connection.sendNotification('window/showMessage', { type: MessageType.Info, message: `${label}:\n${text}` });
    return null;
  });

  /** The latest analysis of the chart holding a document, when it read this very version of it. */
  function analysisAt(uri: string, position?: { line: number; character: number }) {
    const fsPath = fsPathOf(uri);
    const doc = documents.get(uri);
    if (!fsPath) return undefined;
    for (const analysis of latest.values()) {
      if (!fsPath.startsWith(analysis.chartDir + path.sep)) continue;
      const rel = fsPath.slice(analysis.chartDir.length + 1).split(path.sep).join('/');
      if (doc && analysis.revisions.get(rel) !== revisions.get(uri)) return undefined; // stale: positions may have moved
      const text = analysis.result.current.files.files.get(rel);
      const offset = position && text !== undefined ? new LineIndex(text).offset(position) : 0;
      return { analysis, rel, offset };
    }
    return undefined;
  }

  const toLsp = (analysis: ChartAnalysis, l: Location) => ({ uri: uriOf(analysis.chartDir, l.path), range: l.range });

  connection.onHover(async (params) => {
    await analysed(params.textDocument.uri);
    const at = analysisAt(params.textDocument.uri, params.position);
    if (!at) return null;
    const { result } = at.analysis;
    const ref = referenceAt(result, at.rel, at.offset);
    const r = ref ? undefined : resourceAt(result.current, at.rel, at.offset);
    const text = ref ? explainReference(result, ref) : r ? explainHook(result.current, r) : explainAction(result, at.rel, at.offset);
    return text ? { contents: { kind: 'markdown', value: text } } : null;
  });

  connection.onDefinition(async (params) => {
    await analysed(params.textDocument.uri);
    const at = analysisAt(params.textDocument.uri, params.position);
    return at ? definition(at.analysis.result, at.rel, at.offset).map((l) => toLsp(at.analysis, l)) : null;
  });

  connection.onReferences(async (params) => {
    await analysed(params.textDocument.uri);
    const at = analysisAt(params.textDocument.uri, params.position);
    return at ? references(at.analysis.result, at.rel, at.offset, params.context.includeDeclaration).map((l) => toLsp(at.analysis, l)) : null;
  });

  connection.onCodeLens(async (params) => {
    await analysed(params.textDocument.uri);
    const at = analysisAt(params.textDocument.uri);
    if (!at) return [];
    return hookLenses(at.analysis.result)
      .filter((l) => l.location.path === at.rel)
      .map((l) => {
        // Clickable where the client can open the plan at the object; elsewhere the lens is text only.
        const args: OpenPlanArgs = { uri: params.textDocument.uri, ...l.resource };
        const command = clientCommands.has(ClientCommands.openPlan) ? { title: l.title, command: ClientCommands.openPlan, arguments: [args] } : { title: l.title, command: '' };
        return { range: l.location.range, command };
      });
  });

  connection.onRequest(CheckWorkspaceRequest, () => checkWorkspace());

  connection.onRequest(PlanRequest, async (params) => {
    const fsPath = params?.uri ? fsPathOf(params.uri) : undefined;
    const dir = (fsPath && (await charts.chartOf(fsPath))) || charts.all()[0];
    if (!dir) return null;
    const analysis = latest.get(dir) ?? (await urgently(() => run(dir, true)));
    if (!analysis) return null;
    const baseRef = analysis.baseline.ok ? analysis.baseline.ref : undefined;
    return {
      chartDir: dir,
      baselineReason: analysis.baseline.ok ? undefined : analysis.baseline.reason,
      plan: buildPlan(analysis.result, analysis.result.current.model.rendered.chartName, baseRef),
    };
  });

  connection.onShutdown(async () => {
    shuttingDown = true;
    clearTimeout(busyTimer);
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    clearTimeout(manyTimer);
    many.clear();
    wake();
    background.dispose();
    charts.dispose();
    await charts.flush(); // a stored baseline render is what the next start saves
  });

  documents.listen(connection);
  connection.listen();
}
