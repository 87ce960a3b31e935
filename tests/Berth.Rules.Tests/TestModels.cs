using Berth.Rules.Model;

namespace Berth.Rules.Tests;

/// <summary>Small builders for the neutral model: a fully valid set, and a fully unknown one.</summary>
internal static class TestModels
{
    public const string AppLabel = "app.kubernetes.io/name";

    public static LabelMap Labels(params (string Key, string Value)[] entries)
    {
        var map = new LabelMap();
        foreach (var (k, v) in entries) map.Add(k, v);
        return map;
    }

    public static LabelMap AppLabels(string app = "postgres") => Labels((AppLabel, app));

    /// <summary>
    /// The DSL example of the design, made fully clean: no rule fires, not even the Info ones
    /// (Parallel pod management, liveness, ephemeral storage, pull policy Always, spread, PDB eviction policy).
    /// </summary>
    public static ManifestSetModel Valid()
    {
        var set = new ManifestSetModel();
        set.Apps.Add(App("postgres"));
        set.Services.Add(Service("postgres"));
        set.Budgets.Add(Budget("postgres"));
        set.ServiceAccounts.IsComplete = true;
        return set;
    }

    public static AppModel App(string name, string? ns = "data")
    {
        var app = new AppModel
        {
            Anchor = "app:" + name,
            Name = Val<string?>.Of(name, "name:" + name),
            Namespace = ns,
            Labels = AppLabels(name),
            Selector = AppLabels(name),
            TemplateLabels = AppLabels(name),
            Replicas = 3,
            ServiceName = name,
            PodManagementPolicy = "Parallel",
        };
        var pod = app.Pod;
        pod.Anchor = "pod";
        pod.Containers.Add(Container("postgres", "postgres:16.4"));
        pod.AntiAffinity.Add(new AffinityTermModel
        {
            Required = false,
            Weight = 100,
            TopologyKey = "kubernetes.io/hostname",
            Selector = AppLabels(name),
        });
        pod.TopologySpread.Add(new SpreadConstraintModel
        {
            MaxSkew = 1,
            TopologyKey = "topology.kubernetes.io/zone",
            WhenUnsatisfiable = "ScheduleAnyway",
            Selector = AppLabels(name),
        });
        var claim = new ClaimTemplateModel { Anchor = "claim:data", Name = "data", Storage = "20Gi" };
        claim.AccessModes.Add("ReadWriteOnce");
        app.ClaimTemplates.Add(claim);
        return app;
    }

    public static ContainerModel Container(string name, string image)
    {
        var c = new ContainerModel { Anchor = "container:" + name, Name = name, Image = image, ImagePullPolicy = "Always" };
        c.Ports.Add(new PortModel { Anchor = "port:pg", Name = "pg", Number = 5432 });
        c.Env.Add(new EnvModel { Name = "POSTGRES_DB", Value = "app" });
        c.Env.Add(new EnvModel { Name = "POSTGRES_PASSWORD", ValueFromSources = 1, Key = "password", SourceName = "pg-auth" });
        c.Requests.Add(new ResourceModel { Resource = "cpu", Quantity = "250m" });
        c.Requests.Add(new ResourceModel { Resource = "memory", Quantity = "512Mi" });
        c.Requests.Add(new ResourceModel { Resource = "ephemeral-storage", Quantity = "1Gi" });
        c.Limits.Add(new ResourceModel { Resource = "memory", Quantity = "1Gi" });
        c.Limits.Add(new ResourceModel { Resource = "ephemeral-storage", Quantity = "2Gi" });
        c.Probes.Add(new ProbeModel { Kind = ProbeKind.Readiness, Handler = "tcpSocket", Port = "pg", Signature = "tcpSocket pg" });
        c.Probes.Add(new ProbeModel { Kind = ProbeKind.Liveness, Handler = "exec", CommandLength = 1, Signature = "exec pg_isready" });
        c.Mounts.Add(new MountModel
        {
            Anchor = "mount:data",
            Name = Val<string?>.Of("data", "mount-name:data"),
            Path = "/var/lib/postgresql/data",
        });
        return c;
    }

