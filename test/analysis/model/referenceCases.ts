// One case per reference kind of the reference table: a referrer whose reference is marked ⟦ ⟧, and the object it
// names. Shared by the model test (the reference is read, with its target's identity) and the rule test (the target
// turning into a hook is caught, a same-named object of another API group is not).

export interface ReferenceCase {
  /** Unique; also the object names' stem. */
  id: string;
  /** The referrer's YAML, with the name value marked ⟦ ⟧. */
  referrer: string;
  /** The named object. */
  target: { apiVersion: string; kind: string; name: string; namespace?: string };
  /** The reference read from the referrer. */
  expect: { group: string; kind: string; namespace: string; name: string; consequence: string; via?: RegExp };
  /** The headline rule's severity when the target becomes a hook. */
  severity: 'error' | 'warning';
  /** Words of the consequence for the referrer, in the finding's detail. */
  detail: RegExp;
}

const podSpec = (indent: number, body: string) => body.split('\n').map((l) => ' '.repeat(indent) + l).join('\n');
const container = (extra = '') => `containers:\n  - name: app\n    image: busybox${extra ? '\n' + podSpec(4, extra) : ''}`;

const workload = (apiVersion: string, kind: string, name: string, prefix: string[], spec: string) => {
  let out = `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n`;
  prefix.forEach((p, i) => (out += `${' '.repeat(i * 2)}${p}:\n`));
  return out + podSpec(prefix.length * 2, spec) + '\n';
};

const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', name });
const secret = (name: string) => ({ apiVersion: 'v1', kind: 'Secret', name });
const service = (name: string) => ({ apiVersion: 'v1', kind: 'Service', name });
const ns = 'ns';
const mount = 'fail to mount';
const podFails = /Pods of .* will fail to start: CreateContainerConfigError/;

