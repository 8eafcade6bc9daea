// "Helm Hook Guard: Show Upgrade Plan": the server's plan as a timeline in a webview, with hazards that open their
// diagnostics. The plan itself comes from the server (analysis/plan.ts); this file only draws it, and draws it again
// after each analysis of the chart shown (planAnalysed), so it never goes stale after an edit or a fix.
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Range, Selection, Uri, ViewColumn, window, workspace, type WebviewPanel } from 'vscode';
import type { PlanHook, PlanObject, PlanResponse, PlanStep } from '../../protocol/src';

type Obj = PlanObject & Partial<Pick<PlanHook, 'weight' | 'deletePolicies' | 'waits' | 'method' | 'waitsForDelete'>>;
type Step = PlanStep;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Level = 'error' | 'warning' | 'info';
/** Each severity with its own sign (and colour, in the style sheet), as the Problems panel shows them. */
const SIGN: Record<Level, string> = { error: '✖', warning: '⚠', info: 'ℹ' };
const RANK: Level[] = ['info', 'warning', 'error'];

function objectHtml(o: Obj, verb: string, extra = '', conflict = false): string {
  const loc = o.location ? ` data-path="${esc(o.location.path)}" data-line="${o.location.range.start.line}" data-char="${o.location.range.start.character}"` : '';
  const level = (h: string): Level => o.hazardSeverities?.[h] ?? 'warning';
  const hazards =
    o.hazards.map((h) => `<span class="hazard ${level(h)}" title="${level(h)}">${SIGN[level(h)]} ${esc(h)}</span>`).join('') +
    (o.usedBy ? `<span class="uses">used by ${esc(o.usedBy.join('; '))}</span>` : '');
  // The row is marked by its worst hazard: only errors get the error background.
  const worst = conflict ? 'error' : o.hazards.map(level).sort((a, b) => RANK.indexOf(b) - RANK.indexOf(a))[0];
  const id = ` data-kind="${esc(o.kind)}" data-name="${esc(o.name)}" data-ns="${esc(o.namespace)}"`;
  return (
    `<li class="obj${worst ? ` bad-${worst}` : ''}"${id}${loc}><span class="verb">${esc(verb)}</span> ` +
    `<span class="kind">${esc(o.kind)}</span> <span class="name">${esc(o.name)}</span>${extra}${hazards}</li>`
  );
}

function stepHtml(step: Step, index: number): string {
  const items: string[] = [];
  switch (step.type) {
    case 'ownership':
      for (const o of step.objects) {
        const conflict = step.conflicts.some((c) => c.kind === o.kind && c.name === o.name);
        items.push(objectHtml(o, 'check', conflict ? ' <span class="hazard error">✖ live hook object without ownership metadata: the upgrade fails here</span>' : '', conflict));
      }
      break;
    case 'hooks':
      step.hooks.forEach((h, i) => {
        const actions = [
          h.deletePolicies?.includes('before-hook-creation') ? (h.waitsForDelete === false ? 'delete existing (no wait)' : 'delete existing') : '',
          h.method === 'apply' ? 'apply (server-side)' : h.method === 'create or apply' ? 'create or apply' : 'create',
          h.waits ? 'wait' : '',
        ]
          .filter(Boolean)
          .join(' → ');
        items.push(objectHtml(h, `${i + 1}.`, ` <span class="meta">weight ${h.weight} · ${esc((h.deletePolicies ?? []).join(','))} · ${actions}</span>`));
      });
      for (const o of step.deletedAfter) items.push(objectHtml(o, 'then delete', ' <span class="meta">(hook-succeeded)</span>'));
      break;
    case 'apply':
      for (const o of step.creates) items.push(objectHtml(o, 'create'));
      for (const o of step.updates) items.push(objectHtml(o, 'update'));
      break;
    case 'delete':
      for (const o of step.deletes) items.push(objectHtml(o, 'delete'));
      for (const o of step.kept) items.push(objectHtml(o, 'keep', ' <span class="meta">(resource-policy: keep)</span>'));
      break;
    case 'note':
      for (const o of step.objects) items.push(objectHtml(o, 'left'));
      break;
  }
  return `<section class="step"><h3><span class="n">${index + 1}</span>${esc(step.title)}</h3><ul>${items.join('') || '<li class="none">nothing</li>'}</ul></section>`;
}