    public static ServiceModel Service(string name, string? ns = "data")
    {
        var svc = new ServiceModel
        {
            Anchor = "service:" + name,
            Name = name,
            Namespace = ns,
            ClusterIP = "None",
            Selector = AppLabels(name),
            IsGeneratedGoverning = true,
        };
        svc.Ports.Add(new ServicePortModel { Name = "pg", Port = 5432, TargetPort = "pg" });
        return svc;
    }

    public static BudgetModel Budget(string name, string? ns = "data") => new()
    {
        Anchor = "budget:" + name,
        Name = name,
        Namespace = ns,
        Selector = AppLabels(name),
        MaxUnavailable = "1",
        UnhealthyPodEvictionPolicy = "AlwaysAllow",
    };

    /// <summary>Every value unknown and every list incomplete, with one unknown item where a list holds items.</summary>
    public static ManifestSetModel Unknown()
    {
        var set = new ManifestSetModel();
        set.Apps.IsComplete = false;
        set.Services.IsComplete = false;
        set.Budgets.IsComplete = false;
        set.ServiceAccounts.IsComplete = false;
        set.Apps.Add(UnknownApp());
        set.Services.Add(UnknownService());
        set.Budgets.Add(UnknownBudget());
        return set;
    }

    public static LabelMap UnknownLabels()
    {
        var map = new LabelMap();
        map.Entries.IsComplete = false;
        map.Entries.Add(new LabelEntry { Key = Val<string>.Unknown(), Value = Val<string>.Unknown() });
        return map;
    }

    private static ItemList<T> Incomplete<T>(params T[] items)
    {
        var list = new ItemList<T> { IsComplete = false };
        list.AddRange(items);
        return list;
    }

    public static AppModel UnknownApp() => new()
    {
        Name = Val<string?>.Unknown(),
        Namespace = Val<string?>.Unknown(),
        Labels = UnknownLabels(),
        Selector = UnknownLabels(),
        TemplateLabels = UnknownLabels(),
        Replicas = Val<int?>.Unknown(),
        ServiceName = Val<string?>.Unknown(),
        PodManagementPolicy = Val<string?>.Unknown(),
        UpdateStrategyType = Val<string?>.Unknown(),
        Partition = Val<int?>.Unknown(),
        MaxUnavailable = Val<string?>.Unknown(),
        RevisionHistoryLimit = Val<int?>.Unknown(),
        MinReadySeconds = Val<int?>.Unknown(),
        OrdinalsStart = Val<int?>.Unknown(),
        RetentionWhenDeleted = Val<string?>.Unknown(),
        RetentionWhenScaled = Val<string?>.Unknown(),
        Pod = new PodModel
        {
            RestartPolicy = Val<string?>.Unknown(),
            ActiveDeadlineSeconds = Val<long?>.Unknown(),
            TerminationGracePeriodSeconds = Val<long?>.Unknown(),
            ServiceAccountName = Val<string?>.Unknown(),
            HostNetwork = Val<bool>.Unknown(),
            Containers = Incomplete(UnknownContainer(false)),
            InitContainers = Incomplete(UnknownContainer(true)),
            Volumes = Incomplete(new VolumeModel { Name = Val<string?>.Unknown(), SourceCount = Val<int>.Unknown() }),
            AntiAffinity = Incomplete(new AffinityTermModel { Weight = Val<int?>.Unknown(), TopologyKey = Val<string?>.Unknown(), Selector = UnknownLabels() }),
            TopologySpread = Incomplete(new SpreadConstraintModel
            {
                MaxSkew = Val<int>.Unknown(), TopologyKey = Val<string?>.Unknown(), WhenUnsatisfiable = Val<string?>.Unknown(), Selector = UnknownLabels(),
            }),
            Tolerations = Incomplete(new TolerationModel
            {
                Key = Val<string?>.Unknown(), Operator = Val<string?>.Unknown(), Value = Val<string?>.Unknown(),
                Effect = Val<string?>.Unknown(), TolerationSeconds = Val<long?>.Unknown(),
            }),
        },
        ClaimTemplates = Incomplete(new ClaimTemplateModel
        {
            Name = Val<string?>.Unknown(),
            AccessModes = Incomplete(Val<string?>.Unknown()),
            Storage = Val<string?>.Unknown(),
            StorageClass = Val<string?>.Unknown(),
            VolumeMode = Val<string?>.Unknown(),
        }),
    };

