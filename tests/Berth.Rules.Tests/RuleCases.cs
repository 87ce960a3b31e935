using System;
using System.Collections.Generic;
using System.Linq;
using Berth.Rules.Model;
using static Berth.Rules.Tests.TestModels;

namespace Berth.Rules.Tests;

/// <summary>A change to the valid model that must make a rule fire on a given field of a given object.</summary>
public sealed record FireCase(string Id, string Field, Action<ManifestSetModel> Mutate, string Object = "postgres");

/// <summary>A change to the valid model that comes close to a rule but must keep it quiet.</summary>
public sealed record QuietCase(string Id, Action<ManifestSetModel> Mutate);

internal static class RuleCases
{
    private const string C = "spec.template.spec.containers[postgres]";
    private const string Claim = "spec.volumeClaimTemplates[data]";

    public static readonly Dictionary<string, FireCase> Fire = new()
    {
        ["001 selector missing"] = new("BERTH001", "spec.selector", m => m.App().Selector = null),
        ["001 selector empty"] = new("BERTH001", "spec.selector", m => m.App().Selector = new LabelMap()),
        ["002 selector mismatch"] = new("BERTH002", "spec.template.metadata.labels", m => m.App().Selector = Labels((AppLabel, "pg"))),
        ["003 upper case and underscore"] = new("BERTH003", "metadata.name", m => m.App().Name = "Postgres_DB", "Postgres_DB"),
        ["003 empty"] = new("BERTH003", "metadata.name", m => m.App().Name = "", "statefulset"),
        ["003 longer than 63"] = new("BERTH003", "metadata.name", m => m.App().Name = new string('a', 64), new string('a', 64)),
        ["004 longer than 52"] = new("BERTH004", "metadata.name", m => m.App().Name = new string('a', 53), new string('a', 53)),
        ["005 restartPolicy Never"] = new("BERTH005", "spec.template.spec.restartPolicy", m => m.Pod().RestartPolicy = "Never"),
        ["006 activeDeadlineSeconds"] = new("BERTH006", "spec.template.spec.activeDeadlineSeconds", m => m.Pod().ActiveDeadlineSeconds = 300L),
        ["007 negative replicas"] = new("BERTH007", "spec.replicas", m => m.App().Replicas = -1),
        ["007 negative minReadySeconds"] = new("BERTH007", "spec.minReadySeconds", m => m.App().MinReadySeconds = -5),
        ["007 negative ordinals.start"] = new("BERTH007", "spec.ordinals.start", m => m.App().OrdinalsStart = -1),
        ["007 negative partition"] = new("BERTH007", "spec.updateStrategy.rollingUpdate.partition", m => m.App().Partition = -1),
        ["008 unknown strategy type"] = new("BERTH008", "spec.updateStrategy.type", m => m.App().UpdateStrategyType = "Rolling"),
        ["008 rollingUpdate with OnDelete"] = new("BERTH008", "spec.updateStrategy.rollingUpdate", m => { m.App().UpdateStrategyType = "OnDelete"; m.App().Partition = 1; }),
        ["008 maxUnavailable 0"] = new("BERTH008", "spec.updateStrategy.rollingUpdate.maxUnavailable", m => m.App().MaxUnavailable = "0"),
        ["008 maxUnavailable 0%"] = new("BERTH008", "spec.updateStrategy.rollingUpdate.maxUnavailable", m => m.App().MaxUnavailable = "0%"),
        ["008 maxUnavailable 150%"] = new("BERTH008", "spec.updateStrategy.rollingUpdate.maxUnavailable", m => m.App().MaxUnavailable = "150%"),
        ["008 maxUnavailable malformed"] = new("BERTH008", "spec.updateStrategy.rollingUpdate.maxUnavailable", m => m.App().MaxUnavailable = "half"),
        ["009 podManagementPolicy"] = new("BERTH009", "spec.podManagementPolicy", m => m.App().PodManagementPolicy = "Sequential"),
        ["009 whenDeleted"] = new("BERTH009", "spec.persistentVolumeClaimRetentionPolicy.whenDeleted", m => { m.App().HasRetentionPolicy = true; m.App().RetentionWhenDeleted = "Keep"; }),
        ["009 whenScaled"] = new("BERTH009", "spec.persistentVolumeClaimRetentionPolicy.whenScaled", m => { m.App().HasRetentionPolicy = true; m.App().RetentionWhenScaled = "delete"; }),
        ["010 serviceName underscore"] = new("BERTH010", "spec.serviceName", m => m.App().ServiceName = "pg_svc"),
        ["011 mount names no volume"] = new("BERTH011", C + ".volumeMounts[0].name", m => m.Container().Mounts[0].Name = "pgdata"),
        ["011 mount without name"] = new("BERTH011", C + ".volumeMounts[0].name", m => m.Container().Mounts[0].Name = ""),
        ["012 no access modes"] = new("BERTH012", Claim + ".spec.accessModes", m => m.Claim().AccessModes.Clear()),
        ["013 no storage"] = new("BERTH013", Claim + ".spec.resources.requests.storage", m => m.Claim().Storage = (string?)null),
        ["013 empty storage"] = new("BERTH013", Claim + ".spec.resources.requests.storage", m => m.Claim().Storage = ""),
        ["013 zero storage"] = new("BERTH013", Claim + ".spec.resources.requests.storage", m => m.Claim().Storage = "0"),
        ["013 negative storage"] = new("BERTH013", Claim + ".spec.resources.requests.storage", m => m.Claim().Storage = "-1Gi"),
        ["014 unknown access mode"] = new("BERTH014", Claim + ".spec.accessModes", m => m.Claim().AccessModes[0] = "RWO"),
        ["014 ReadWriteOncePod mixed"] = new("BERTH014", Claim + ".spec.accessModes", m => m.Claim().AccessModes.Add("ReadWriteOncePod")),
        ["014 storage class"] = new("BERTH014", Claim + ".spec.storageClassName", m => m.Claim().StorageClass = "Fast_SSD"),
        ["014 volume mode"] = new("BERTH014", Claim + ".spec.volumeMode", m => m.Claim().VolumeMode = "Raw"),
        ["015 upper case claim name"] = new("BERTH015", "spec.volumeClaimTemplates[Data].metadata.name", m => m.Claim().Name = "Data"),
        ["015 empty claim name"] = new("BERTH015", "spec.volumeClaimTemplates[0].metadata.name", m => m.Claim().Name = ""),
        ["016 no containers"] = new("BERTH016", "spec.template.spec.containers", m => m.Pod().Containers.Clear()),
        ["016 container name"] = new("BERTH016", "spec.template.spec.containers[Postgres].name", m => m.Container().Name = "Postgres"),
        ["016 container without name"] = new("BERTH016", "spec.template.spec.containers[0].name", m => m.Container().Name = ""),
        ["016 image missing"] = new("BERTH016", C + ".image", m => m.Container().Image = ""),
        ["016 image whitespace"] = new("BERTH016", C + ".image", m => m.Container().Image = "postgres:16.4 "),
        ["016 duplicate name"] = new("BERTH016", "spec.template.spec.initContainers[postgres].name", m => m.Pod().InitContainers.Add(new ContainerModel { Name = "postgres", Image = "busybox:1.36" })),
        ["017 containerPort out of range"] = new("BERTH017", C + ".ports[0].containerPort", m => m.Container().Ports[0].Number = 70000),
        ["017 containerPort 0"] = new("BERTH017", C + ".ports[0].containerPort", m => m.Container().Ports[0].Number = 0),
        ["017 hostPort out of range"] = new("BERTH017", C + ".ports[0].hostPort", m => m.Container().Ports[0].HostPort = 70000),
        ["017 protocol"] = new("BERTH017", C + ".ports[0].protocol", m => m.Container().Ports[0].Protocol = "tcp"),
        ["018 port name too long"] = new("BERTH018", C + ".ports[0].name", m => m.Container().Ports[0].Name = "postgresql-server"),
        ["018 port name no letter"] = new("BERTH018", C + ".ports[0].name", m => m.Container().Ports[0].Name = "5432"),
        ["018 duplicate port name"] = new("BERTH018", C + ".ports[1].name", m => m.Container().Ports.Add(new PortModel { Name = "pg", Number = 5433 })),
        ["019 host port twice"] = new("BERTH019", "spec.template.spec.containers[exporter].ports[0].hostPort", m =>
        {
            m.Container().Ports[0].HostPort = 9000;
            var exporter = new ContainerModel { Name = "exporter", Image = "exporter:1.0" };
            exporter.Ports.Add(new PortModel { Name = "metrics", Number = 9187, HostPort = 9000 });
            m.Pod().Containers.Add(exporter);
        }),
        ["019 hostNetwork mismatch"] = new("BERTH019", C + ".ports[0].hostPort", m => { m.Pod().HostNetwork = true; m.Container().Ports[0].HostPort = 15432; }),
        ["020 env name"] = new("BERTH020", C + ".env[0].name", m => m.Container().Env[0].Name = "1DB"),
        ["020 env without name"] = new("BERTH020", C + ".env[0].name", m => m.Container().Env[0].Name = ""),
        ["020 value and valueFrom"] = new("BERTH020", C + ".env[1].valueFrom", m => m.Container().Env[1].Value = "x"),
        ["020 two sources"] = new("BERTH020", C + ".env[1].valueFrom", m => m.Container().Env[1].ValueFromSources = 2),
        ["020 bad key"] = new("BERTH020", C + ".env[1].valueFrom.key", m => m.Container().Env[1].Key = "pass word"),
        ["020 envFrom without source"] = new("BERTH020", C + ".envFrom[0]", m => m.Container().EnvFrom.Add(new EnvFromModel { Sources = 0 })),
        ["020 envFrom prefix"] = new("BERTH020", C + ".envFrom[0].prefix", m => m.Container().EnvFrom.Add(new EnvFromModel { Sources = 1, Prefix = "1_" })),
        ["021 memory in MB"] = new("BERTH021", C + ".resources.requests.memory", m => m.Container().Requests[1].Quantity = "512MB"),
        ["021 lower-case gi"] = new("BERTH021", C + ".resources.limits.memory", m => m.Container().Limits[0].Quantity = "1gi"),
        ["021 storage in GB"] = new("BERTH021", Claim + ".spec.resources.requests.storage", m => m.Claim().Storage = "20GB"),
        ["022 request above limit"] = new("BERTH022", C + ".resources.requests.memory", m => m.Container().Requests[1].Quantity = "2Gi"),
        ["022 negative request"] = new("BERTH022", C + ".resources.requests.cpu", m => m.Container().Requests[0].Quantity = "-250m"),
        ["022 extended resource without limit"] = new("BERTH022", C + ".resources.limits.nvidia.com/gpu", m => m.Container().Requests.Add(new ResourceModel { Resource = "nvidia.com/gpu", Quantity = "1" })),
        ["022 hugepages request differs"] = new("BERTH022", C + ".resources.requests.hugepages-2Mi", m =>
        {
            m.Container().Requests.Add(new ResourceModel { Resource = "hugepages-2Mi", Quantity = "100Mi" });
            m.Container().Limits.Add(new ResourceModel { Resource = "hugepages-2Mi", Quantity = "200Mi" });
        }),
        ["022 hugepages without cpu or memory"] = new("BERTH022", C + ".resources", m =>
        {
            m.Container().Requests.Clear();
            m.Container().Limits.Clear();
            m.Container().Limits.Add(new ResourceModel { Resource = "hugepages-2Mi", Quantity = "100Mi" });
        }),
        ["023 duplicate mountPath"] = new("BERTH023", C + ".volumeMounts[1].mountPath", m => m.Container().Mounts.Add(new MountModel { Name = "data", Path = "/var/lib/postgresql/data" })),
        ["023 mountPath missing"] = new("BERTH023", C + ".volumeMounts[0].mountPath", m => m.Container().Mounts[0].Path = ""),
        ["023 absolute subPath"] = new("BERTH023", C + ".volumeMounts[0].subPath", m => m.Container().Mounts[0].SubPath = "/pgdata"),
        ["023 subPath with .."] = new("BERTH023", C + ".volumeMounts[0].subPath", m => m.Container().Mounts[0].SubPath = "a/../../b"),
        ["023 subPath and subPathExpr"] = new("BERTH023", C + ".volumeMounts[0].subPathExpr", m => { m.Container().Mounts[0].SubPath = "a"; m.Container().Mounts[0].SubPathExpr = "$(POD_NAME)"; }),
        ["024 no handler"] = new("BERTH024", C + ".readinessProbe", m => m.Probe(ProbeKind.Readiness).HandlerCount = 0),
        ["024 two handlers"] = new("BERTH024", C + ".readinessProbe", m => m.Probe(ProbeKind.Readiness).HandlerCount = 2),
        ["024 exec without command"] = new("BERTH024", C + ".livenessProbe.exec.command", m => m.Probe(ProbeKind.Liveness).CommandLength = 0),
        ["024 bad port"] = new("BERTH024", C + ".readinessProbe.tcpSocket.port", m => m.Probe(ProbeKind.Readiness).Port = "99999"),
        ["024 grpc port name"] = new("BERTH024", C + ".readinessProbe.grpc.port", m => m.Probe(ProbeKind.Readiness).Handler = "grpc"),
        ["024 negative period"] = new("BERTH024", C + ".readinessProbe.periodSeconds", m => m.Probe(ProbeKind.Readiness).PeriodSeconds = -1),
        ["024 liveness successThreshold"] = new("BERTH024", C + ".livenessProbe.successThreshold", m => m.Probe(ProbeKind.Liveness).SuccessThreshold = 3),
        ["024 readiness grace period"] = new("BERTH024", C + ".readinessProbe.terminationGracePeriodSeconds", m => m.Probe(ProbeKind.Readiness).TerminationGracePeriodSeconds = 10L),
        ["024 zero probe grace period"] = new("BERTH024", C + ".livenessProbe.terminationGracePeriodSeconds", m => m.Probe(ProbeKind.Liveness).TerminationGracePeriodSeconds = 0L),
        ["025 volume name"] = new("BERTH025", "spec.template.spec.volumes[Config].name", m => m.Pod().Volumes.Add(new VolumeModel { Name = "Config" })),
        ["025 volume without source"] = new("BERTH025", "spec.template.spec.volumes[config]", m => m.Pod().Volumes.Add(new VolumeModel { Name = "config", SourceCount = 0 })),
        ["025 volume with two sources"] = new("BERTH025", "spec.template.spec.volumes[config]", m => m.Pod().Volumes.Add(new VolumeModel { Name = "config", SourceCount = 2 })),
        ["025 duplicate volume"] = new("BERTH025", "spec.template.spec.volumes[config].name", m =>
        {
            m.Pod().Volumes.Add(new VolumeModel { Name = "config" });
            m.Pod().Volumes.Add(new VolumeModel { Name = "config" });
        }),
        ["026 restartPolicy on a regular container"] = new("BERTH026", C + ".restartPolicy", m => m.Container().RestartPolicy = "Always"),
        ["026 probe on an init container"] = new("BERTH026", "spec.template.spec.initContainers[init].readinessProbe", m =>
        {
            var init = new ContainerModel { IsInit = true, Name = "init", Image = "busybox:1.36" };
            init.Probes.Add(new ProbeModel { Kind = ProbeKind.Readiness, Handler = "exec", CommandLength = 1 });
            m.Pod().InitContainers.Add(init);
        }),
        ["026 lifecycle on an init container"] = new("BERTH026", "spec.template.spec.initContainers[init].lifecycle", m =>
            m.Pod().InitContainers.Add(new ContainerModel { IsInit = true, Name = "init", Image = "busybox:1.36", HasLifecycle = true })),
        ["026 init restartPolicy OnFailure"] = new("BERTH026", "spec.template.spec.initContainers[init].restartPolicy", m =>
            m.Pod().InitContainers.Add(new ContainerModel { IsInit = true, Name = "init", Image = "busybox:1.36", RestartPolicy = "OnFailure" })),
        ["029 Service name starts with a digit"] = new("BERTH029", "metadata.name", m => m.Service().Name = "1postgres", "service/1postgres"),
        ["029 Service name empty"] = new("BERTH029", "metadata.name", m => m.Service().Name = "", "service/(unnamed)"),
        ["030 serviceName starts with a digit"] = new("BERTH030", "spec.serviceName", m => m.App().ServiceName = "1pg"),
        ["031 headless NodePort"] = new("BERTH031", "spec.clusterIP", m => m.Service().Type = "NodePort", "service/postgres"),
        ["031 unnamed second port"] = new("BERTH031", "spec.ports[1].name", m => m.Service().Ports.Add(new ServicePortModel { Port = 9187 }), "service/postgres"),
        ["031 port name not a label"] = new("BERTH031", "spec.ports[0].name", m => m.Service().Ports[0].Name = "PG", "service/postgres"),
        ["031 duplicate port"] = new("BERTH031", "spec.ports[1]", m => m.Service().Ports.Add(new ServicePortModel { Name = "pg2", Port = 5432 }), "service/postgres"),
        ["031 bad targetPort"] = new("BERTH031", "spec.ports[0].targetPort", m => m.Service().Ports[0].TargetPort = "pg_port", "service/postgres"),
        ["031 service port out of range"] = new("BERTH031", "spec.ports[0].port", m => m.Service().Ports[0].Port = 0, "service/postgres"),
        ["032 container port without protocol"] = new("BERTH032", C + ".ports[0].protocol", m => m.Container().Ports[0].Protocol = (string?)null),
        ["032 container port twice"] = new("BERTH032", C + ".ports[1].containerPort", m => m.Container().Ports.Add(new PortModel { Name = "pg2", Number = 5432 })),
        ["032 service port without protocol"] = new("BERTH032", "spec.ports[0].protocol", m => m.Service().Ports[0].Protocol = (string?)null, "service/postgres"),
        ["033 both min and max"] = new("BERTH033", "spec", m => m.Budget().MinAvailable = "2", "poddisruptionbudget/postgres"),
        ["033 percent above 100"] = new("BERTH033", "spec.maxUnavailable", m => m.Budget().MaxUnavailable = "120%", "poddisruptionbudget/postgres"),
        ["033 negative"] = new("BERTH033", "spec.maxUnavailable", m => m.Budget().MaxUnavailable = "-1", "poddisruptionbudget/postgres"),
        ["033 eviction policy"] = new("BERTH033", "spec.unhealthyPodEvictionPolicy", m => m.Budget().UnhealthyPodEvictionPolicy = "Never", "poddisruptionbudget/postgres"),
        ["033 name"] = new("BERTH033", "metadata.name", m => m.Budget().Name = "Postgres_PDB", "poddisruptionbudget/Postgres_PDB"),
        ["034 toleration key"] = new("BERTH034", "spec.template.spec.tolerations[0].key", m => m.Pod().Tolerations.Add(new TolerationModel { Key = "bad key", Operator = "Exists" })),
        ["034 toleration without key"] = new("BERTH034", "spec.template.spec.tolerations[0].operator", m => m.Pod().Tolerations.Add(new TolerationModel { Key = (string?)null, Operator = "Equal", Value = "x" })),
        ["034 toleration Exists with value"] = new("BERTH034", "spec.template.spec.tolerations[0].value", m => m.Pod().Tolerations.Add(new TolerationModel { Key = "dedicated", Operator = "Exists", Value = "db" })),
        ["034 tolerationSeconds without NoExecute"] = new("BERTH034", "spec.template.spec.tolerations[0].effect", m => m.Pod().Tolerations.Add(new TolerationModel { Key = "dedicated", Operator = "Exists", Effect = "NoSchedule", TolerationSeconds = 30L })),
        ["034 anti-affinity weight"] = new("BERTH034", "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight", m => m.Pod().AntiAffinity[0].Weight = 0),
        ["034 anti-affinity topologyKey"] = new("BERTH034", "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey", m => m.Pod().AntiAffinity[0].TopologyKey = ""),
        ["034 spread maxSkew"] = new("BERTH034", "spec.template.spec.topologySpreadConstraints[0].maxSkew", m => m.Pod().TopologySpread[0].MaxSkew = 0),
        ["034 spread whenUnsatisfiable"] = new("BERTH034", "spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable", m => m.Pod().TopologySpread[0].WhenUnsatisfiable = "Always"),
        ["040 no Service"] = new("BERTH040", "spec.serviceName", m => m.Services.Clear()),
        ["040 Service in another namespace"] = new("BERTH040", "spec.serviceName", m => m.Service().Namespace = "other"),
        ["040 Service without namespace"] = new("BERTH040", "spec.serviceName", m => m.Service().Namespace = (string?)null),
        ["040 serviceName unset"] = new("BERTH040", "spec.serviceName", m => m.App().ServiceName = (string?)null),
        ["041 not headless"] = new("BERTH041", "spec.serviceName", m => m.Service().ClusterIP = (string?)null),
        ["042 Service selects other pods"] = new("BERTH042", "spec.serviceName", m => m.Service().Selector = AppLabels("mysql")),
        ["042 Service without selector"] = new("BERTH042", "spec.serviceName", m => m.Service().Selector = null),
        ["043 claim not mounted"] = new("BERTH043", Claim, m => m.Container().Mounts.Clear()),
        ["044 volume shadowed by claim"] = new("BERTH044", "spec.template.spec.volumes[data].name", m => m.Pod().Volumes.Add(new VolumeModel { Name = "data" })),
        ["045 duplicate claim"] = new("BERTH045", Claim + ".metadata.name", m =>
        {
            var c = new ClaimTemplateModel { Name = "data", Storage = "1Gi" };
            c.AccessModes.Add("ReadWriteOnce");
            m.App().ClaimTemplates.Add(c);
        }),
        ["046 maxUnavailable set"] = new("BERTH046", "spec.updateStrategy.rollingUpdate.maxUnavailable", m => m.App().MaxUnavailable = "1"),
        ["047 zero grace period"] = new("BERTH047", "spec.template.spec.terminationGracePeriodSeconds", m => m.Pod().TerminationGracePeriodSeconds = 0L),
        ["048 duplicate env"] = new("BERTH048", C + ".env[2].name", m => m.Container().Env.Add(new EnvModel { Name = "POSTGRES_DB", Value = "app" })),
        ["049 probe on unknown port name"] = new("BERTH049", C + ".readinessProbe.tcpSocket.port", m => m.Probe(ProbeKind.Readiness).Port = "http"),
        ["049 probe on unexposed number"] = new("BERTH049", C + ".readinessProbe.tcpSocket.port", m => m.Probe(ProbeKind.Readiness).Port = "8008"),
        ["049 probe on a UDP port"] = new("BERTH049", C + ".readinessProbe.tcpSocket.port", m => m.Container().Ports[0].Protocol = "UDP"),
        ["050 identical probes"] = new("BERTH050", C + ".livenessProbe", m => m.Probe(ProbeKind.Liveness).Signature = "tcpSocket pg"),
        ["051 no readiness probe"] = new("BERTH051", C + ".readinessProbe", m => m.Container().Probes.RemoveAll(p => p.Kind == ProbeKind.Readiness)),
        ["053 maxUnavailable 0"] = new("BERTH053", "spec.maxUnavailable", m => m.Budget().MaxUnavailable = "0", "poddisruptionbudget/postgres"),
        ["053 minAvailable 100%"] = new("BERTH053", "spec.minAvailable", m => { m.Budget().MaxUnavailable = (string?)null; m.Budget().MinAvailable = "100%"; }, "poddisruptionbudget/postgres"),
        ["053 minAvailable equals replicas"] = new("BERTH053", "spec.minAvailable", m => { m.Budget().MaxUnavailable = (string?)null; m.Budget().MinAvailable = "3"; }, "poddisruptionbudget/postgres"),
        ["054 selects other pods"] = new("BERTH054", "spec.selector", m => m.Budget().Selector = AppLabels("mysql"), "poddisruptionbudget/postgres"),
        ["054 no selector"] = new("BERTH054", "spec.selector", m => m.Budget().Selector = null, "poddisruptionbudget/postgres"),
        ["054 other namespace"] = new("BERTH054", "spec.selector", m => m.Budget().Namespace = "other", "poddisruptionbudget/postgres"),
        ["055 no anti-affinity"] = new("BERTH055", "spec.template.spec.affinity.podAntiAffinity", m => { m.Pod().AntiAffinity.Clear(); m.Pod().TopologySpread.Clear(); }),
        ["055 unset replicas"] = new("BERTH055", "spec.template.spec.affinity.podAntiAffinity", m => { m.App().Replicas = (int?)null; m.Pod().AntiAffinity.Clear(); m.Pod().TopologySpread.Clear(); }),
        ["055 wrong topology key"] = new("BERTH055", "spec.template.spec.affinity.podAntiAffinity", m => { m.Pod().AntiAffinity[0].TopologyKey = "rack"; m.Pod().TopologySpread.Clear(); }),
        ["055 selector of other pods"] = new("BERTH055", "spec.template.spec.affinity.podAntiAffinity", m => { m.Pod().AntiAffinity[0].Selector = AppLabels("mysql"); m.Pod().TopologySpread.Clear(); }),
        ["056 client Service selects nothing"] = new("BERTH056", "spec.selector", m =>
        {
            var svc = Service("postgres-rw");
            svc.ClusterIP = (string?)null;
            svc.Selector = AppLabels("mysql");
            m.Services.Add(svc);
        }, "service/postgres-rw"),
        ["056 Service without selector"] = new("BERTH056", "spec.selector", m =>
        {
            var svc = Service("postgres-rw");
            svc.Selector = null;
            m.Services.Add(svc);
        }, "service/postgres-rw"),
        ["057 ServiceAccount not declared"] = new("BERTH057", "spec.template.spec.serviceAccountName", m => m.Pod().ServiceAccountName = "pg-sa"),
        ["057 ServiceAccount in another namespace"] = new("BERTH057", "spec.template.spec.serviceAccountName", m => { m.Pod().ServiceAccountName = "pg-sa"; m.ServiceAccounts.Add("other/pg-sa"); }),
        ["058 OrderedReady and RollingUpdate"] = new("BERTH058", "spec.podManagementPolicy", m => m.App().PodManagementPolicy = (string?)null),
        ["070 no tag"] = new("BERTH070", C + ".image", m => m.Container().Image = "postgres"),
        ["070 latest"] = new("BERTH070", C + ".image", m => m.Container().Image = "docker.io/library/postgres:latest"),
        ["070 registry port without tag"] = new("BERTH070", C + ".image", m => m.Container().Image = "registry:5000/postgres"),
        ["071 no cpu request"] = new("BERTH071", C + ".resources", m => m.Container().Requests.RemoveAll(r => r.Resource.Value == "cpu")),
        ["071 no memory limit"] = new("BERTH071", C + ".resources", m => m.Container().Limits.RemoveAll(r => r.Resource.Value == "memory")),
        ["072 no liveness probe"] = new("BERTH072", C + ".livenessProbe", m => m.Container().Probes.RemoveAll(p => p.Kind == ProbeKind.Liveness)),
        ["073 no ephemeral-storage limit"] = new("BERTH073", C + ".resources.limits.ephemeral-storage", m => m.Container().Limits.RemoveAll(r => r.Resource.Value == "ephemeral-storage")),
        ["074 eviction policy unset"] = new("BERTH074", "spec.unhealthyPodEvictionPolicy", m => m.Budget().UnhealthyPodEvictionPolicy = (string?)null, "poddisruptionbudget/postgres"),
        ["075 IfNotPresent"] = new("BERTH075", C + ".imagePullPolicy", m => m.Container().ImagePullPolicy = "IfNotPresent"),
        ["075 unset"] = new("BERTH075", C + ".imagePullPolicy", m => m.Container().ImagePullPolicy = (string?)null),
        ["076 no spread constraints"] = new("BERTH076", "spec.template.spec.topologySpreadConstraints", m => m.Pod().TopologySpread.Clear()),
        ["076 constraint without selector"] = new("BERTH076", "spec.template.spec.topologySpreadConstraints[0].labelSelector", m => m.Pod().TopologySpread[0].Selector = null),
        ["077 NodePort"] = new("BERTH077", "spec.type", m =>
        {
            var svc = Service("postgres-external");
            svc.ClusterIP = (string?)null;
            svc.Type = "NodePort";
            m.Services.Add(svc);
        }, "service/postgres-external"),
        ["078 label value"] = new("BERTH078", "metadata.labels", m => m.App().Labels.Add("team", "data platform")),
        ["078 label key"] = new("BERTH078", "spec.template.metadata.labels", m => m.App().TemplateLabels.Add("my team", "data")),
        ["078 Service selector value"] = new("BERTH078", "spec.selector", m => m.Service().Selector!.Add("tier", "-db"), "service/postgres"),
        ["091 partition equals replicas"] = new("BERTH091", "spec.updateStrategy.rollingUpdate.partition", m => m.App().Partition = 3),
        ["092 whenDeleted Delete"] = new("BERTH092", "spec.persistentVolumeClaimRetentionPolicy.whenDeleted", m => { m.App().HasRetentionPolicy = true; m.App().RetentionWhenDeleted = "Delete"; m.App().RetentionWhenScaled = "Retain"; }),
        ["097 _PASSWORD literal"] = new("BERTH097", C + ".env[2].value", m => m.Container().Env.Add(new EnvModel { Name = "DB_PASSWORD", Value = "hunter2" })),
        ["097 camelCase apiToken"] = new("BERTH097", C + ".env[2].value", m => m.Container().Env.Add(new EnvModel { Name = "apiToken", Value = "abc" })),
        ["097 bare SECRET in lower case"] = new("BERTH097", C + ".env[2].value", m => m.Container().Env.Add(new EnvModel { Name = "secret", Value = "abc" })),
        ["097 dashed private-key"] = new("BERTH097", C + ".env[2].value", m => m.Container().Env.Add(new EnvModel { Name = "tls-private-key", Value = "abc" })),
        ["097 _API_KEY, _PASSWD, _CREDENTIALS"] = new("BERTH097", C + ".env[4].value", m => { m.Container().Env.Add(new EnvModel { Name = "X_API_KEY", Value = "k" }); m.Container().Env.Add(new EnvModel { Name = "X_PASSWD", Value = "p" }); m.Container().Env.Add(new EnvModel { Name = "X_CREDENTIALS", Value = "c" }); }),
        ["097 high-entropy value under a neutral name"] = new("BERTH097", C + ".env[2].value", m => m.Container().Env.Add(new EnvModel { Name = "UPSTREAM", Value = "tq8ZrX3vLw9KpB2mNc7YhJ4dFs6G" })),
        ["097 in an init container"] = new("BERTH097", "spec.template.spec.initContainers[init].env[0].value", m => { var c = Container("init", "busybox:1.36"); c.IsInit = true; c.Env.Clear(); c.Env.Add(new EnvModel { Name = "ADMIN_PASSWORD", Value = "x" }); m.Pod().InitContainers.Add(c); }),
        ["092 whenScaled Delete"] = new("BERTH092", "spec.persistentVolumeClaimRetentionPolicy.whenScaled", m => { m.App().HasRetentionPolicy = true; m.App().RetentionWhenDeleted = "Retain"; m.App().RetentionWhenScaled = "Delete"; }),
        // The target Kubernetes version (BerthKubernetesVersion) against the table in KubernetesVersions.
        ["100 ordinals.start before 1.26"] = new("BERTH100", "spec.ordinals.start", m => { m.KubernetesVersion = "1.25"; m.App().OrdinalsStart = 1; }),
        ["100 retention policy on 1.20"] = new("BERTH100", "spec.persistentVolumeClaimRetentionPolicy", m => { m.KubernetesVersion = "1.20"; m.App().HasRetentionPolicy = true; m.App().RetentionWhenDeleted = "Retain"; m.App().RetentionWhenScaled = "Retain"; }),
        ["100 maxUnavailable before 1.24"] = new("BERTH100", "spec.updateStrategy.rollingUpdate.maxUnavailable", m => { m.KubernetesVersion = "1.23"; m.App().MaxUnavailable = "2"; }),
        ["100 minReadySeconds before 1.22"] = new("BERTH100", "spec.minReadySeconds", m => { m.KubernetesVersion = "1.21"; m.App().MinReadySeconds = 10; }),
        ["100 grpc probe before 1.23"] = new("BERTH100", "spec.template.spec.containers[*].*Probe.grpc", m => { m.KubernetesVersion = "1.22"; m.Probe(ProbeKind.Readiness).Handler = "grpc"; }),
        ["100 probe terminationGracePeriodSeconds on 1.20"] = new("BERTH100", "spec.template.spec.containers[*].*Probe.terminationGracePeriodSeconds", m => { m.KubernetesVersion = "1.20"; m.Probe(ProbeKind.Liveness).TerminationGracePeriodSeconds = 10L; }),
        ["100 sidecar before 1.28"] = new("BERTH100", "spec.template.spec.initContainers[*].restartPolicy", m => { m.KubernetesVersion = "1.27"; m.Pod().InitContainers.Add(new ContainerModel { IsInit = true, Name = "proxy", Image = "envoy:1.30", RestartPolicy = "Always" }); }),
        ["100 ReadWriteOncePod before 1.22"] = new("BERTH100", "spec.volumeClaimTemplates[*].spec.accessModes (ReadWriteOncePod)", m => { m.KubernetesVersion = "1.21"; m.Claim().AccessModes = new ItemList<Val<string?>> { "ReadWriteOncePod" }; }),
        ["100 unhealthyPodEvictionPolicy before 1.26"] = new("BERTH100", "spec.unhealthyPodEvictionPolicy", m => m.KubernetesVersion = "1.25", "poddisruptionbudget/postgres"),
        ["101 ordinals.start alpha in 1.26"] = new("BERTH101", "spec.ordinals.start", m => { m.KubernetesVersion = "1.26"; m.App().OrdinalsStart = 1; }),
        ["101 retention policy alpha in 1.26"] = new("BERTH101", "spec.persistentVolumeClaimRetentionPolicy", m => { m.KubernetesVersion = "1.26"; m.App().HasRetentionPolicy = true; m.App().RetentionWhenDeleted = "Retain"; m.App().RetentionWhenScaled = "Retain"; }),
        ["101 maxUnavailable off in 1.36"] = new("BERTH101", "spec.updateStrategy.rollingUpdate.maxUnavailable", m => { m.KubernetesVersion = "1.36"; m.App().MaxUnavailable = "2"; }),
        ["101 minReadySeconds alpha in 1.22"] = new("BERTH101", "spec.minReadySeconds", m => { m.KubernetesVersion = "1.22"; m.App().MinReadySeconds = 10; }),
        ["101 grpc probe alpha in 1.23"] = new("BERTH101", "spec.template.spec.containers[*].*Probe.grpc", m => { m.KubernetesVersion = "1.23"; m.Probe(ProbeKind.Readiness).Handler = "grpc"; }),
        ["101 probe terminationGracePeriodSeconds off in 1.24"] = new("BERTH101", "spec.template.spec.containers[*].*Probe.terminationGracePeriodSeconds", m => { m.KubernetesVersion = "1.24"; m.Probe(ProbeKind.Liveness).TerminationGracePeriodSeconds = 10L; }),
        ["101 sidecar alpha in 1.28"] = new("BERTH101", "spec.template.spec.initContainers[*].restartPolicy", m => { m.KubernetesVersion = "1.28"; m.Pod().InitContainers.Add(new ContainerModel { IsInit = true, Name = "proxy", Image = "envoy:1.30", RestartPolicy = "Always" }); }),
        ["101 ReadWriteOncePod alpha in 1.26"] = new("BERTH101", "spec.volumeClaimTemplates[*].spec.accessModes (ReadWriteOncePod)", m => { m.KubernetesVersion = "1.26"; m.Claim().AccessModes = new ItemList<Val<string?>> { "ReadWriteOncePod" }; }),
        ["101 unhealthyPodEvictionPolicy alpha in 1.26"] = new("BERTH101", "spec.unhealthyPodEvictionPolicy", m => m.KubernetesVersion = "1.26", "poddisruptionbudget/postgres"),
        ["102 not a version"] = new("BERTH102", "BerthKubernetesVersion", m => m.KubernetesVersion = "latest"),
        ["102 older than Berth supports"] = new("BERTH102", "BerthKubernetesVersion", m => m.KubernetesVersion = "1.19"),
        ["091 partition with an empty (defaulted) strategy type"] = new("BERTH091", "spec.updateStrategy.rollingUpdate.partition", m => { m.App().UpdateStrategyType = ""; m.App().Partition = 3; }),
        // matchExpressions at every selector site: selects nothing.
        ["002 selector expression excludes the pods"] = new("BERTH002", "spec.template.metadata.labels", m => m.App().Selector = AppLabels().Expression(AppLabel, "NotIn", "postgres")),
        ["002 selector expression requires a missing label"] = new("BERTH002", "spec.template.metadata.labels", m => m.App().Selector = AppLabels().Expression("tier", "Exists")),
        ["055 anti-affinity In on the wrong key (app in (postgres))"] = new("BERTH055", "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector", m => m.Pod().AntiAffinity[0].Selector = new LabelMap().Expression("app", "In", "postgres")),
        ["055 anti-affinity DoesNotExist on the pods' own key"] = new("BERTH055", "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector", m => m.Pod().AntiAffinity[0].Selector = AppLabels().Expression(AppLabel, "DoesNotExist")),
        ["076 spread In on the wrong key"] = new("BERTH076", "spec.template.spec.topologySpreadConstraints[0].labelSelector", m => m.Pod().TopologySpread[0].Selector = new LabelMap().Expression("app", "In", "postgres")),
        ["076 spread NotIn the pods' own value"] = new("BERTH076", "spec.template.spec.topologySpreadConstraints[0].labelSelector", m => m.Pod().TopologySpread[0].Selector = new LabelMap().Expression(AppLabel, "NotIn", "postgres", "mysql")),
        ["054 budget expression selects other pods"] = new("BERTH054", "spec.selector", m => m.Budget().Selector = new LabelMap().Expression(AppLabel, "In", "mysql"), "poddisruptionbudget/postgres"),
        ["054 budget Exists on a label no pod has"] = new("BERTH054", "spec.selector", m => m.Budget().Selector = new LabelMap().Expression("tier", "Exists"), "poddisruptionbudget/postgres"),
        // Malformed requirements, reported under the rule of their object.
        ["001 selector In without values"] = new("BERTH001", "spec.selector.matchExpressions[0].values", m => m.App().Selector = AppLabels().Expression(AppLabel, "In")),
        ["034 anti-affinity unknown operator"] = new("BERTH034", "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchExpressions[0].operator", m => m.Pod().AntiAffinity[0].Selector = AppLabels().Expression(AppLabel, "Equals", "postgres")),
        ["034 pod affinity Exists with values"] = new("BERTH034", "spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values", m => m.Pod().PodAffinity.Add(new AffinityTermModel { Required = true, TopologyKey = "kubernetes.io/hostname", Selector = new LabelMap().Expression("app", "Exists", "cache") })),
        ["034 pod affinity without topologyKey"] = new("BERTH034", "spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey", m => m.Pod().PodAffinity.Add(new AffinityTermModel { Required = true, TopologyKey = "", Selector = Labels(("app", "cache")) })),
        ["034 spread NotIn without values"] = new("BERTH034", "spec.template.spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].values", m => m.Pod().TopologySpread[0].Selector = AppLabels().Expression("tier", "NotIn")),
        ["033 budget DoesNotExist with values"] = new("BERTH033", "spec.selector.matchExpressions[0].values", m => m.Budget().Selector = AppLabels().Expression("tier", "DoesNotExist", "db"), "poddisruptionbudget/postgres"),
        ["078 expression key invalid"] = new("BERTH078", "spec.template.spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].key", m => m.Pod().TopologySpread[0].Selector = AppLabels().Expression("bad key", "DoesNotExist")),
        ["078 expression value invalid"] = new("BERTH078", "spec.selector.matchExpressions[0].values", m => m.Budget().Selector = AppLabels().Expression(AppLabel, "In", "post gres"), "poddisruptionbudget/postgres"),
        ["035 empty namespace"] = new("BERTH035", "metadata.namespace", m => m.App().Namespace = ""),
        ["035 namespace with upper case and underscore"] = new("BERTH035", "metadata.namespace", m => m.App().Namespace = "Default_NS"),
        ["035 namespace longer than 63"] = new("BERTH035", "metadata.namespace", m => m.App().Namespace = new string('n', 64)),
        ["035 namespace with a dot"] = new("BERTH035", "metadata.namespace", m => m.App().Namespace = "team.data"),
        ["079 annotation key with '='"] = new("BERTH079", "metadata.annotations", m => m.App().Annotations.Add("NoUppercaseOrSpecialCharsLike=Equals", "x")),
        ["079 pod annotation key with a space"] = new("BERTH079", "spec.template.metadata.annotations", m => m.Pod().Annotations.Add("backup schedule", "daily")),
        ["079 annotation prefix not a DNS subdomain"] = new("BERTH079", "metadata.annotations", m => m.App().Annotations.Add("example_com/owner", "data")),
        ["079 annotations over 256 KiB"] = new("BERTH079", "metadata.annotations", m => { m.App().Annotations.Add("example.com/a", new string('x', 200_000)); m.App().Annotations.Add("example.com/b", new string('y', 62_200)); }),
        ["034 spread whenUnsatisfiable empty (no server default)"] = new("BERTH034", "spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable", m => m.Pod().TopologySpread[0].WhenUnsatisfiable = ""),
        ["033 eviction policy empty (a pointer the server checks)"] = new("BERTH033", "spec.unhealthyPodEvictionPolicy", m => m.Budget().UnhealthyPodEvictionPolicy = "", "poddisruptionbudget/postgres"),
        ["014 volume mode empty (a pointer the server checks)"] = new("BERTH014", Claim + ".spec.volumeMode", m => m.Claim().VolumeMode = ""),
        ["026 regular container with an empty restartPolicy (a pointer the server checks)"] = new("BERTH026", C + ".restartPolicy", m => m.Container().RestartPolicy = ""),
        ["058 empty (defaulted) policy and strategy"] = new("BERTH058", "spec.podManagementPolicy", m => { m.App().PodManagementPolicy = ""; m.App().UpdateStrategyType = ""; }),
        ["075 empty (defaulted) pull policy"] = new("BERTH075", C + ".imagePullPolicy", m => m.Container().ImagePullPolicy = ""),

        // Found by the validator completeness test (tests/Berth.Client.Tests/ValidatorCompletenessTests.cs): the 1.20 server
        // refused the controller's pod or claim for these, while Berth passed the definition.
        ["024 empty tcpSocket port"] = new("BERTH024", C + ".readinessProbe.tcpSocket.port", m => m.Probe(ProbeKind.Readiness).Port = ""),
        ["024 empty httpGet port"] = new("BERTH024", C + ".livenessProbe.httpGet.port", m => { m.Probe(ProbeKind.Liveness).Handler = "httpGet"; m.Probe(ProbeKind.Liveness).Port = ""; }),
        ["025 secret defaultMode 512"] = new("BERTH025", "spec.template.spec.volumes[config]", m => m.Pod().Volumes.Add(Volume("config", 512))),
        ["025 negative emptyDir sizeLimit"] = new("BERTH025", "spec.template.spec.volumes[scratch].emptyDir.sizeLimit", m => m.Pod().Volumes.Add(new VolumeModel { Name = "scratch", SizeLimit = "-1Gi" })),
        ["025 negative defaultMode"] = new("BERTH025", "spec.template.spec.volumes[config]", m => m.Pod().Volumes.Add(Volume("config", -1))),
        ["034 node affinity without terms"] = new("BERTH034", "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms", m => m.Pod().RequiredNodeSelectorEmpty = true),
        ["034 node affinity Exists with values"] = new("BERTH034", "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values", m => m.Pod().NodeAffinity.Add(NodeTerm(true, null, ("disk", "DoesNotExist", new[] { "ssd" })))),
        ["034 node affinity In without values"] = new("BERTH034", "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values", m => m.Pod().NodeAffinity.Add(NodeTerm(true, null, ("disk", "In", new string[0])))),
        ["034 node affinity Gt with two values"] = new("BERTH034", "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values", m => m.Pod().NodeAffinity.Add(NodeTerm(true, null, ("cores", "Gt", new[] { "1", "2" })))),
        ["034 node affinity unknown operator"] = new("BERTH034", "spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].operator", m => m.Pod().NodeAffinity.Add(NodeTerm(false, 50, ("disk", "Equals", new[] { "ssd" })))),
        ["034 node affinity invalid key"] = new("BERTH034", "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key", m => m.Pod().NodeAffinity.Add(NodeTerm(true, null, ("disk type", "Exists", new string[0])))),
        ["034 node affinity weight 0"] = new("BERTH034", "spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight", m => m.Pod().NodeAffinity.Add(NodeTerm(false, 0, ("disk", "Exists", new string[0])))),
        ["034 node field other than metadata.name"] = new("BERTH034", "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key", m =>
        {
            var term = new NodeSelectorTermModel { Required = true };
            term.Fields.Add(Requirement("metadata.labels", "In", "a"));
            m.Pod().NodeAffinity.Add(term);
        }),
        ["034 node field with two values"] = new("BERTH034", "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values", m =>
        {
            var term = new NodeSelectorTermModel { Required = true };
            term.Fields.Add(Requirement("metadata.name", "In", "node-1", "node-2"));
            m.Pod().NodeAffinity.Add(term);
        }),
        ["034 anti-affinity namespace not a namespace name"] = new("BERTH034", "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespaces[0]", m => m.Pod().AntiAffinity[0].Namespaces.Add("Data")),
        ["078 node selector key"] = new("BERTH078", "spec.template.spec.nodeSelector", m => m.Pod().NodeSelector.Add("-disk", "ssd")),
        ["078 node selector value"] = new("BERTH078", "spec.template.spec.nodeSelector", m => m.Pod().NodeSelector.Add("disk", new string('s', 64))),
        ["078 claim template label value"] = new("BERTH078", "spec.volumeClaimTemplates[0].metadata.labels", m => m.Claim().Labels.Add("tier", "db-")),
        ["105 client Service asked for a port no container has"] = new("BERTH105", "spec.ports", m =>
        {
            var svc = Service("postgres-rw");
            svc.ClusterIP = (string?)null;
            svc.Selector = AppLabels("postgres");
            svc.UnmatchedPorts.Add("metrics");
            svc.ContainerPortNames.Add("pg");
            m.Services.Add(svc);
        }, "service/postgres-rw"),
        ["106 negative runAsUser"] = new("BERTH106", C + ".securityContext.runAsUser", m => m.Container().Security = new SecurityContextModel { RunAsUser = -1L }),
        ["106 runAsGroup over 2^31-1"] = new("BERTH106", C + ".securityContext.runAsGroup", m => m.Container().Security = new SecurityContextModel { RunAsGroup = 2147483648L }),
        ["106 negative fsGroup"] = new("BERTH106", "spec.template.spec.securityContext.fsGroup", m => m.Pod().Security = new SecurityContextModel { FsGroup = -1L }),
        ["106 negative supplemental group"] = new("BERTH106", "spec.template.spec.securityContext.supplementalGroups[0]", m => m.Pod().Security = Pod(c => c.SupplementalGroups.Add(-5L))),
        ["106 privileged without escalation"] = new("BERTH106", C + ".securityContext", m => m.Container().Security = new SecurityContextModel { Privileged = true, AllowPrivilegeEscalation = false }),
        ["106 CAP_SYS_ADMIN without escalation"] = new("BERTH106", C + ".securityContext", m => m.Container().Security = Pod(c => { c.AllowPrivilegeEscalation = false; c.AddedCapabilities.Add("CAP_SYS_ADMIN"); })),
        ["106 unsupported seccomp type"] = new("BERTH106", C + ".securityContext.seccompProfile.type", m => m.Container().Security = new SecurityContextModel { HasSeccompProfile = true, SeccompType = "Default" }),
        ["106 Localhost seccomp without profile"] = new("BERTH106", "spec.template.spec.securityContext.seccompProfile.localhostProfile", m => m.Pod().Security = new SecurityContextModel { HasSeccompProfile = true, SeccompType = "Localhost" }),
        ["106 localhostProfile with RuntimeDefault"] = new("BERTH106", "spec.template.spec.securityContext.seccompProfile.localhostProfile", m => m.Pod().Security = new SecurityContextModel { HasSeccompProfile = true, SeccompType = "RuntimeDefault", SeccompLocalhostProfile = "profiles/a.json" }),
        ["106 unsupported fsGroupChangePolicy"] = new("BERTH106", "spec.template.spec.securityContext.fsGroupChangePolicy", m => m.Pod().Security = new SecurityContextModel { FsGroupChangePolicy = "Never" }),
        ["106 sysctl name with a space"] = new("BERTH106", "spec.template.spec.securityContext.sysctls[0].name", m => m.Pod().Security = Pod(c => c.Sysctls.Add("net core"))),
    };