/** What changes from one analysis to the next: redrawn in place, so the tab and scroll position stay. */
export function planBodyHtml(r: PlanResponse): string {
  const ops = r.plan.operations;
  const tabs = ops.map((op, i) => `<button class="tab" data-tab="${i}">${esc(op.name)}</button>`).join('');
  const panes = ops.map((op, i) => `<div class="pane" data-pane="${i}"><h2>${esc(op.title)}</h2>${op.steps.map(stepHtml).join('')}</div>`).join('');
  const notice = r.baselineReason ? `<p class="notice">No upgrade plan: ${esc(r.baselineReason)}.</p>` : '';
  return `<h1>${esc(r.plan.chart)}</h1><p class="meta">Profile: ${esc(r.plan.deployer.label)}</p>${notice}<nav>${tabs}</nav>${panes}`;
}

export interface PlanFocus {
  kind: string;
  name: string;
  namespace: string;
}

export function planHtml(r: PlanResponse, cspSource: string, focus?: PlanFocus): string {
  const nonce = randomBytes(16).toString('base64');
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline'; script-src 'nonce-${nonce}';">
<style>
body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);padding:0 16px}
.tab{background:none;border:none;border-bottom:2px solid transparent;color:var(--vscode-foreground);padding:6px 12px;cursor:pointer;font-size:13px}
.tab.on{border-color:var(--vscode-focusBorder);font-weight:600}
.pane{display:none}.pane.on{display:block}
.step{border-left:2px solid var(--vscode-panel-border);margin:0 0 4px 10px;padding:2px 0 8px 16px;position:relative}
.step h3{font-size:13px;margin:6px 0}
.n{position:absolute;left:-11px;background:var(--vscode-badge-background);color:var(--vscode-badge-foreground);border-radius:10px;width:20px;text-align:center;font-size:11px;line-height:20px}
ul{list-style:none;padding:0;margin:0}
.obj{padding:2px 4px;cursor:pointer;border-radius:3px;border-left:3px solid transparent}.obj:hover{background:var(--vscode-list-hoverBackground)}
.obj.bad-error{background:var(--vscode-inputValidation-errorBackground);border-left-color:var(--vscode-editorError-foreground)}
.obj.bad-warning{border-left-color:var(--vscode-editorWarning-foreground)}
.obj.bad-info{border-left-color:var(--vscode-editorInfo-foreground)}
.obj.focus{outline:1px solid var(--vscode-focusBorder)}
.verb{opacity:.7}.kind{font-weight:600}.meta{opacity:.7;font-size:12px}
.hazard{margin-left:8px;font-size:12px}
.hazard.error{color:var(--vscode-editorError-foreground)}
.hazard.warning{color:var(--vscode-editorWarning-foreground)}
.hazard.info{color:var(--vscode-editorInfo-foreground)}
.uses{margin-left:8px;color:var(--vscode-descriptionForeground);font-size:12px}
.none{opacity:.5}.notice{color:var(--vscode-editorWarning-foreground)}
</style></head><body>
<div id="plan">${planBodyHtml(r)}</div>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
const root = document.getElementById('plan');
let tab = 0;
function select(i) {
  tab = i;
  for (const x of root.querySelectorAll('.tab,.pane')) x.classList.toggle('on', Number(x.dataset.tab ?? x.dataset.pane) === i);
}
function bind() {
  for (const b of root.querySelectorAll('.tab')) b.addEventListener('click', () => select(Number(b.dataset.tab)));
  for (const o of root.querySelectorAll('.obj[data-path]')) o.addEventListener('click', () =>
    vscode.postMessage({ open: o.dataset.path, line: Number(o.dataset.line), character: Number(o.dataset.char) }));
  select(Math.min(tab, Math.max(0, root.querySelectorAll('.tab').length - 1)));
}
/** The upgrade tab, scrolled to the object's first row. */
function focus(f) {
  for (const x of root.querySelectorAll('.obj.focus')) x.classList.remove('focus');
  select(0);
  const row = [...root.querySelectorAll('.pane.on .obj')].find((o) => o.dataset.kind === f.kind && o.dataset.name === f.name && o.dataset.ns === f.namespace);
  if (row) { row.classList.add('focus'); row.scrollIntoView({ block: 'center' }); }
}
window.addEventListener('message', (e) => {
  const m = e.data;
  if (m.html !== undefined) {
    const y = window.scrollY;
    root.innerHTML = m.html;
    bind();
    window.scrollTo(0, y);
  }
  if (m.focus) focus(m.focus);
});
bind();
${focus ? `focus(${JSON.stringify(focus).replace(/</g, '\\u003c')});` : ''}
</script></body></html>`;
}

let panel: WebviewPanel | undefined;
let shownChart: string | undefined;
let source: ((chartDir: string) => Promise<PlanResponse | null | undefined>) | undefined;
let refresh: NodeJS.Timeout | undefined;

/** Where the panel gets a chart's plan again when the chart is analysed anew. */
export function setPlanSource(fetch: (chartDir: string) => Promise<PlanResponse | null | undefined>): void {
  source = fetch;
}

/** A chart was analysed: if its plan is shown, it is drawn again (coalesced: analyses come with keystrokes). */
export function planAnalysed(chartDir: string): void {
  if (!panel || chartDir !== shownChart || !source) return;
  clearTimeout(refresh);
  refresh = setTimeout(async () => {
    const r = await source?.(chartDir).catch(() => undefined);
    if (r && panel && r.chartDir === shownChart) void panel.webview.postMessage({ html: planBodyHtml(r) });
  }, 100);
}

/** Shows (or refreshes) the plan panel, at `focus` when given; clicking an object opens its definition. */
export function showPlan(r: PlanResponse, focus?: PlanFocus): void {
  if (!panel) {
    // Beside the editor, keeping its focus: the plan is a picture of the text being edited.
    panel = window.createWebviewPanel('helmHookGuard.plan', 'Helm Upgrade Plan', { viewColumn: ViewColumn.Beside, preserveFocus: true }, { enableScripts: true });
    panel.onDidDispose(() => (panel = undefined));
    panel.webview.onDidReceiveMessage(async (m: { open?: string; line: number; character: number }) => {
      if (!m.open || !shownChart) return;
      const doc = await workspace.openTextDocument(Uri.file(path.join(shownChart, ...m.open.split('/'))));
      const editor = await window.showTextDocument(doc, ViewColumn.One);
      const range = new Range(m.line, m.character, m.line, m.character);
      editor.selection = new Selection(range.start, range.start);
      editor.revealRange(range);
    });
    shownChart = r.chartDir;
    panel.title = `Helm Upgrade Plan: ${r.plan.chart}`;
    panel.webview.html = planHtml(r, panel.webview.cspSource, focus);
  } else if (shownChart !== r.chartDir) {
    shownChart = r.chartDir;
    panel.title = `Helm Upgrade Plan: ${r.plan.chart}`;
    panel.webview.html = planHtml(r, panel.webview.cspSource, focus);
  } else {
    // The same chart: redrawn in place, then scrolled to the object.
    void panel.webview.postMessage({ html: planBodyHtml(r), ...(focus ? { focus } : {}) });
  }
  panel.reveal(ViewColumn.Beside, true);
}
