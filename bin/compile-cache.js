'use strict';
// Loads a bundle from dist/ with V8's code cache, so later starts skip parsing and compiling what earlier runs
// compiled. Node 22.1+ has this built in (module.enableCompileCache); older versions get the same from vm.Script's
// cachedData. Any trouble (no cache folder, a rejected or corrupt cache) falls back to a plain require.
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const crypto = require('node:crypto');
const Module = require('node:module');
const vm = require('node:vm');

function cacheDir() {
  const xdg = process.env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
  return path.join(base, 'helm-hook-guard', 'code');
}

/** Requires `file`; `onExit` stores the code V8 compiled while the program ran, for the next start. */
function load(file) {
  if (process.env.HELM_HOOK_GUARD_NO_COMPILE_CACHE) return require(file);
  if (typeof Module.enableCompileCache === 'function') {
    try {
      Module.enableCompileCache(cacheDir());
    } catch {
      // no cache this time
    }
    return require(file);
  }
  let source;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch {
    return require(file);
  }
  const id = crypto.createHash('sha256').update(process.version).update(process.arch).update(source).digest('hex').slice(0, 32);
  const cacheFile = path.join(cacheDir(), `${path.basename(file)}-${id}.bin`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // first start with this build
  }
  let script;
  try {
    script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  } catch {
    return require(file);
  }
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  require.cache[file] = mod;
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  if (!cachedData || script.cachedDataRejected) {
    // After the run, so the functions it compiled lazily are in the cache too.
    process.once('exit', () => {
      try {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, cacheFile);
      } catch {
        // an unwritable cache only costs the next start its compile
      }
    });
  }
  return mod.exports;
}

module.exports = { load };
