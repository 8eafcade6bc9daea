// A typical application chart for the render benchmark: 20 templates on a library chart with ~50 helpers in the style
// of bitnami's `common` (names, labels, images, affinities, secrets, capabilities, tplvalues, errors, validations).
// `node bench/genChart.mjs [outDir]` writes it and prints the warm in-process render time (renderChart only).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HELPERS = {
  names: `{{- define "common.names.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- define "common.names.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- define "common.names.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- define "common.names.dependency.fullname" -}}
{{- if .chartValues.fullnameOverride -}}
{{- .chartValues.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .chartName .chartValues.nameOverride -}}
{{- printf "%s-%s" .context.Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- define "common.names.namespace" -}}
{{- default .Release.Namespace .Values.namespaceOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- define "common.names.fullname.namespace" -}}
{{- printf "%s-%s" (include "common.names.fullname" .) (include "common.names.namespace" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
`,
  labels: `{{- define "common.labels.standard" -}}
{{- if and (hasKey . "customLabels") (hasKey . "context") -}}
{{- $default := dict "app.kubernetes.io/name" (include "common.names.name" .context) "helm.sh/chart" (include "common.names.chart" .context) "app.kubernetes.io/instance" .context.Release.Name "app.kubernetes.io/managed-by" .context.Release.Service -}}
{{- with .context.Chart.AppVersion -}}
{{- $_ := set $default "app.kubernetes.io/version" . -}}
{{- end -}}
{{ template "common.tplvalues.merge" (dict "values" (list .customLabels $default) "context" .context) }}
{{- else -}}
app.kubernetes.io/name: {{ include "common.names.name" . }}
helm.sh/chart: {{ include "common.names.chart" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Chart.AppVersion }}
app.kubernetes.io/version: {{ . | quote }}
{{- end -}}
{{- end -}}
{{- end -}}
{{- define "common.labels.matchLabels" -}}
{{- if and (hasKey . "customLabels") (hasKey . "context") -}}
{{ merge (pick (include "common.tplvalues.render" (dict "value" .customLabels "context" .context) | fromYaml) "app.kubernetes.io/name" "app.kubernetes.io/instance") (dict "app.kubernetes.io/name" (include "common.names.name" .context) "app.kubernetes.io/instance" .context.Release.Name ) | toYaml }}
{{- else -}}
app.kubernetes.io/name: {{ include "common.names.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
{{- end -}}
`,
  tplvalues: `{{- define "common.tplvalues.render" -}}
{{- $value := typeIs "string" .value | ternary .value (.value | toYaml) }}
{{- if contains "{{" (toJson .value) }}
  {{- if .scope }}
      {{- tpl (cat "{{- with $.RelativeScope -}}" $value "{{- end }}") (merge (dict "RelativeScope" .scope) .context) }}
  {{- else }}
    {{- tpl $value .context }}
  {{- end }}
{{- else }}
    {{- $value }}
{{- end }}
{{- end -}}
{{- define "common.tplvalues.merge" -}}
{{- $dst := dict -}}
{{- range .values -}}
{{- $dst = include "common.tplvalues.render" (dict "value" . "context" $.context "scope" $.scope) | fromYaml | merge $dst -}}
{{- end -}}
{{ $dst | toYaml }}
{{- end -}}
`,
  images: `{{- define "common.images.image" -}}
{{- $registryName := default .imageRoot.registry ((.global).imageRegistry) -}}
{{- $repositoryName := .imageRoot.repository -}}
{{- $separator := ":" -}}
{{- $termination := .imageRoot.tag | toString -}}
{{- if .imageRoot.digest }}
    {{- $separator = "@" -}}
    {{- $termination = .imageRoot.digest | toString -}}
{{- end -}}
{{- if $registryName }}
    {{- printf "%s/%s%s%s" $registryName $repositoryName $separator $termination -}}
{{- else -}}
    {{- printf "%s%s%s"  $repositoryName $separator $termination -}}
{{- end -}}
{{- end -}}
{{- define "common.images.pullSecrets" -}}
  {{- $pullSecrets := list }}
  {{- range ((.global).imagePullSecrets) -}}
    {{- if kindIs "map" . -}}
      {{- $pullSecrets = append $pullSecrets .name -}}
    {{- else -}}
      {{- $pullSecrets = append $pullSecrets . -}}
    {{- end }}
  {{- end -}}
  {{- range .images -}}
    {{- range .pullSecrets -}}
      {{- $pullSecrets = append $pullSecrets . -}}
    {{- end -}}
  {{- end -}}
  {{- if (not (empty $pullSecrets)) }}
imagePullSecrets:
    {{- range $pullSecrets | uniq }}
  - name: {{ . }}
    {{- end }}
  {{- end }}
{{- end -}}
{{- define "common.images.version" -}}
{{- $imageTag := .imageRoot.tag | toString -}}
{{- if regexMatch \`^([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?$\` $imageTag -}}
    {{- $version := semver $imageTag -}}
    {{- printf "%d.%d.%d" $version.Major $version.Minor $version.Patch -}}
{{- else -}}
    {{- print .chart.AppVersion -}}
{{- end -}}
{{- end -}}
`,
  capabilities: `{{- define "common.capabilities.kubeVersion" -}}
{{- default (default .Capabilities.KubeVersion.Version .Values.kubeVersion) ((.Values.global).kubeVersion) -}}
{{- end -}}
{{- define "common.capabilities.apiVersions.has" -}}
{{- $providedAPIVersions := default .context.Values.apiVersions ((.context.Values.global).apiVersions) -}}
{{- if and (empty $providedAPIVersions) (.context.Capabilities.APIVersions.Has .version) -}}
    {{- true -}}
{{- else if has .version $providedAPIVersions -}}
    {{- true -}}
{{- end -}}
{{- end -}}
{{- define "common.capabilities.policy.apiVersion" -}}
{{- if semverCompare "<1.21-0" (include "common.capabilities.kubeVersion" .) -}}policy/v1beta1{{- else -}}policy/v1{{- end -}}
{{- end -}}
{{- define "common.capabilities.cronjob.apiVersion" -}}
{{- if semverCompare "<1.21-0" (include "common.capabilities.kubeVersion" .) -}}batch/v1beta1{{- else -}}batch/v1{{- end -}}
{{- end -}}
{{- define "common.capabilities.deployment.apiVersion" -}}
{{- if semverCompare "<1.14-0" (include "common.capabilities.kubeVersion" .) -}}extensions/v1beta1{{- else -}}apps/v1{{- end -}}
{{- end -}}
{{- define "common.capabilities.statefulset.apiVersion" -}}
{{- if semverCompare "<1.14-0" (include "common.capabilities.kubeVersion" .) -}}apps/v1beta1{{- else -}}apps/v1{{- end -}}
{{- end -}}
{{- define "common.capabilities.ingress.apiVersion" -}}
{{- if semverCompare "<1.14-0" (include "common.capabilities.kubeVersion" .) -}}extensions/v1beta1{{- else if semverCompare "<1.19-0" (include "common.capabilities.kubeVersion" .) -}}networking.k8s.io/v1beta1{{- else -}}networking.k8s.io/v1{{- end }}
{{- end -}}
{{- define "common.capabilities.rbac.apiVersion" -}}rbac.authorization.k8s.io/v1{{- end -}}
{{- define "common.capabilities.hpa.apiVersion" -}}
{{- if semverCompare "<1.23-0" (include "common.capabilities.kubeVersion" .context) -}}autoscaling/v2beta2{{- else -}}autoscaling/v2{{- end -}}
{{- end -}}
`,
  affinities: `{{- define "common.affinities.nodes.soft" -}}
preferredDuringSchedulingIgnoredDuringExecution:
  - preference:
      matchExpressions:
        - key: {{ .key }}
          operator: In
          values:
            {{- range .values }}
            - {{ . | quote }}
            {{- end }}
    weight: {{ default 1 .weight }}
{{- end -}}
{{- define "common.affinities.nodes" -}}
  {{- if eq .type "soft" }}
    {{- include "common.affinities.nodes.soft" . -}}
  {{- end -}}
{{- end -}}
{{- define "common.affinities.topologyKey" -}}
{{ .topologyKey | default "kubernetes.io/hostname" -}}
{{- end -}}
{{- define "common.affinities.pods.soft" -}}
{{- $component := default "" .component -}}
{{- $customLabels := default (dict) .customLabels -}}
{{- $extraMatchLabels := default (dict) .extraMatchLabels -}}
preferredDuringSchedulingIgnoredDuringExecution:
  - podAffinityTerm:
      labelSelector:
        matchLabels: {{- (include "common.labels.matchLabels" ( dict "customLabels" $customLabels "context" .context )) | nindent 10 }}
          {{- if not (empty $component) }}
          {{ printf "app.kubernetes.io/component: %s" $component }}
          {{- end }}
          {{- range $key, $value := $extraMatchLabels }}
          {{ $key }}: {{ $value | quote }}
          {{- end }}
      topologyKey: {{ include "common.affinities.topologyKey" (dict "topologyKey" .topologyKey) }}
    weight: 1
{{- end -}}
{{- define "common.affinities.pods" -}}
  {{- if eq .type "soft" }}
    {{- include "common.affinities.pods.soft" . -}}
  {{- end -}}
{{- end -}}
`,
  secrets: `{{- define "common.secrets.name" -}}
{{- $name := (include "common.names.fullname" .context) -}}
{{- if .defaultNameSuffix -}}
{{- $name = printf "%s-%s" $name .defaultNameSuffix | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- with .existingSecret -}}
{{- if not (typeIs "string" .) -}}
{{- with .name -}}
{{- $name = . -}}
{{- end -}}
{{- else -}}
{{- $name = . -}}
{{- end -}}
{{- end -}}
{{- printf "%s" $name -}}
{{- end -}}
{{- define "common.secrets.key" -}}
{{- $key := .key -}}
{{- if .existingSecret -}}
  {{- if not (typeIs "string" .existingSecret) -}}
    {{- if .existingSecret.keyMapping -}}
      {{- $key = index .existingSecret.keyMapping $.key -}}
    {{- end -}}
  {{- end }}
{{- end -}}
{{- printf "%s" $key -}}
{{- end -}}
{{- define "common.secrets.passwords.manage" -}}
{{- $password := "" }}
{{- $providedPasswordKey := include "common.utils.getKeyFromList" (dict "keys" .providedValues "context" $.context) }}
{{- $providedPasswordValue := include "common.utils.getValueFromKey" (dict "key" $providedPasswordKey "context" $.context) }}
{{- if $providedPasswordValue }}
{{- $password = $providedPasswordValue | toString | b64enc }}
{{- else }}
{{- $password = printf "%s" (sha256sum (printf "%s-%s" .key .context.Release.Name)) | trunc (int (default 10 .length)) | b64enc }}
{{- end -}}
{{- printf "%s" $password -}}
{{- end -}}
`,
  validations: `{{- define "common.validations.values.single.empty" -}}
  {{- $value := include "common.utils.getValueFromKey" (dict "key" .valueKey "context" .context) }}
  {{- if not $value -}}
    {{- printf "\\n    '%s' must not be empty" .valueKey -}}
  {{- end -}}
{{- end -}}
{{- define "common.validations.values.multiple.empty" -}}
  {{- range .required -}}
    {{- include "common.validations.values.single.empty" (dict "valueKey" .valueKey "secret" .secret "context" $.context) -}}
  {{- end -}}
{{- end -}}
{{- define "common.validations.values.mysql.passwords" -}}{{- end -}}
{{- define "common.validations.values.postgresql.passwords" -}}{{- end -}}
{{- define "common.validations.values.redis.passwords" -}}{{- end -}}
{{- define "common.validations.values.mongodb.passwords" -}}{{- end -}}
{{- define "common.compatibility.isOpenshift" -}}
{{- if .Capabilities.APIVersions.Has "security.openshift.io/v1" -}}true{{- end -}}
{{- end -}}
{{- define "common.compatibility.renderSecurityContext" -}}
{{- $adaptedContext := .secContext -}}
{{- if (((.context.Values.global).compatibility).openshift) -}}
  {{- $adaptedContext = omit $adaptedContext "fsGroup" "runAsUser" "runAsGroup" -}}
{{- end -}}
{{- omit $adaptedContext "enabled" | toYaml -}}
{{- end -}}
{{- define "common.tplvalues.render.keys" -}}{{ keys .value | sortAlpha | join "," }}{{- end -}}
{{- define "common.labels.component" -}}app.kubernetes.io/component: {{ .component }}{{- end -}}
`,
  utils: `{{- define "common.utils.getValueFromKey" -}}
{{- $splitKey := splitList "." .key -}}
{{- $value := "" -}}
{{- $latestObj := $.context.Values -}}
{{- range $splitKey -}}
  {{- if not $latestObj -}}
    {{- printf "please review the entire path of '%s' exists in values" $.key | fail -}}
  {{- end -}}
  {{- $value = ( index $latestObj . ) -}}
  {{- $latestObj = $value -}}
{{- end -}}
{{- printf "%v" (default "" $value) -}}
{{- end -}}
{{- define "common.utils.getKeyFromList" -}}
{{- $key := first .keys -}}
{{- $reverseKeys := reverse .keys }}
{{- range $reverseKeys }}
  {{- $value := include "common.utils.getValueFromKey" (dict "key" . "context" $.context ) }}
  {{- if $value -}}
    {{- $key = . }}
  {{- end -}}
{{- end -}}
{{- printf "%s" $key -}}
{{- end -}}
{{- define "common.utils.checksumTemplate" -}}
{{- $checksum := include .path .context | sha256sum -}}
{{- printf "%s" $checksum -}}
{{- end -}}
{{- define "common.warnings.rollingTag" -}}
{{- if and (contains "bitnami/" .repository) (not (.tag | toString | regexFind "-r\\\\d+$|sha256:")) }}
WARNING: Rolling tag detected ({{ .repository }}:{{ .tag }}).
{{- end }}
{{- end -}}
{{- define "common.errors.upgrade.passwords.empty" -}}
  {{- $validationErrors := join "" .validationErrors -}}
  {{- if and $validationErrors .context.Release.IsUpgrade -}}
    {{- $errorString := "\\nPASSWORDS ERROR: You must provide your current passwords when upgrading the release." -}}
    {{- printf $errorString $validationErrors | fail -}}
  {{- end -}}
{{- end -}}
{{- define "common.storage.class" -}}
{{- $storageClass := (.global).storageClass | default .persistence.storageClass | default (.global).defaultStorageClass | default "" -}}
{{- if $storageClass -}}
  {{- if (eq "-" $storageClass) -}}
      {{- printf "storageClassName: \\"\\"" -}}
  {{- else -}}
      {{- printf "storageClassName: %s" $storageClass -}}
  {{- end -}}
{{- end -}}
{{- end -}}
{{- define "common.resources.preset" -}}
{{- $presets := dict
  "nano" (dict "requests" (dict "cpu" "100m" "memory" "128Mi") "limits" (dict "cpu" "150m" "memory" "192Mi"))
  "small" (dict "requests" (dict "cpu" "500m" "memory" "512Mi") "limits" (dict "cpu" "750m" "memory" "768Mi"))
 }}
{{- if hasKey $presets .type -}}
{{- index $presets .type | toYaml -}}
{{- else -}}
{{- printf "ERROR: Preset key '%s' invalid. Allowed values are %s" .type (join "," (keys $presets)) | fail -}}
{{- end -}}
{{- end -}}
{{- define "common.ingress.backend" -}}
service:
  name: {{ .serviceName }}
  port:
    {{- if typeIs "string" .servicePort }}
    name: {{ .servicePort }}
    {{- else if or (typeIs "int" .servicePort) (typeIs "float64" .servicePort) }}
    number: {{ .servicePort | int }}
    {{- end }}
{{- end -}}
{{- define "common.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
    {{ default (include "common.names.fullname" .) .Values.serviceAccount.name }}
{{- else -}}
    {{ default "default" .Values.serviceAccount.name }}
{{- end -}}
{{- end -}}
`,
};

