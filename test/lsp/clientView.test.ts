// What the server gives the VS Code client's views: clickable hook lenses above the object, severities in the plan,
// and activity (for the status item's spinner) around workspace scans.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ClientCommands, FIX_ALL_KIND, type OpenPlanArgs, type PlanResponse } from '../../protocol/src';
import { withHook } from '../helpers/charts';
import { sampleSession, type SampleSession } from '../helpers/lspClient';

const CM = 'basic-app/templates/configmap.yaml';
const JOB = 'basic-app/templates/migration-job.yaml';

interface Lens {
  range: { start: { line: number } };
  command: { title: string; command: string; arguments?: unknown[] };
}

/** The sample with the ConfigMap turned hook in the working tree (a regular ConfigMap at HEAD). */
const session = (initializationOptions?: unknown) => sampleSession({ initializationOptions, prepare: (repo) => repo.write(CM, withHook(repo.read(CM))) });

describe('hook lenses, plan severities and activity', () => {
  let plain: SampleSession;
  let vscodeLike: SampleSession;
  before(async () => {
    plain = await session();
    vscodeLike = await session({ clientCommands: [ClientCommands.openPlan] });
  });
  after(async () => {
    await plain.dispose();
    await vscodeLike.dispose();
  });

  const lenses = async (s: SampleSession, rel: string) => {
    const { uri, text } = await s.open(rel);
    return { uri, text, lenses: (await s.client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as Lens[] };
  };

  it('puts the lens on the kind: line, above the object rather than inside its annotations', async () => {
    const { text, lenses: ls } = await lenses(plain, JOB);
    assert.equal(ls.length, 1);
    assert.equal(ls[0].range.start.line, text.split('\n').findIndex((l) => /^kind: Job/.test(l)));
  });

  it('a client with openPlan gets a clickable lens that names the object; others get a title only', async () => {
    const { uri, lenses: ls } = await lenses(vscodeLike, CM);
    assert.equal(ls.length, 1);
    assert.equal(ls[0].command.command, ClientCommands.openPlan);
    assert.deepEqual(ls[0].command.arguments, [{ uri, kind: 'ConfigMap', name: 'basic-app-config', namespace: 'default' } satisfies OpenPlanArgs]);
    const { lenses: bare } = await lenses(plain, CM);
    assert.equal(bare[0].command.command, '');
    assert.equal(bare[0].command.title, ls[0].command.title);
  });

  it('the plan gives each hazard its severity', async () => {
    await vscodeLike.open(CM);
    const r = (await vscodeLike.client.connection.sendRequest('helmHookGuard/plan', { uri: vscodeLike.uri(CM) })) as PlanResponse;
    const objects = r.plan.operations.flatMap((op) => op.steps.flatMap((st) => ('hooks' in st ? st.hooks : 'objects' in st ? st.objects : 'creates' in st ? [...st.creates, ...st.updates] : [...st.deletes, ...st.kept])));
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.hazards.includes('hook-deletes-referenced-resource'));
    assert.ok(cm, JSON.stringify(objects.map((o) => [o.kind, o.name, o.hazards])));
    assert.equal(cm.hazardSeverities?.['hook-deletes-referenced-resource'], 'error');
    for (const o of objects) assert.deepEqual(Object.keys(o.hazardSeverities ?? {}), o.hazards);
    const levels = new Set(objects.flatMap((o) => Object.values(o.hazardSeverities ?? {})));
    assert.ok(levels.size > 1, `one severity only: ${[...levels]}`);
  });

  it('says busy while the workspace scan runs, and idle after', async () => {
    const { client } = plain;
    // The start-up scan (an edit's analysis may overlap it and say busy a little longer).
    await client.waitUntil(() => client.activity.some((a) => !a.busy), 'the start-up scan to end');
    assert.deepEqual(client.activity[0], { busy: true, title: 'Checking 1 chart' });
    const before = client.activity.length;
    const r = (await client.connection.sendRequest('helmHookGuard/checkWorkspace')) as { charts: number };
    assert.equal(r.charts, 1);
    // Idle is said before the answer goes out, so it is here already.
    assert.deepEqual(client.activity.slice(before), [{ busy: true, title: 'Checking 1 chart' }, { busy: false }]);
  });
});

describe('fix all on save, asked right after a keystroke', () => {
  it('answers for the text just typed, even when the keystroke\'s own analysis starts while it is asked', async () => {
    const s = await session();
    try {
      const { uri, text } = await s.open(CM);
      // As editor.codeActionsOnSave does after a last keystroke: the change, then at once the fix-all request.
      for (let version = 2; version < 8; version++) {
        s.client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: text + '\n'.repeat(version - 1) }] });
        const actions = (await s.client.connection.sendRequest('textDocument/codeAction', {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          context: { diagnostics: [], only: [FIX_ALL_KIND], triggerKind: 2 },
        })) as { kind: string; edit: { documentChanges: { textDocument: { version: number } }[] } }[];
        assert.equal(actions.length, 1, `version ${version}: ${JSON.stringify(actions)}`);
        assert.equal(actions[0].edit.documentChanges[0].textDocument.version, version);
        // The timer of the keystroke fires in between, some of the time: wait a varying bit before the next one.
        await new Promise((r) => setTimeout(r, version * 3));
      }
    } finally {
      await s.dispose();
    }
  });
});