    private static VolumeModel Volume(string name, int mode)
    {
        var volume = new VolumeModel { Name = name };
        volume.FileModes.Add(mode);
        return volume;
    }

    private static NodeRequirementModel Requirement(string key, string op, params string[] values)
    {
        var r = new NodeRequirementModel { Key = key, Operator = op };
        foreach (var v in values) r.Values.Add(v);
        return r;
    }

    private static NodeSelectorTermModel NodeTerm(bool required, int? weight, (string Key, string Op, string[] Values) expression)
    {
        var term = new NodeSelectorTermModel { Required = required, Weight = weight };
        term.Expressions.Add(Requirement(expression.Key, expression.Op, expression.Values));
        return term;
    }

    private static SecurityContextModel Pod(Action<SecurityContextModel> edit)
    {
        var context = new SecurityContextModel();
        edit(context);
        return context;
    }

    public static readonly Dictionary<string, QuietCase> Quiet = new()
    {
        ["106 IDs 0 and 2147483647, privileged with escalation, Localhost with a profile"] = new("BERTH106", m =>
        {
            m.Container().Security = new SecurityContextModel { RunAsUser = 0L, RunAsGroup = 2147483647L, Privileged = true, AllowPrivilegeEscalation = true, HasSeccompProfile = true, SeccompType = "Localhost", SeccompLocalhostProfile = "profiles/a.json" };
            m.Pod().Security = Pod(c => { c.FsGroup = 0L; c.FsGroupChangePolicy = "OnRootMismatch"; c.Sysctls.Add("net.core.somaxconn"); c.Sysctls.Add("kernel/shm_rmid_forced"); });
        }),
        ["034 node affinity Gt with one value, field In one name"] = new("BERTH034", m =>
        {
            m.Pod().NodeAffinity.Add(NodeTerm(true, null, ("cores", "Gt", new[] { "4" })));
            var term = new NodeSelectorTermModel { Required = false, Weight = 100 };
            term.Fields.Add(Requirement("metadata.name", "NotIn", "node-1"));
            m.Pod().NodeAffinity.Add(term);
        }),
        ["025 defaultMode 0777 and 0, emptyDir sizeLimit 0"] = new("BERTH025", m => { m.Pod().Volumes.Add(Volume("config", 511)); m.Pod().Volumes.Add(Volume("secret", 0)); m.Pod().Volumes.Add(new VolumeModel { Name = "scratch", SizeLimit = "0" }); }),
        ["024 exec probe has no port"] = new("BERTH024", m => { m.Probe(ProbeKind.Liveness).Handler = "exec"; m.Probe(ProbeKind.Liveness).Port = Val<string?>.Of(null); m.Probe(ProbeKind.Liveness).CommandLength = 1; }),
        ["002 template has extra labels"] = new("BERTH002", m => m.App().TemplateLabels.Add("tier", "db")),
        ["002 selector with expressions"] = new("BERTH002", m => { m.App().Selector = Labels((AppLabel, "other")); m.App().Selector!.HasExpressions = true; }),
        ["004 name of 52 characters"] = new("BERTH004", m => m.App().Name = new string('a', 52)),
        ["008 maxUnavailable 100%"] = new("BERTH008", m => m.App().MaxUnavailable = "100%"),
        ["008 OnDelete without rollingUpdate"] = new("BERTH008", m => m.App().UpdateStrategyType = "OnDelete"),
        ["009 empty retention values are defaulted"] = new("BERTH009", m => { m.App().HasRetentionPolicy = true; m.App().RetentionWhenDeleted = ""; }),
        ["013 fractional storage"] = new("BERTH013", m => m.Claim().Storage = "1.5Gi"),
        ["017 hostPort 0 means unset"] = new("BERTH017", m => m.Container().Ports[0].HostPort = 0),
        ["018 port name with digits and a hyphen"] = new("BERTH018", m => m.Container().Ports[0].Name = "pg-1"),
        ["019 hostNetwork with equal ports"] = new("BERTH019", m => { m.Pod().HostNetwork = true; m.Container().Ports[0].HostPort = 5432; }),
        ["019 same host port, other protocol"] = new("BERTH019", m =>
        {
            m.Container().Ports[0].HostPort = 53;
            m.Container().Ports.Add(new PortModel { Name = "dns", Number = 5353, Protocol = "UDP", HostPort = 53 });
        }),
        ["020 env name with dots and dashes"] = new("BERTH020", m => m.Container().Env[0].Name = "my.env-name"),
        ["021 milli cpu"] = new("BERTH021", m => m.Container().Requests[0].Quantity = "500m"),
        ["021 exponent"] = new("BERTH021", m => m.Container().Requests[1].Quantity = "1e3"),
        ["022 limit only"] = new("BERTH022", m => m.Container().Requests.RemoveAll(r => r.Resource.Value == "memory")),
        ["022 extended resource with equal limit"] = new("BERTH022", m =>
        {
            m.Container().Requests.Add(new ResourceModel { Resource = "nvidia.com/gpu", Quantity = "1" });
            m.Container().Limits.Add(new ResourceModel { Resource = "nvidia.com/gpu", Quantity = "1" });
        }),
        ["022 equal in other units"] = new("BERTH022", m => m.Container().Requests[1].Quantity = "1073741824"),
        ["023 relative subPath"] = new("BERTH023", m => m.Container().Mounts[0].SubPath = "pgdata"),
        ["024 readiness successThreshold 3"] = new("BERTH024", m => m.Probe(ProbeKind.Readiness).SuccessThreshold = 3),
        ["024 liveness successThreshold 0 is defaulted"] = new("BERTH024", m => m.Probe(ProbeKind.Liveness).SuccessThreshold = 0),
        ["026 sidecar with probes"] = new("BERTH026", m =>
        {
            var sidecar = new ContainerModel { IsInit = true, Name = "proxy", Image = "proxy:1.0", RestartPolicy = "Always", HasLifecycle = true };
            sidecar.Probes.Add(new ProbeModel { Kind = ProbeKind.Readiness, Handler = "exec", CommandLength = 1 });
            m.Pod().InitContainers.Add(sidecar);
        }),
        ["040 both namespaces unset"] = new("BERTH040", m => { m.App().Namespace = (string?)null; m.Service().Namespace = (string?)null; }),
        ["040 incomplete Services"] = new("BERTH040", m => { m.Services.Clear(); m.Services.IsComplete = false; }),
        ["040 Service name unknown"] = new("BERTH040", m => m.Service().Name = Val<string?>.Unknown()),
        ["043 block-mode claim"] = new("BERTH043", m => { m.Container().Mounts.Clear(); m.Claim().VolumeMode = "Block"; }),
        ["049 numeric port exposed"] = new("BERTH049", m => m.Probe(ProbeKind.Readiness).Port = "5432"),
        ["049 incomplete ports"] = new("BERTH049", m => { m.Probe(ProbeKind.Readiness).Port = "http"; m.Container().Ports.IsComplete = false; }),
        ["051 readiness on a sidecar"] = new("BERTH051", m =>
        {
            m.Container().Probes.RemoveAll(p => p.Kind == ProbeKind.Readiness);
            var sidecar = new ContainerModel { IsInit = true, Name = "proxy", Image = "proxy:1.0", RestartPolicy = "Always" };
            sidecar.Probes.Add(new ProbeModel { Kind = ProbeKind.Readiness, Handler = "exec", CommandLength = 1 });
            m.Pod().InitContainers.Add(sidecar);
        }),
        ["051 incomplete probes"] = new("BERTH051", m => { m.Container().Probes.Clear(); m.Container().Probes.IsComplete = false; }),
        ["053 minAvailable below replicas"] = new("BERTH053", m => { m.Budget().MaxUnavailable = (string?)null; m.Budget().MinAvailable = "2"; }),
        ["053 minAvailable with unset replicas"] = new("BERTH053", m => { m.App().Replicas = (int?)null; m.Budget().MaxUnavailable = (string?)null; m.Budget().MinAvailable = "1"; }),
        ["054 incomplete apps"] = new("BERTH054", m => { m.Budget().Selector = AppLabels("mysql"); m.Apps.IsComplete = false; }),
        ["055 one replica"] = new("BERTH055", m => { m.App().Replicas = 1; m.Pod().AntiAffinity.Clear(); m.Pod().TopologySpread.Clear(); }),
        ["055 spread on hostname instead"] = new("BERTH055", m => { m.Pod().AntiAffinity.Clear(); m.Pod().TopologySpread[0].TopologyKey = "kubernetes.io/hostname"; }),
        ["055 incomplete anti-affinity"] = new("BERTH055", m => { m.Pod().AntiAffinity.Clear(); m.Pod().AntiAffinity.IsComplete = false; m.Pod().TopologySpread.Clear(); }),
        ["056 ExternalName without selector"] = new("BERTH056", m => m.Services.Add(new ServiceModel { Name = "ext", Namespace = "data", Type = "ExternalName" })),
        ["056 client Service selecting the pods"] = new("BERTH056", m => { var s = Service("postgres-rw"); s.ClusterIP = (string?)null; s.Selector = AppLabels("postgres"); m.Services.Add(s); }),
        ["057 default ServiceAccount"] = new("BERTH057", m => m.Pod().ServiceAccountName = "default"),
        ["057 declared in namespace"] = new("BERTH057", m => { m.Pod().ServiceAccountName = "pg-sa"; m.ServiceAccounts.Add("data/pg-sa"); }),
        ["057 declared bare"] = new("BERTH057", m => { m.Pod().ServiceAccountName = "pg-sa"; m.ServiceAccounts.Add("pg-sa"); }),
        ["057 incomplete accounts"] = new("BERTH057", m => { m.Pod().ServiceAccountName = "pg-sa"; m.ServiceAccounts.IsComplete = false; }),
        ["058 OnDelete"] = new("BERTH058", m => { m.App().PodManagementPolicy = (string?)null; m.App().UpdateStrategyType = "OnDelete"; }),
        ["070 digest"] = new("BERTH070", m => m.Container().Image = "postgres@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
        ["070 registry port with tag"] = new("BERTH070", m => m.Container().Image = "registry:5000/postgres:16.4"),
        ["071 cpu limit only"] = new("BERTH071", m => { m.Container().Requests.RemoveAll(r => r.Resource.Value == "cpu"); m.Container().Limits.Add(new ResourceModel { Resource = "cpu", Quantity = "1" }); }),
        ["071 init container without resources"] = new("BERTH071", m => m.Pod().InitContainers.Add(new ContainerModel { IsInit = true, Name = "init", Image = "busybox:1.36" })),
        ["076 one replica"] = new("BERTH076", m => { m.App().Replicas = 1; m.Pod().TopologySpread.Clear(); }),
        ["077 ClusterIP"] = new("BERTH077", m => m.Service().Type = "ClusterIP"),
        ["078 empty label value"] = new("BERTH078", m => m.App().Labels.Add("tier", "")),
        ["078 prefixed key"] = new("BERTH078", m => m.App().Labels.Add("example.com/team", "data_platform.v2")),
        ["097 from a Secret"] = new("BERTH097", m => { }),
        ["097 empty value"] = new("BERTH097", m => m.Container().Env.Add(new EnvModel { Name = "DB_PASSWORD", Value = "" })),
        ["097 value the analyzer cannot read"] = new("BERTH097", m => m.Container().Env.Add(new EnvModel { Name = "DB_PASSWORD", Value = Val<string?>.Unknown() })),
        ["097 a reference to another variable"] = new("BERTH097", m => m.Container().Env.Add(new EnvModel { Name = "PGPASSWORD", Value = "$(POSTGRES_PASSWORD)" })),
        ["097 a path to a mounted secret"] = new("BERTH097", m => m.Container().Env.Add(new EnvModel { Name = "GOOGLE_APPLICATION_CREDENTIALS", Value = "/var/secrets/google/key.json" })),
        ["097 words that only contain a credential word"] = new("BERTH097", m => { foreach (var n in new[] { "MAX_TOKENS", "TOKENIZER", "PASSWORDLESS_LOGIN", "SECRETARY", "PASSWORD_FILE", "DBPASSWORD", "KEYSPACE" }) m.Container().Env.Add(new EnvModel { Name = n, Value = "x" }); }),
        ["097 long ordinary values"] = new("BERTH097", m => { foreach (var v in new[] { "postgres-0.postgres.data.svc.cluster.local", "jdbc:postgresql://db:5432/app", "-Xmx512m -Xms256m -XX:+UseG1GC", "MyApplicationName2024Production", "ProductionEuWest1ClusterBlue", "OrderServiceV2ReadReplica01", "0123456789abcdef0123456789abcdef", "replication_slot_name_for_the_standby" }) m.Container().Env.Add(new EnvModel { Name = "SETTING_" + v.Length, Value = v }); }),
        ["092 Retain on both"] = new("BERTH092", m => { m.App().HasRetentionPolicy = true; m.App().RetentionWhenDeleted = "Retain"; m.App().RetentionWhenScaled = "Retain"; }),
        ["092 empty values are Retain"] = new("BERTH092", m => { m.App().HasRetentionPolicy = true; m.App().RetentionWhenDeleted = ""; m.App().RetentionWhenScaled = ""; }),
        ["092 a value the analyzer cannot read"] = new("BERTH092", m => { m.App().HasRetentionPolicy = true; m.App().RetentionWhenDeleted = Val<string?>.Unknown(); }),
        ["092 Delete without claim templates deletes nothing"] = new("BERTH092", m => { m.App().HasRetentionPolicy = true; m.App().RetentionWhenDeleted = "Delete"; m.App().ClaimTemplates.Clear(); }),
        ["100 no target version checks nothing"] = new("BERTH100", m => { m.App().OrdinalsStart = 1; m.App().HasRetentionPolicy = true; m.App().RetentionWhenDeleted = "Retain"; m.App().MinReadySeconds = 5; }),
        ["100 ordinals.start alpha in 1.26 is BERTH101"] = new("BERTH100", m => { m.KubernetesVersion = "1.26"; m.App().OrdinalsStart = 1; }),
        ["101 ordinals.start on by default in 1.27"] = new("BERTH101", m => { m.KubernetesVersion = "1.27"; m.App().OrdinalsStart = 1; }),
        ["101 maxUnavailable on by default in 1.37"] = new("BERTH101", m => { m.KubernetesVersion = "1.37"; m.App().MaxUnavailable = "2"; }),
        ["100 everything served by 1.33"] = new("BERTH100", m => { m.KubernetesVersion = "1.33"; m.App().OrdinalsStart = 1; m.App().HasRetentionPolicy = true; m.App().MinReadySeconds = 5; m.Probe(ProbeKind.Readiness).Handler = "grpc"; }),
        ["101 everything on by default in 1.33 but maxUnavailable"] = new("BERTH101", m => { m.KubernetesVersion = "1.33"; m.App().OrdinalsStart = 1; m.App().HasRetentionPolicy = true; m.App().MinReadySeconds = 5; m.Probe(ProbeKind.Readiness).Handler = "grpc"; }),
        ["100 a start ordinal the analyzer cannot read"] = new("BERTH100", m => { m.KubernetesVersion = "1.20"; m.Budget().UnhealthyPodEvictionPolicy = Val<string?>.Unknown(); m.App().OrdinalsStart = Val<int?>.Unknown(); }),
        ["100 a probe handler the analyzer cannot read"] = new("BERTH100", m => { m.KubernetesVersion = "1.20"; m.Budget().UnhealthyPodEvictionPolicy = Val<string?>.Unknown(); m.Probe(ProbeKind.Readiness).Handler = Val<string?>.Unknown(); }),
        ["102 v-prefixed version with a patch"] = new("BERTH102", m => m.KubernetesVersion = "v1.29.3"),
        ["102 the oldest version"] = new("BERTH102", m => m.KubernetesVersion = "1.20"),
        ["046 with a target version the version rules speak"] = new("BERTH046", m => { m.KubernetesVersion = "1.30"; m.App().MaxUnavailable = "2"; }),
        ["074 a target version without the field"] = new("BERTH074", m => { m.KubernetesVersion = "1.25"; m.Budget().UnhealthyPodEvictionPolicy = (string?)null; }),
        ["092 Delete on a version that drops the policy"] = new("BERTH092", m => { m.KubernetesVersion = "1.22"; m.App().HasRetentionPolicy = true; m.App().RetentionWhenDeleted = "Delete"; m.App().RetentionWhenScaled = "Delete"; }),
        ["091 partition below replicas"] = new("BERTH091", m => m.App().Partition = 2),
        // matchExpressions at every selector site: selects the pods.
        ["002 selector expressions select the pods"] = new("BERTH002", m => m.App().Selector = new LabelMap().Expression(AppLabel, "In", "postgres", "pg").Expression("tier", "DoesNotExist")),
        ["002 selector NotIn other values"] = new("BERTH002", m => m.App().Selector = AppLabels().Expression(AppLabel, "NotIn", "mysql")),
        ["055 anti-affinity In on the pods' own key"] = new("BERTH055", m => m.Pod().AntiAffinity[0].Selector = new LabelMap().Expression(AppLabel, "In", "postgres")),
        ["055 anti-affinity Exists on the pods' own key"] = new("BERTH055", m => m.Pod().AntiAffinity[0].Selector = new LabelMap().Expression(AppLabel, "Exists")),
        ["055 a second anti-affinity term against another app"] = new("BERTH055", m => m.Pod().AntiAffinity.Add(new AffinityTermModel { Required = true, TopologyKey = "kubernetes.io/hostname", Selector = new LabelMap().Expression("app", "In", "kafka") })),
        ["076 spread In on the pods' own key"] = new("BERTH076", m => m.Pod().TopologySpread[0].Selector = new LabelMap().Expression(AppLabel, "In", "postgres")),
        ["076 spread DoesNotExist on another key"] = new("BERTH076", m => m.Pod().TopologySpread[0].Selector = AppLabels().Expression("canary", "DoesNotExist")),
        ["054 budget expression selects the pods"] = new("BERTH054", m => m.Budget().Selector = new LabelMap().Expression(AppLabel, "In", "postgres")),
        ["054 budget Exists on the pods' key"] = new("BERTH054", m => m.Budget().Selector = new LabelMap().Expression(AppLabel, "Exists")),
        ["034 pod affinity on another app's pods is fine"] = new("BERTH034", m => m.Pod().PodAffinity.Add(new AffinityTermModel { Required = true, TopologyKey = "kubernetes.io/hostname", Selector = new LabelMap().Expression("app", "In", "cache") })),
        ["002 selector with expressions that cannot be read"] = new("BERTH002", m => { m.App().Selector = Labels((AppLabel, "postgres")); m.App().Selector!.HasExpressions = true; }),
        ["035 namespace not set"] = new("BERTH035", m => m.App().Namespace = (string?)null),
        ["035 namespace of 63 characters"] = new("BERTH035", m => m.App().Namespace = new string('n', 63)),
        ["035 namespace unknown"] = new("BERTH035", m => m.App().Namespace = Val<string?>.Unknown()),
        ["079 upper case annotation key (keys are checked lower-cased)"] = new("BERTH079", m => m.App().Annotations.Add("Example.com/BackupSchedule", "daily")),
        ["079 annotation value with spaces and '='"] = new("BERTH079", m => m.Pod().Annotations.Add("example.com/note", "a = b, c")),
        ["079 annotations of exactly 256 KiB"] = new("BERTH079", m => m.App().Annotations.Add("example.com/a", new string('x', 256 * 1024 - "example.com/a".Length))),
        ["005 empty restartPolicy is defaulted to Always"] = new("BERTH005", m => m.Pod().RestartPolicy = ""),
        ["008 empty strategy type is defaulted to RollingUpdate"] = new("BERTH008", m => m.App().UpdateStrategyType = ""),
        ["009 empty podManagementPolicy is defaulted to OrderedReady"] = new("BERTH009", m => m.App().PodManagementPolicy = ""),
        ["031 empty Service type is defaulted to ClusterIP"] = new("BERTH031", m => m.Service().Type = ""),
        ["034 empty toleration operator means Equal"] = new("BERTH034", m => m.Pod().Tolerations.Add(new TolerationModel { Key = "dedicated", Operator = "", Value = "db" })),
        ["034 empty toleration effect matches all effects"] = new("BERTH034", m => m.Pod().Tolerations.Add(new TolerationModel { Key = "dedicated", Operator = "Exists", Effect = "" })),
        ["091 partition with OnDelete"] = new("BERTH091", m => { m.App().UpdateStrategyType = "OnDelete"; m.App().Partition = (int?)null; }),
    };

    public static IEnumerable<object[]> FireNames => Fire.Keys.Select(k => new object[] { k });

    public static IEnumerable<object[]> QuietNames => Quiet.Keys.Select(k => new object[] { k });

    public static IEnumerable<object[]> RuleIds => RuleCatalog.All.Select(r => new object[] { r.Id });
}