export const CASES: ReferenceCase[] = [
  {
    id: 'deploy-volume',
    referrer: workload('apps/v1', 'Deployment', 'web', ['spec', 'template', 'spec'], `${container()}\nvolumes:\n  - name: config\n    configMap:\n      name: ⟦deploy-volume-cm⟧`),
    target: cm('deploy-volume-cm'),
    expect: { group: '', kind: 'ConfigMap', namespace: ns, name: 'deploy-volume-cm', consequence: 'pod-cannot-start', via: /volume "config"/ },
    severity: 'error',
    detail: /Pods of Deployment web will fail to mount volume "config" \(configmap "deploy-volume-cm" not found\)/,
  },
  {
    id: 'sts-init-envfrom',
    referrer: workload('apps/v1', 'StatefulSet', 'db', ['spec', 'template', 'spec'], `${container()}\ninitContainers:\n  - name: init\n    image: busybox\n    envFrom:\n      - secretRef:\n          name: ⟦sts-init-envfrom-secret⟧`),
    target: secret('sts-init-envfrom-secret'),
    expect: { group: '', kind: 'Secret', namespace: ns, name: 'sts-init-envfrom-secret', consequence: 'pod-cannot-start', via: /envFrom of container "init"/ },
    severity: 'error',
    detail: podFails,
  },
  {
    id: 'ds-ephemeral-env',
    referrer: workload('apps/v1', 'DaemonSet', 'agent', ['spec', 'template', 'spec'], `${container()}\nephemeralContainers:\n  - name: debug\n    image: busybox\n    env:\n      - name: TOKEN\n        valueFrom:\n          secretKeyRef:\n            name: ⟦ds-ephemeral-env-secret⟧\n            key: token`),
    target: secret('ds-ephemeral-env-secret'),
    expect: { group: '', kind: 'Secret', namespace: ns, name: 'ds-ephemeral-env-secret', consequence: 'pod-cannot-start', via: /env TOKEN of container "debug"/ },
    severity: 'error',
    detail: podFails,
  },
  {
    id: 'rs-projected',
    referrer: workload('apps/v1', 'ReplicaSet', 'rs', ['spec', 'template', 'spec'], `${container()}\nvolumes:\n  - name: all\n    projected:\n      sources:\n        - configMap:\n            name: ⟦rs-projected-cm⟧`),
    target: cm('rs-projected-cm'),
    expect: { group: '', kind: 'ConfigMap', namespace: ns, name: 'rs-projected-cm', consequence: 'pod-cannot-start', via: /projected volume "all"/ },
    severity: 'error',
    detail: new RegExp(mount),
  },
  {
    id: 'job-csi',
    referrer: workload('batch/v1', 'Job', 'copy', ['spec', 'template', 'spec'], `restartPolicy: Never\n${container()}\nvolumes:\n  - name: store\n    csi:\n      driver: secrets-store.csi.k8s.io\n      nodePublishSecretRef:\n        name: ⟦job-csi-secret⟧`),
    target: secret('job-csi-secret'),
    expect: { group: '', kind: 'Secret', namespace: ns, name: 'job-csi-secret', consequence: 'pod-cannot-start', via: /volume "store"/ },
    severity: 'error',
    detail: new RegExp(mount),
  },
  {
    id: 'cron-pull',
    referrer: workload('batch/v1', 'CronJob', 'nightly', ['spec', 'jobTemplate', 'spec', 'template', 'spec'], `restartPolicy: Never\n${container()}\nimagePullSecrets:\n  - name: ⟦cron-pull-secret⟧`).replace('spec:\n  jobTemplate', 'spec:\n  schedule: "@daily"\n  jobTemplate'),
    target: secret('cron-pull-secret'),
    expect: { group: '', kind: 'Secret', namespace: ns, name: 'cron-pull-secret', consequence: 'pod-cannot-start', via: /imagePullSecrets/ },
    severity: 'error',
    detail: /fail to pull private images/,
  },
  {
    id: 'pod-sa',
    referrer: workload('v1', 'Pod', 'runner', ['spec'], `serviceAccountName: ⟦pod-sa-sa⟧\n${container()}`),
    target: { apiVersion: 'v1', kind: 'ServiceAccount', name: 'pod-sa-sa' },
    expect: { group: '', kind: 'ServiceAccount', namespace: ns, name: 'pod-sa-sa', consequence: 'pod-cannot-start' },
    severity: 'error',
    detail: /will not be created/,
  },
  {
    id: 'rc-secret-volume',
    referrer: workload('v1', 'ReplicationController', 'legacy', ['spec', 'template', 'spec'], `${container()}\nvolumes:\n  - name: certs\n    secret:\n      secretName: ⟦rc-secret-volume-secret⟧`),
    target: secret('rc-secret-volume-secret'),
    expect: { group: '', kind: 'Secret', namespace: ns, name: 'rc-secret-volume-secret', consequence: 'pod-cannot-start', via: /volume "certs"/ },
    severity: 'error',
    detail: new RegExp(mount),
  },
  {
    id: 'priority',
    referrer: workload('apps/v1', 'Deployment', 'critical', ['spec', 'template', 'spec'], `priorityClassName: ⟦priority-high⟧\n${container()}`),
    target: { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', name: 'priority-high' },
    expect: { group: 'scheduling.k8s.io', kind: 'PriorityClass', namespace: '', name: 'priority-high', consequence: 'pod-cannot-start' },
    severity: 'error',
    detail: /rejected at creation \(no PriorityClass with name priority-high was found\)/,
  },
  {
    id: 'runtime',
    referrer: workload('apps/v1', 'Deployment', 'sandboxed', ['spec', 'template', 'spec'], `runtimeClassName: ⟦runtime-gvisor⟧\n${container()}`),
    target: { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', name: 'runtime-gvisor' },
    expect: { group: 'node.k8s.io', kind: 'RuntimeClass', namespace: '', name: 'runtime-gvisor', consequence: 'pod-cannot-start' },
    severity: 'error',
    detail: /RuntimeClass "runtime-gvisor" not found/,
  },
  {
    id: 'pvc-volume',
    referrer: workload('apps/v1', 'Deployment', 'store', ['spec', 'template', 'spec'], `${container()}\nvolumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: ⟦pvc-volume-data⟧`),
    target: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'pvc-volume-data' },
    expect: { group: '', kind: 'PersistentVolumeClaim', namespace: ns, name: 'pvc-volume-data', consequence: 'data-deleted' },
    severity: 'error',
    detail: /deleted with its volume's data when the reclaim policy is Delete/,
  },
  {
    id: 'rollout',
    referrer: workload('argoproj.io/v1alpha1', 'Rollout', 'canary', ['spec', 'template', 'spec'], `${container()}\nvolumes:\n  - name: config\n    configMap:\n      name: ⟦rollout-cm⟧`),
    target: cm('rollout-cm'),
    expect: { group: '', kind: 'ConfigMap', namespace: ns, name: 'rollout-cm', consequence: 'pod-cannot-start' },
    severity: 'error',
    detail: /Pods of Rollout canary will fail to mount volume "config"/,
  },
  {
    id: 'workflow',
    referrer: `apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: wf\nspec:\n  entrypoint: main\n  templates:\n    - name: main\n      container:\n        image: busybox\n        envFrom:\n          - configMapRef:\n              name: ⟦workflow-cm⟧\n`,
    target: cm('workflow-cm'),
    expect: { group: '', kind: 'ConfigMap', namespace: ns, name: 'workflow-cm', consequence: 'pod-cannot-start', via: /envFrom of template "main"/ },
    severity: 'error',
    detail: /Pods of Workflow wf will fail to start/,
  },
  {
    id: 'workflow-template',
    referrer: `apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata:\n  name: wft\nspec:\n  volumes:\n    - name: creds\n      secret:\n        secretName: ⟦workflow-template-secret⟧\n  templates:\n    - name: main\n      script:\n        image: busybox\n        source: echo\n`,
    target: secret('workflow-template-secret'),
    expect: { group: '', kind: 'Secret', namespace: ns, name: 'workflow-template-secret', consequence: 'pod-cannot-start', via: /volume "creds"/ },
    severity: 'error',
    detail: new RegExp(mount),
  },
  {
    id: 'cron-workflow',
    referrer: `apiVersion: argoproj.io/v1alpha1\nkind: CronWorkflow\nmetadata:\n  name: cwf\nspec:\n  schedule: "0 * * * *"\n  workflowSpec:\n    serviceAccountName: ⟦cron-workflow-sa⟧\n    entrypoint: main\n    templates:\n      - name: main\n        container:\n          image: busybox\n`,
    target: { apiVersion: 'v1', kind: 'ServiceAccount', name: 'cron-workflow-sa' },
    expect: { group: '', kind: 'ServiceAccount', namespace: ns, name: 'cron-workflow-sa', consequence: 'pod-cannot-start' },
    severity: 'error',
    detail: /will not be created/,
  },
  {
    id: 'scaledjob',
    referrer: workload('keda.sh/v1alpha1', 'ScaledJob', 'worker', ['spec', 'jobTargetRef', 'template', 'spec'], `${container('envFrom:\n  - secretRef:\n      name: ⟦scaledjob-secret⟧')}`),
    target: secret('scaledjob-secret'),
    expect: { group: '', kind: 'Secret', namespace: ns, name: 'scaledjob-secret', consequence: 'pod-cannot-start', via: /envFrom of container "app"/ },
    severity: 'error',
    detail: /Pods of ScaledJob worker will fail to start/,
  },
  {
    id: 'knative',
    referrer: workload('serving.knative.dev/v1', 'Service', 'hello', ['spec', 'template', 'spec'], `${container('env:\n  - name: GREETING\n    valueFrom:\n      configMapKeyRef:\n        name: ⟦knative-cm⟧\n        key: greeting')}`),
    target: cm('knative-cm'),
    expect: { group: '', kind: 'ConfigMap', namespace: ns, name: 'knative-cm', consequence: 'pod-cannot-start', via: /env GREETING of container "app"/ },
    severity: 'error',
    detail: /Pods of Service hello will fail to start/,
  },
  {
    id: 'cloneset',
    referrer: workload('apps.kruise.io/v1alpha1', 'CloneSet', 'clones', ['spec', 'template', 'spec'], `${container()}\nvolumes:\n  - name: config\n    configMap:\n      name: ⟦cloneset-cm⟧`),
    target: cm('cloneset-cm'),
    expect: { group: '', kind: 'ConfigMap', namespace: ns, name: 'cloneset-cm', consequence: 'pod-cannot-start' },
    severity: 'error',
    detail: /Pods of CloneSet clones will fail to mount/,
  },
  {
    id: 'unlisted-crd',
    // A kind no table lists: the pod spec is found by its shape.
    referrer: workload('example.com/v1', 'Widget', 'gadget', ['spec', 'runner', 'podTemplate', 'spec'], `${container()}\nvolumes:\n  - name: config\n    configMap:\n      name: ⟦unlisted-crd-cm⟧`),
    target: cm('unlisted-crd-cm'),
    expect: { group: '', kind: 'ConfigMap', namespace: ns, name: 'unlisted-crd-cm', consequence: 'pod-cannot-start' },
    severity: 'error',
    detail: /Pods of Widget gadget will fail to mount volume "config"/,
  },
  {
    id: 'ingress-tls',
    referrer: `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: site\nspec:\n  tls:\n    - hosts: [www.example.com]\n      secretName: ⟦ingress-tls-secret⟧\n`,
    target: secret('ingress-tls-secret'),
    expect: { group: '', kind: 'Secret', namespace: ns, name: 'ingress-tls-secret', consequence: 'tls-fallback', via: /TLS of www.example.com/ },
    severity: 'error',
    detail: /Ingress site falls back to the controller's default certificate for www.example.com/,
  },
  {
    id: 'ingress-backend',
    referrer: `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: api\nspec:\n  rules:\n    - http:\n        paths:\n          - path: /api\n            pathType: Prefix\n            backend:\n              service:\n                name: ⟦ingress-backend-svc⟧\n                port: {number: 80}\n`,
    target: service('ingress-backend-svc'),
    expect: { group: '', kind: 'Service', namespace: ns, name: 'ingress-backend-svc', consequence: 'traffic-fails', via: /backend of path \/api/ },
    severity: 'error',
    detail: /Traffic through Ingress api \(backend of path \/api\) 503s/,
  },
  {
    id: 'ingress-class',
    referrer: `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: classy\nspec:\n  ingressClassName: ⟦ingress-class-nginx⟧\n`,
    target: { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', name: 'ingress-class-nginx' },
    expect: { group: 'networking.k8s.io', kind: 'IngressClass', namespace: '', name: 'ingress-class-nginx', consequence: 'traffic-fails' },
    severity: 'error',
    detail: /served by no controller/,
  },
  {
    id: 'httproute',
    referrer: `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: route\nspec:\n  rules:\n    - backendRefs:\n        - name: ⟦httproute-svc⟧\n          port: 80\n`,
    target: service('httproute-svc'),
    expect: { group: '', kind: 'Service', namespace: ns, name: 'httproute-svc', consequence: 'traffic-fails', via: /backendRefs/ },
    severity: 'error',
    detail: /Traffic through HTTPRoute route \(backendRefs\) 503s/,
  },
  {
    id: 'route-parent',
    referrer: `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: attached\nspec:\n  parentRefs:\n    - name: ⟦route-parent-gw⟧\n`,
    target: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', name: 'route-parent-gw' },
    expect: { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: ns, name: 'route-parent-gw', consequence: 'traffic-fails' },
    severity: 'error',
    detail: /attached to no Gateway/,
  },
  {
    id: 'gateway-cert',
    referrer: `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: edge\nspec:\n  gatewayClassName: external\n  listeners:\n    - name: https\n      protocol: HTTPS\n      port: 443\n      tls:\n        certificateRefs:\n          - name: ⟦gateway-cert-secret⟧\n`,
    target: secret('gateway-cert-secret'),
    expect: { group: '', kind: 'Secret', namespace: ns, name: 'gateway-cert-secret', consequence: 'tls-fallback', via: /listener "https"/ },
    severity: 'error',
    detail: /HTTPS listener of Gateway edge is not programmed/,
  },
  {
    id: 'rb-subject',
    referrer: `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: reader\nsubjects:\n  - kind: ServiceAccount\n    name: ⟦rb-subject-sa⟧\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\n`,
    target: { apiVersion: 'v1', kind: 'ServiceAccount', name: 'rb-subject-sa' },
    expect: { group: '', kind: 'ServiceAccount', namespace: ns, name: 'rb-subject-sa', consequence: 'rbac-denied', via: /subjects/ },
    severity: 'error',
    detail: /RoleBinding reader no longer applies to ServiceAccount rb-subject-sa/,
  },
  {
    id: 'rb-role',
    referrer: `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: editor\nsubjects:\n  - kind: ServiceAccount\n    name: default\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: ⟦rb-role-role⟧\n`,
    target: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', name: 'rb-role-role' },
    expect: { group: 'rbac.authorization.k8s.io', kind: 'Role', namespace: ns, name: 'rb-role-role', consequence: 'rbac-denied', via: /roleRef/ },
    severity: 'error',
    detail: /RoleBinding editor grants nothing/,
  },
  {
    id: 'crb-role',
    referrer: `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: global\nsubjects:\n  - kind: ServiceAccount\n    name: default\n    namespace: ns\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: ⟦crb-role-clusterrole⟧\n`,
    target: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'crb-role-clusterrole' },
    expect: { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', namespace: '', name: 'crb-role-clusterrole', consequence: 'rbac-denied' },
    severity: 'error',
    detail: /ClusterRoleBinding global grants nothing/,
  },
  {
    id: 'sts-service',
    referrer: `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: cluster\nspec:\n  serviceName: ⟦sts-service-headless⟧\n  selector: {matchLabels: {app: c}}\n  template:\n    metadata: {labels: {app: c}}\n    spec:\n      containers:\n        - name: app\n          image: busybox\n`,
    target: service('sts-service-headless'),
    expect: { group: '', kind: 'Service', namespace: ns, name: 'sts-service-headless', consequence: 'traffic-fails', via: /serviceName/ },
    severity: 'error',
    detail: /Pods of StatefulSet cluster lose their stable DNS names/,
  },
  {
    id: 'apiservice',
    referrer: `apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata:\n  name: v1beta1.metrics.example.com\nspec:\n  group: metrics.example.com\n  version: v1beta1\n  groupPriorityMinimum: 100\n  versionPriority: 100\n  service:\n    name: ⟦apiservice-svc⟧\n    namespace: ns\n`,
    target: service('apiservice-svc'),
    expect: { group: '', kind: 'Service', namespace: ns, name: 'apiservice-svc', consequence: 'api-calls-rejected' },
    severity: 'error',
    detail: /Every API call to APIService v1beta1.metrics.example.com fails with 503/,
  },
  {
    id: 'webhook',
    referrer: `apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: policy\nwebhooks:\n  - name: check.example.com\n    admissionReviewVersions: [v1]\n    sideEffects: None\n    clientConfig:\n      service:\n        name: ⟦webhook-svc⟧\n        namespace: ns\n`,
    target: service('webhook-svc'),
    expect: { group: '', kind: 'Service', namespace: ns, name: 'webhook-svc', consequence: 'api-calls-rejected', via: /validating webhook "check.example.com"/ },
    severity: 'error',
    detail: /Every API call that validating webhook "check.example.com" of ValidatingWebhookConfiguration policy matches is rejected, cluster-wide/,
  },
  {
    id: 'inject-ca',
    referrer: `apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata:\n  name: injector\n  annotations:\n    cert-manager.io/inject-ca-from: ⟦ns/inject-ca-cert⟧\nwebhooks: []\n`,
    target: { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', name: 'inject-ca-cert' },
    expect: { group: 'cert-manager.io', kind: 'Certificate', namespace: ns, name: 'inject-ca-cert', consequence: 'api-calls-rejected' },
    severity: 'error',
    detail: /The CA bundle of MutatingWebhookConfiguration injector is no longer injected by cert-manager/,
  },
  {
    id: 'hpa',
    referrer: `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: autoscale\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ⟦hpa-deploy⟧\n  maxReplicas: 3\n`,
    target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hpa-deploy' },
    expect: { group: 'apps', kind: 'Deployment', namespace: ns, name: 'hpa-deploy', consequence: 'scaling-stops' },
    severity: 'warning',
    detail: /HorizontalPodAutoscaler autoscale stops scaling/,
  },
  {
    id: 'vpa',
    referrer: `apiVersion: autoscaling.k8s.io/v1\nkind: VerticalPodAutoscaler\nmetadata:\n  name: rightsize\nspec:\n  targetRef:\n    apiVersion: apps/v1\n    kind: StatefulSet\n    name: ⟦vpa-sts⟧\n`,
    target: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'vpa-sts' },
    expect: { group: 'apps', kind: 'StatefulSet', namespace: ns, name: 'vpa-sts', consequence: 'scaling-stops' },
    severity: 'warning',
    detail: /VerticalPodAutoscaler rightsize stops scaling/,
  },
  {
    id: 'scaledobject',
    referrer: `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: queue\nspec:\n  scaleTargetRef:\n    name: ⟦scaledobject-deploy⟧\n  triggers: []\n`,
    target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'scaledobject-deploy' },
    expect: { group: 'apps', kind: 'Deployment', namespace: ns, name: 'scaledobject-deploy', consequence: 'scaling-stops' },
    severity: 'warning',
    detail: /ScaledObject queue stops scaling/,
  },
  {
    id: 'pvc-class',
    referrer: `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: claim\nspec:\n  storageClassName: ⟦pvc-class-fast⟧\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n`,
    target: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: 'pvc-class-fast' },
    expect: { group: 'storage.k8s.io', kind: 'StorageClass', namespace: '', name: 'pvc-class-fast', consequence: 'provisioning-stops' },
    severity: 'warning',
    detail: /New claims of PersistentVolumeClaim claim \(storageClassName\) stay Pending/,
  },
  {
    id: 'claim-template-class',
    referrer: `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: kafka\nspec:\n  serviceName: kafka\n  selector: {matchLabels: {app: k}}\n  template:\n    metadata: {labels: {app: k}}\n    spec:\n      containers:\n        - name: app\n          image: busybox\n  volumeClaimTemplates:\n    - metadata:\n        name: data\n      spec:\n        storageClassName: ⟦claim-template-class-ssd⟧\n`,
    target: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: 'claim-template-class-ssd' },
    expect: { group: 'storage.k8s.io', kind: 'StorageClass', namespace: '', name: 'claim-template-class-ssd', consequence: 'provisioning-stops', via: /volumeClaimTemplate "data"/ },
    severity: 'warning',
    detail: /New claims of StatefulSet kafka/,
  },
  {
    id: 'prometheus-secrets',
    referrer: `apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata:\n  name: main\nspec:\n  secrets:\n    - ⟦prometheus-secrets-etcd⟧\n`,
    target: secret('prometheus-secrets-etcd'),
    expect: { group: '', kind: 'Secret', namespace: ns, name: 'prometheus-secrets-etcd', consequence: 'pod-cannot-start' },
    severity: 'error',
    detail: /Pods of Prometheus main will fail to mount secrets of the Prometheus pods/,
  },
  {
    id: 'prometheus-configmaps',
    referrer: `apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata:\n  name: second\nspec:\n  configMaps:\n    - ⟦prometheus-configmaps-rules⟧\n`,
    target: cm('prometheus-configmaps-rules'),
    expect: { group: '', kind: 'ConfigMap', namespace: ns, name: 'prometheus-configmaps-rules', consequence: 'pod-cannot-start' },
    severity: 'error',
    detail: /will fail to mount configMaps of the Prometheus pods/,
  },
  {
    id: 'alertmanager-config',
    referrer: `apiVersion: monitoring.coreos.com/v1\nkind: Alertmanager\nmetadata:\n  name: alerts\nspec:\n  configSecret: ⟦alertmanager-config-secret⟧\n`,
    target: secret('alertmanager-config-secret'),
    expect: { group: '', kind: 'Secret', namespace: ns, name: 'alertmanager-config-secret', consequence: 'pod-starts-without' },
    severity: 'warning',
    detail: /alerts reach no receiver/,
  },
  {
    id: 'helmrelease',
    referrer: `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app\nspec:\n  interval: 5m\n  valuesFrom:\n    - kind: ConfigMap\n      name: ⟦helmrelease-values⟧\n`,
    target: cm('helmrelease-values'),
    expect: { group: '', kind: 'ConfigMap', namespace: ns, name: 'helmrelease-values', consequence: 'reconcile-fails' },
    severity: 'warning',
    detail: /HelmRelease app fails to reconcile/,
  },
  {
    id: 'webhook-ignore',
    referrer: `apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata:\n  name: defaults\nwebhooks:\n  - name: default.example.com\n    failurePolicy: Ignore\n    clientConfig:\n      service:\n        name: ⟦webhook-ignore-svc⟧\n        namespace: ns\n`,
    target: service('webhook-ignore-svc'),
    expect: { group: '', kind: 'Service', namespace: ns, name: 'webhook-ignore-svc', consequence: 'pod-starts-without', via: /mutating webhook "default.example.com"/ },
    severity: 'warning',
    detail: /skip it \(failurePolicy Ignore\)/,
  },
  {
    id: 'crd-conversion',
    referrer: `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  conversion:\n    strategy: Webhook\n    webhook:\n      clientConfig:\n        service:\n          name: ⟦crd-conversion-svc⟧\n          namespace: ns\n`,
    target: service('crd-conversion-svc'),
    expect: { group: '', kind: 'Service', namespace: ns, name: 'crd-conversion-svc', consequence: 'api-calls-rejected' },
    severity: 'error',
    detail: /needs conversion fails/,
  },
  {
    id: 'gateway-class',
    referrer: `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: public\nspec:\n  gatewayClassName: ⟦gateway-class-envoy⟧\n  listeners: []\n`,
    target: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', name: 'gateway-class-envoy' },
    expect: { group: 'gateway.networking.k8s.io', kind: 'GatewayClass', namespace: '', name: 'gateway-class-envoy', consequence: 'traffic-fails' },
    severity: 'error',
    detail: /accepted by no controller/,
  },
  {
    id: 'rollout-workloadref',
    referrer: `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: migrated\nspec:\n  workloadRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ⟦rollout-workloadref-deploy⟧\n`,
    target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'rollout-workloadref-deploy' },
    expect: { group: 'apps', kind: 'Deployment', namespace: ns, name: 'rollout-workloadref-deploy', consequence: 'pod-cannot-start' },
    severity: 'error',
    detail: /Rollout migrated will have no pod template/,
  },
  {
    id: 'ingress-default-backend',
    referrer: `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: fallback\nspec:\n  defaultBackend:\n    service:\n      name: ⟦ingress-default-backend-svc⟧\n      port: {number: 80}\n`,
    target: service('ingress-default-backend-svc'),
    expect: { group: '', kind: 'Service', namespace: ns, name: 'ingress-default-backend-svc', consequence: 'traffic-fails', via: /defaultBackend/ },
    severity: 'error',
    detail: /Traffic through Ingress fallback \(defaultBackend\) 503s/,
  },
  {
    id: 'ephemeral-class',
    referrer: workload('apps/v1', 'Deployment', 'scratch', ['spec', 'template', 'spec'], `${container()}\nvolumes:\n  - name: tmp\n    ephemeral:\n      volumeClaimTemplate:\n        spec:\n          storageClassName: ⟦ephemeral-class-local⟧`),
    target: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: 'ephemeral-class-local' },
    expect: { group: 'storage.k8s.io', kind: 'StorageClass', namespace: '', name: 'ephemeral-class-local', consequence: 'pod-cannot-start', via: /ephemeral volume "tmp"/ },
    severity: 'error',
    detail: /the claim of ephemeral volume "tmp" stays Pending/,
  },
];

/** The target as a document, a hook (`pre-install,pre-upgrade`) when asked, in another API group when asked. */
export function targetDoc(c: ReferenceCase, opts: { hook?: boolean; otherGroup?: boolean } = {}): string {
  const apiVersion = opts.otherGroup ? 'example.com/v1' : c.target.apiVersion;
  const ann = opts.hook ? '  annotations:\n    "helm.sh/hook": pre-install,pre-upgrade\n' : '';
  return `apiVersion: ${apiVersion}\nkind: ${c.target.kind}\nmetadata:\n  name: ${c.target.name}\n${ann}`;
}
