// Globs of the repository config (`charts[].path`, `ignore`): `*`, `?`, `[...]`, `{a,b}` and `**` across folders,
// matched against '/'-separated paths relative to the config file, as gitignore-style tools do.

export function globRegex(glob: string): RegExp {
  let re = '';
  let braces = 0;
  const g = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        const slashAfter = g[i + 2] === '/';
        const atStart = i === 0 || g[i - 1] === '/';
        i++;
        if (atStart && slashAfter) {
          re += '(?:[^/]+/)*'; // `**/`: zero or more folders
          i++;
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const j = g.indexOf(']', i + 1);
      if (j < 0) re += '\\[';
      else {
        let cls = g.slice(i + 1, j);
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        re += '[' + cls.replace(/\\/g, '\\\\') + ']';
        i = j;
      }
    } else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else if (c === '\\' && i + 1 < g.length) re += '\\' + g[++i];
    else re += c.replace(/[.+^${}()|\]\\]/g, '\\$&');
  }
  while (braces-- > 0) re += ')';
  return new RegExp('^' + re + '$');
}

/** Whether a folder (relative path, '' for the config's own folder) matches: itself, or as the parent of what follows. */
export function folderMatches(glob: string, rel: string): boolean {
  const re = globRegex(glob);
  // `charts/legacy/**` names what is inside charts/legacy, so it names the chart folder too.
  return re.test(rel) || re.test(rel === '' ? 'Chart.yaml' : `${rel}/Chart.yaml`);
}
