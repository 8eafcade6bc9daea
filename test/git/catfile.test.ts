// The long-lived `git cat-file --batch` reader: every blob byte for byte, whatever the sizes and however git's output
// is cut into chunks, missing objects answered as such, and a read after the process ended starting another.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CatFile } from '../../server/src/git/git';
import { tempRepo, type TempRepo } from '../helpers/git';

describe('CatFile', () => {
  let repo: TempRepo;
  const blobs = new Map<string, Buffer>();
  before(() => {
    repo = tempRepo();
    const files: [string, Buffer][] = [
      ['empty', Buffer.alloc(0)],
      ['one', Buffer.from('x')],
      ['newlines', Buffer.from('\n\n\n')],
      // Headers and bodies cut at every place: sizes around the pipe's 64 KiB chunks and a blob of many chunks.
      ['chunk-1', randomBytes(65536 - 1)],
      ['chunk', randomBytes(65536)],
      ['chunk+1', randomBytes(65536 + 1)],
      ['large', randomBytes(3 * 1024 * 1024 + 17)],
      ['text', Buffer.from('apiVersion: v1\nkind: ConfigMap\n'.repeat(5000))],
    ];
    for (const [name, data] of files) writeFileSync(path.join(repo.dir, name), data);
    repo.commit('blobs');
    for (const [name, data] of files) blobs.set(repo.git('rev-parse', `HEAD:${name}`).trim(), data);
  });
  after(() => repo.dispose());

  it('reads every blob exactly, many at once', async () => {
    const cat = new CatFile(repo.dir);
    try {
      const ids = [...blobs.keys(), ...blobs.keys()].reverse();
      const read = await Promise.all(ids.map((id) => cat.read(id)));
      read.forEach((b, i) => assert.ok(b && b.equals(blobs.get(ids[i])!), `blob ${i} of ${blobs.get(ids[i])!.length} bytes`));
    } finally {
      cat.dispose();
    }
  });

  it('answers undefined for a missing object between found ones', async () => {
    const cat = new CatFile(repo.dir);
    try {
      const [first] = blobs.keys();
      const [a, missing, b] = await Promise.all([cat.read(first), cat.read('0'.repeat(40)), cat.read('HEAD:large')]);
      assert.ok(a?.equals(blobs.get(first)!));
      assert.equal(missing, undefined);
      assert.equal(b?.length, 3 * 1024 * 1024 + 17);
      assert.equal(await cat.read('HEAD:bad\nname'), undefined);
    } finally {
      cat.dispose();
    }
  });

  it('starts another process for a read after close()', async () => {
    const cat = new CatFile(repo.dir);
    try {
      assert.equal((await cat.read('HEAD:one'))?.toString(), 'x');
      cat.close();
      assert.equal((await cat.read('HEAD:newlines'))?.toString(), '\n\n\n');
    } finally {
      cat.dispose();
    }
  });
});