function component(i) {
  const n = `comp${i}`;
  const kinds = ['deployment', 'service', 'configmap', 'secret', 'ingress', 'hpa', 'pdb', 'serviceaccount', 'role', 'job'];
  const kind = kinds[i % kinds.length];
  const meta = `metadata:
  name: {{ printf "%s-${n}" (include "common.names.fullname" .) | trunc 63 | trimSuffix "-" }}
  namespace: {{ include "common.names.namespace" . | quote }}
  labels: {{- include "common.labels.standard" ( dict "customLabels" .Values.commonLabels "context" $ ) | nindent 4 }}
    app.kubernetes.io/component: ${n}
  {{- if .Values.commonAnnotations }}
  annotations: {{- include "common.tplvalues.render" ( dict "value" .Values.commonAnnotations "context" $ ) | nindent 4 }}
  {{- end }}
`;
  switch (kind) {
    case 'deployment':
      return `{{- if .Values.${n}.enabled }}
apiVersion: {{ include "common.capabilities.deployment.apiVersion" . }}
kind: Deployment
${meta}spec:
  replicas: {{ .Values.${n}.replicaCount }}
  selector:
    matchLabels: {{- include "common.labels.matchLabels" ( dict "customLabels" .Values.podLabels "context" $ ) | nindent 6 }}
  template:
    metadata:
      labels: {{- include "common.labels.standard" ( dict "customLabels" .Values.podLabels "context" $ ) | nindent 8 }}
      annotations:
        checksum/config: {{ include (print $.Template.BasePath "/configmap-2.yaml") . | sha256sum }}
    spec:
      {{- include "common.images.pullSecrets" (dict "images" (list .Values.image) "global" .Values.global) | nindent 6 }}
      serviceAccountName: {{ include "common.serviceAccountName" . }}
      affinity:
        podAntiAffinity: {{- include "common.affinities.pods" (dict "type" "soft" "component" "${n}" "customLabels" .Values.podLabels "context" $) | nindent 10 }}
        nodeAffinity: {{- include "common.affinities.nodes" (dict "type" "soft" "key" "zone" "values" (list "a" "b")) | nindent 10 }}
      containers:
        - name: ${n}
          image: {{ include "common.images.image" (dict "imageRoot" .Values.image "global" .Values.global) }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          {{- if .Values.${n}.resources }}
          resources: {{- toYaml .Values.${n}.resources | nindent 12 }}
          {{- else }}
          resources: {{- include "common.resources.preset" (dict "type" "nano") | nindent 12 }}
          {{- end }}
          env:
            {{- range $k, $v := .Values.${n}.env }}
            - name: {{ $k | upper }}
              value: {{ $v | quote }}
            {{- end }}
            - name: PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ include "common.secrets.name" (dict "existingSecret" .Values.existingSecret "context" $) }}
                  key: {{ include "common.secrets.key" (dict "existingSecret" .Values.existingSecret "key" "password") }}
          ports:
            - containerPort: {{ .Values.${n}.port }}
{{- end }}
`;
    case 'service':
      return `apiVersion: v1
kind: Service
${meta}spec:
  type: {{ .Values.service.type }}
  ports:
    {{- range .Values.service.ports }}
    - name: {{ .name }}
      port: {{ .port }}
      targetPort: {{ .targetPort | default .port }}
    {{- end }}
  selector: {{- include "common.labels.matchLabels" ( dict "customLabels" .Values.podLabels "context" $ ) | nindent 4 }}
`;
    case 'configmap':
      return `apiVersion: v1
kind: ConfigMap
${meta}data:
  config.yaml: |
    {{- include "common.tplvalues.render" (dict "value" .Values.config "context" $) | nindent 4 }}
  version: {{ include "common.images.version" (dict "imageRoot" .Values.image "chart" .Chart) | quote }}
`;
    case 'secret':
      return `apiVersion: v1
kind: Secret
${meta}type: Opaque
data:
  password: {{ include "common.secrets.passwords.manage" (dict "key" "password" "providedValues" (list "auth.password") "context" $) }}
`;
    case 'ingress':
      return `{{- if .Values.ingress.enabled }}
apiVersion: {{ include "common.capabilities.ingress.apiVersion" . }}
kind: Ingress
${meta}spec:
  rules:
    {{- range .Values.ingress.hosts }}
    - host: {{ .host | quote }}
      http:
        paths:
          - path: {{ .path }}
            pathType: Prefix
            backend: {{- include "common.ingress.backend" (dict "serviceName" (include "common.names.fullname" $) "servicePort" "http" "context" $) | nindent 14 }}
    {{- end }}
{{- end }}
`;
    case 'hpa':
      return `apiVersion: {{ include "common.capabilities.hpa.apiVersion" (dict "context" $) }}
kind: HorizontalPodAutoscaler
${meta}spec:
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
`;
    case 'pdb':
      return `apiVersion: {{ include "common.capabilities.policy.apiVersion" . }}
kind: PodDisruptionBudget
${meta}spec:
  maxUnavailable: 1
`;
    case 'serviceaccount':
      return `apiVersion: v1
kind: ServiceAccount
${meta}automountServiceAccountToken: false
`;
    case 'role':
      return `apiVersion: {{ include "common.capabilities.rbac.apiVersion" . }}
kind: Role
${meta}rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get", "list"]
`;
    default:
      return `apiVersion: {{ include "common.capabilities.cronjob.apiVersion" . | replace "v1beta1" "v1" }}
kind: Job
${meta.replace(/ {2}\{\{- if \.Values\.commonAnnotations \}\}\n {2}annotations: (.*)\n {2}\{\{- end \}\}\n/, `  annotations:\n    "helm.sh/hook": post-install,post-upgrade\n    "helm.sh/hook-weight": "{{ ${i} }}"\n    {{- include "common.tplvalues.render" ( dict "value" .Values.commonAnnotations "context" $ ) | nindent 4 }}\n`)}spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: job
          image: {{ include "common.images.image" (dict "imageRoot" .Values.image "global" .Values.global) }}
`;
  }
}