    public static ContainerModel UnknownContainer(bool init) => new()
    {
        IsInit = init,
        Name = Val<string?>.Unknown(),
        Image = Val<string?>.Unknown(),
        ImagePullPolicy = Val<string?>.Unknown(),
        RestartPolicy = Val<string?>.Unknown(),
        Ports = Incomplete(new PortModel { Name = Val<string?>.Unknown(), Number = Val<int>.Unknown(), Protocol = Val<string?>.Unknown(), HostPort = Val<int?>.Unknown() }),
        Env = Incomplete(new EnvModel { Name = Val<string?>.Unknown(), Key = Val<string?>.Unknown(), SourceName = Val<string?>.Unknown() }),
        EnvFrom = Incomplete(new EnvFromModel { Sources = 1, Prefix = Val<string?>.Unknown() }),
        Mounts = Incomplete(new MountModel { Name = Val<string?>.Unknown(), Path = Val<string?>.Unknown(), SubPath = Val<string?>.Unknown(), SubPathExpr = Val<string?>.Unknown() }),
        Requests = Incomplete(new ResourceModel { Resource = Val<string>.Unknown(), Quantity = Val<string?>.Unknown() }),
        Limits = Incomplete(new ResourceModel { Resource = Val<string>.Unknown(), Quantity = Val<string?>.Unknown() }),
        Probes = Incomplete(new ProbeModel
        {
            Kind = ProbeKind.Readiness,
            HandlerCount = Val<int>.Unknown(), Handler = Val<string?>.Unknown(), Port = Val<string?>.Unknown(), Path = Val<string?>.Unknown(),
            CommandLength = Val<int>.Unknown(), Signature = Val<string?>.Unknown(),
            InitialDelaySeconds = Val<int?>.Unknown(), TimeoutSeconds = Val<int?>.Unknown(), PeriodSeconds = Val<int?>.Unknown(),
            SuccessThreshold = Val<int?>.Unknown(), FailureThreshold = Val<int?>.Unknown(), TerminationGracePeriodSeconds = Val<long?>.Unknown(),
        }),
    };

    public static ServiceModel UnknownService()
    {
        var svc = new ServiceModel
        {
            Name = Val<string?>.Unknown(),
            Namespace = Val<string?>.Unknown(),
            Type = Val<string?>.Unknown(),
            ClusterIP = Val<string?>.Unknown(),
            Selector = UnknownLabels(),
            Ports = Incomplete(new ServicePortModel { Name = Val<string?>.Unknown(), Port = Val<int>.Unknown(), Protocol = Val<string?>.Unknown(), TargetPort = Val<string?>.Unknown() }),
        };
        return svc;
    }

    public static BudgetModel UnknownBudget() => new()
    {
        Name = Val<string?>.Unknown(),
        Namespace = Val<string?>.Unknown(),
        Selector = UnknownLabels(),
        MaxUnavailable = Val<string?>.Unknown(),
        MinAvailable = Val<string?>.Unknown(),
        UnhealthyPodEvictionPolicy = Val<string?>.Unknown(),
    };

    // Shortcuts into a set built by Valid().
    public static AppModel App(this ManifestSetModel set) => set.Apps[0];
    public static PodModel Pod(this ManifestSetModel set) => set.Apps[0].Pod;
    public static ContainerModel Container(this ManifestSetModel set) => set.Apps[0].Pod.Containers[0];
    public static ClaimTemplateModel Claim(this ManifestSetModel set) => set.Apps[0].ClaimTemplates[0];
    public static ServiceModel Service(this ManifestSetModel set) => set.Services[0];
    public static BudgetModel Budget(this ManifestSetModel set) => set.Budgets[0];
    public static ProbeModel Probe(this ManifestSetModel set, ProbeKind kind) => set.Container().Probes.Find(p => p.Kind == kind)!;
}
