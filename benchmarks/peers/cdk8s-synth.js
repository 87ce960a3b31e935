// The cdk8s-plus peer of benchmarks/run.sh: the same N apps as benchmarks/shared/BenchApps.cs Realistic(i) (3
// replicas, one container with a port, a readiness probe, requests and limits, a 1Gi claim, and its headless Service)
// in one chart, synthesized as `cdk8s synth` does (one YAML file for the chart, in the outdir of the second argument).
// cdk8s-plus has no claim templates: the claim and the container's mount are added with JSON patches.
//   node cdk8s-synth.js <count> <outdir>
const { App, ApiObject, Chart, JsonPatch, Size } = require('cdk8s');
const kplus = require('cdk8s-plus-31');
const { Cpu } = kplus;
const k8s = require('cdk8s-plus-31/lib/imports/k8s');

const count = parseInt(process.argv[2], 10);
const outdir = process.argv[3];
const app = new App({ outdir });
const chart = new Chart(app, 'fleet', { disableResourceNameHashes: true });
for (let i = 0; i < count; i++) {
  const name = 'app-' + String(i).padStart(5, '0');
  const service = new kplus.Service(chart, name + '-svc', {
    metadata: { name },
    clusterIP: 'None',
    ports: [{ port: 8080, name: 'http' }],
  });
  const set = new kplus.StatefulSet(chart, name, {
    metadata: { name },
    replicas: 3,
    service,
    securityContext: { ensureNonRoot: false },
    containers: [{
      name: 'server',
      image: 'registry.example/server:1.' + (i % 7),
      ports: [{ number: 8080, name: 'http' }],
      readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080 }),
      resources: {
        cpu: { request: Cpu.millis(250), limit: Cpu.millis(1500) },
        memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) },
      },
      securityContext: { ensureNonRoot: false, readOnlyRootFilesystem: false },
    }],
  });
  service.select(set);
  ApiObject.of(set).addJsonPatch(
    JsonPatch.add('/spec/volumeClaimTemplates', [{
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: {} },
    }]),
    JsonPatch.add('/spec/volumeClaimTemplates/0/spec/resources/requests', { storage: k8s.Quantity.fromString('1Gi') }),
    JsonPatch.add('/spec/template/spec/containers/0/volumeMounts', [{ name: 'data', mountPath: '/var/lib/app' }]));
}
app.synth();