/** The chart's files as a Map (path -> text). */
export function typicalChart(templates = 20) {
  const files = new Map();
  files.set('Chart.yaml', 'apiVersion: v2\nname: typical\nversion: 1.0.0\nappVersion: "2.4.1"\ndependencies:\n  - name: common\n    version: 2.x.x\n');
  let values = `commonLabels:\n  team: platform\ncommonAnnotations:\n  owner: "{{ .Release.Name }}"\npodLabels:\n  tier: backend\nimage:\n  registry: docker.io\n  repository: bitnami/app\n  tag: 2.4.1-debian-12-r0\n  pullPolicy: IfNotPresent\n  pullSecrets: [regcred]\nglobal:\n  imagePullSecrets: [globalcred]\nexistingSecret: ""\nauth:\n  password: ""\nservice:\n  type: ClusterIP\n  ports:\n    - name: http\n      port: 80\n      targetPort: 8080\n    - name: metrics\n      port: 9090\ningress:\n  enabled: true\n  hosts:\n    - host: app.example.com\n      path: /\nautoscaling:\n  minReplicas: 1\n  maxReplicas: 5\nserviceAccount:\n  create: true\nconfig:\n  logLevel: info\n  release: "{{ .Release.Name }}"\n  nested:\n    a: 1\n    b: [x, y]\n`;
  for (let i = 0; i < templates; i++) {
    values += `comp${i}:\n  enabled: true\n  replicaCount: ${1 + (i % 3)}\n  port: ${8000 + i}\n  env:\n    mode: prod\n    index: "${i}"\n  resources: ${i % 2 ? '{}' : '\n    limits:\n      cpu: 200m'}\n`;
    files.set(`templates/${component(i).includes('kind: ConfigMap') ? `configmap-${i}` : `component-${i}`}.yaml`, component(i));
  }
  files.set('values.yaml', values);
  files.set('templates/_helpers.tpl', '{{- define "typical.extra" -}}{{ include "common.names.fullname" . }}-extra{{- end -}}\n');
  files.set('templates/NOTES.txt', 'Installed {{ include "common.names.fullname" . }}\n');
  files.set('charts/common/Chart.yaml', 'apiVersion: v2\nname: common\nversion: 2.20.0\ntype: library\n');
  files.set('charts/common/values.yaml', 'exampleValue: common-chart\n');
  for (const [k, text] of Object.entries(HELPERS)) files.set(`charts/common/templates/_${k}.tpl`, text);
  return files;
}

