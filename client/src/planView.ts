// "Helm Hook Guard: Show Upgrade Plan": the server's plan as a timeline in a webview, with hazards that open their
// diagnostics. The plan itself comes from the server (analysis/plan.ts); this file only draws it.
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Range, Selection, Uri, ViewColumn, window, workspace, type WebviewPanel } from 'vscode';
import type { PlanHook, PlanObject, PlanResponse, PlanStep } from '../../protocol/src';

type Obj = PlanObject & Partial<Pick<PlanHook, 'weight' | 'deletePolicies' | 'waits' | 'method' | 'waitsForDelete'>>;
type Step = PlanStep;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function objectHtml(o: Obj, verb: string, extra = '', conflict = false): string {
  const loc = o.location ? ` data-path="${esc(o.location.path)}" data-line="${o.location.range.start.line}" data-char="${o.location.range.start.character}"` : '';
  const hazards =
    o.hazards.map((h) => `<span class="hazard">⚠ ${esc(h)}</span>`).join('') +
    (o.usedBy ? `<span class="uses">used by ${esc(o.usedBy.join('; '))}</span>` : '');
  return (
    `<li class="obj${o.hazards.length || conflict ? ' bad' : ''}"${loc}><span class="verb">${esc(verb)}</span> ` +
    `<span class="kind">${esc(o.kind)}</span> <span class="name">${esc(o.name)}</span>${extra}${hazards}</li>`
  );
}

function stepHtml(step: Step, index: number): string {
  const items: string[] = [];
  switch (step.type) {
    case 'ownership':
      for (const o of step.objects) {
        const conflict = step.conflicts.some((c) => c.kind === o.kind && c.name === o.name);
        items.push(objectHtml(o, 'check', conflict ? ' <span class="hazard">✗ live hook object without ownership metadata: the upgrade fails here</span>' : '', conflict));
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

export function planHtml(r: PlanResponse, cspSource: string): string {
  const nonce = randomBytes(16).toString('base64');
  const ops = r.plan.operations;
  const tabs = ops.map((op, i) => `<button class="tab${i === 0 ? ' on' : ''}" data-tab="${i}">${esc(op.name)}</button>`).join('');
  const panes = ops
    .map((op, i) => `<div class="pane${i === 0 ? ' on' : ''}" data-pane="${i}"><h2>${esc(op.title)}</h2>${op.steps.map(stepHtml).join('')}</div>`)
    .join('');
  const notice = r.baselineReason ? `<p class="notice">No upgrade plan: ${esc(r.baselineReason)}.</p>` : '';
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
.obj{padding:2px 4px;cursor:pointer;border-radius:3px}.obj:hover{background:var(--vscode-list-hoverBackground)}
.obj.bad{background:var(--vscode-inputValidation-errorBackground)}
.verb{opacity:.7}.kind{font-weight:600}.meta{opacity:.7;font-size:12px}
.hazard{margin-left:8px;color:var(--vscode-errorForeground);font-size:12px}
.uses{margin-left:8px;color:var(--vscode-descriptionForeground);font-size:12px}
.none{opacity:.5}.notice{color:var(--vscode-editorWarning-foreground)}
</style></head><body>
<h1>${esc(r.plan.chart)}</h1><p class="meta">Profile: ${esc(r.plan.deployer.label)}</p>${notice}<nav>${tabs}</nav>${panes}
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
for (const b of document.querySelectorAll('.tab')) b.addEventListener('click', () => {
  for (const x of document.querySelectorAll('.tab,.pane')) x.classList.remove('on');
  b.classList.add('on');
  document.querySelector('.pane[data-pane="' + b.dataset.tab + '"]').classList.add('on');
});
for (const o of document.querySelectorAll('.obj[data-path]')) o.addEventListener('click', () =>
  vscode.postMessage({ open: o.dataset.path, line: Number(o.dataset.line), character: Number(o.dataset.char) }));
</script></body></html>`;
}

let panel: WebviewPanel | undefined;
let shownChart: string | undefined;

/** Shows (or refreshes) the plan panel; clicking an object opens its definition, where its diagnostics are. */
export function showPlan(r: PlanResponse): void {
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
  }
  shownChart = r.chartDir;
  panel.title = `Helm Upgrade Plan: ${r.plan.chart}`;
  panel.webview.html = planHtml(r, panel.webview.cspSource);
  panel.reveal(ViewColumn.Beside, true);
}
