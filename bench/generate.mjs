// Generated inputs for `npm run bench`: a large chart on a library chart, and a workspace of many charts in git.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function write(dir, rel, text) {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

/** A chart of `templates` templates that use a library chart of `helpers` named templates. */
export function largeChart(dir, templates = 200, helpers = 50) {
  write(dir, 'Chart.yaml', 'apiVersion: v2\nname: large\nversion: 1.0.0\ndependencies:\n  - name: lib\n    version: 1.0.0\n');
  write(dir, 'values.yaml', 'image: nginx:1.27\nreplicas: 2\nenv: prod\nextraLabels:\n  team: core\n  tier: web\n');
  write(dir, 'charts/lib/Chart.yaml', 'apiVersion: v2\nname: lib\nversion: 1.0.0\ntype: library\n');
  let lib = '';
  for (let i = 0; i < helpers; i++) {
    lib += `{{- define "lib.h${i}" -}}\n{{- $name := printf "%s-%s-${i}" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}\n` +
      `app.kubernetes.io/name: {{ $name }}\napp.kubernetes.io/part: {{ default "x" .Values.env | quote }}\n` +
      `{{- range $k, $v := .Values.extraLabels }}\n{{ $k }}: {{ $v | quote }}\n{{- end }}\n{{- end }}\n\n`;
  }
  write(dir, 'charts/lib/templates/_helpers.tpl', lib);
  for (let t = 0; t < templates; t++) {
    const h = t % helpers;
    const kind = t % 4;
    const name = `{{ .Release.Name }}-t${t}`;
    let body;
    if (kind === 0) {
      body = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels:\n    {{- include "lib.h${h}" . | nindent 4 }}\ndata:\n  index: "${t}"\n  env: {{ .Values.env | quote }}\n`;
    } else if (kind === 1) {
      body = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  labels:\n    {{- include "lib.h${h}" . | nindent 4 }}\nspec:\n  replicas: {{ .Values.replicas }}\n  selector:\n    matchLabels:\n      {{- include "lib.h${h}" . | nindent 6 }}\n  template:\n    metadata:\n      labels:\n        {{- include "lib.h${h}" . | nindent 8 }}\n    spec:\n      containers:\n        - name: app\n          image: {{ .Values.image }}\n          envFrom:\n            - configMapRef:\n                name: {{ .Release.Name }}-t${t - 1}\n`;
    } else if (kind === 2) {
      body = `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  labels:\n    {{- include "lib.h${h}" . | nindent 4 }}\nspec:\n  ports:\n    - port: 80\n`;
    } else {
      body = `{{- if .Values.image }}\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\n  annotations:\n    "helm.sh/hook": pre-install,pre-upgrade\n    "helm.sh/hook-weight": "${t % 7}"\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: job\n          image: {{ .Values.image }}\n{{- end }}\n`;
    }
    write(dir, `templates/t${t}.yaml`, body);
  }
  return dir;
}

const git = (cwd, ...args) => execFileSync('git', ['-c', 'user.name=b', '-c', 'user.email=b@example.invalid', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

/** `count` copies of the sample chart in one git repository: committed regular, hook added in the working tree. */
export function workspace(dir, sampleChart, count = 100) {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const chart = join(dir, 'charts', `app-${i}`);
    cpSync(sampleChart, chart, { recursive: true });
    const chartYaml = join(chart, 'Chart.yaml');
    writeFileSync(chartYaml, readFileSync(chartYaml, 'utf8').replace('name: basic-app', `name: app-${i}`));
    for (const f of ['templates/_helpers.tpl', 'templates/configmap.yaml', 'templates/deployment.yaml', 'templates/service.yaml', 'templates/migration-job.yaml']) {
      const p = join(chart, f);
      writeFileSync(p, readFileSync(p, 'utf8').replaceAll('basic-app.', `app-${i}.`));
    }
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'base');
  for (let i = 0; i < count; i++) {
    const p = join(dir, 'charts', `app-${i}`, 'templates', 'configmap.yaml');
    writeFileSync(p, readFileSync(p, 'utf8').replace(/^(  name: .*\n)/m, '$1  annotations:\n    "helm.sh/hook": pre-install,pre-upgrade\n'));
  }
  return dir;
}