function countDefines(files) {
  let n = 0;
  for (const [p, t] of files) if (p.startsWith('charts/common/')) n += (t.match(/define "/g) ?? []).length;
  return n;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'hhg-typical-'));
  const files = typicalChart();
  for (const [p, text] of files) {
    mkdirSync(dirname(join(out, p)), { recursive: true });
    writeFileSync(join(out, p), text);
  }
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const require = createRequire(import.meta.url);
  const { renderChart } = require(join(root, 'out/server/src/chart/render.js'));
  const opts = { releaseName: 'release-name', namespace: 'default' };
  for (let i = 0; i < 50; i++) renderChart({ files: new Map(files) }, opts);
  const times = [];
  for (let i = 0; i < 200; i++) {
    const f = { files: new Map(files) };
    const t0 = process.hrtime.bigint();
    const r = renderChart(f, opts);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (i === 0) {
      const errs = [...r.errors, ...r.templates.filter((t) => t.error).map((t) => t.error)];
      if (errs.length) console.error(errs.map((e) => e.message).join('\n'));
    }
  }
  times.sort((a, b) => a - b);
  const templates = [...files.keys()].filter((p) => p.startsWith('templates/') && !p.includes('/_')).length - 1;
  console.log(JSON.stringify({ chart: out, templates, libraryHelpers: countDefines(files), renderMs: { median: +times[100].toFixed(3), p95: +times[190].toFixed(3), min: +times[0].toFixed(3) } }));
}
