namespace Berth.Rules.Model;

/// <summary>The neutral model of one StatefulSet with its pod template and claim templates.</summary>
public sealed class AppModel
{
    /// <summary>Where the app is declared (the <c>StatefulApp.Named</c> call at compile time); may be null.</summary>
    public object? Anchor { get; set; }

    /// <summary><c>metadata.name</c>.</summary>
    public Val<string?> Name { get; set; }

    /// <summary><c>metadata.namespace</c>; known null means "not set" (the namespace of the kubeconfig applies).</summary>
    public Val<string?> Namespace { get; set; } = Val<string?>.Of(null);

    /// <summary><c>metadata.labels</c>.</summary>
    public LabelMap Labels { get; set; } = new LabelMap();

    /// <summary><c>metadata.annotations</c> (keys and values; the same map type as labels).</summary>
    public LabelMap Annotations { get; set; } = new LabelMap();

    /// <summary><c>spec.selector</c> (matchLabels and matchExpressions); null when the selector is missing.</summary>
    public LabelMap? Selector { get; set; }

    /// <summary>True when the user set the selector explicitly instead of deriving it from the labels.</summary>
    public bool SelectorOverridden { get; set; }

    /// <summary><c>spec.template.metadata.labels</c>.</summary>
    public LabelMap TemplateLabels { get; set; } = new LabelMap();

    /// <summary><c>spec.replicas</c>; known null means unset (defaults to 1, or managed by an autoscaler).</summary>
    public Val<int?> Replicas { get; set; } = Val<int?>.Of(null);

    /// <summary><c>spec.serviceName</c>.</summary>
    public Val<string?> ServiceName { get; set; } = Val<string?>.Of(null);

    /// <summary><c>spec.podManagementPolicy</c> (null = default OrderedReady).</summary>
    public Val<string?> PodManagementPolicy { get; set; } = Val<string?>.Of(null);

    /// <summary><c>spec.updateStrategy.type</c> (null = default RollingUpdate).</summary>
    public Val<string?> UpdateStrategyType { get; set; } = Val<string?>.Of(null);

    /// <summary>True when <c>spec.updateStrategy.rollingUpdate</c> is present.</summary>
    public bool HasRollingUpdate { get; set; }

    /// <summary><c>spec.updateStrategy.rollingUpdate.partition</c>.</summary>
    public Val<int?> Partition { get; set; } = Val<int?>.Of(null);

    /// <summary><c>spec.updateStrategy.rollingUpdate.maxUnavailable</c> as text: "2" or "50%".</summary>
    public Val<string?> MaxUnavailable { get; set; } = Val<string?>.Of(null);

    /// <summary><c>spec.revisionHistoryLimit</c>.</summary>
    public Val<int?> RevisionHistoryLimit { get; set; } = Val<int?>.Of(null);

    /// <summary><c>spec.minReadySeconds</c>.</summary>
    public Val<int?> MinReadySeconds { get; set; } = Val<int?>.Of(null);

    /// <summary><c>spec.ordinals.start</c>.</summary>
    public Val<int?> OrdinalsStart { get; set; } = Val<int?>.Of(null);

    /// <summary>True when <c>spec.persistentVolumeClaimRetentionPolicy</c> is present.</summary>
    public bool HasRetentionPolicy { get; set; }

    /// <summary><c>persistentVolumeClaimRetentionPolicy.whenDeleted</c>.</summary>
    public Val<string?> RetentionWhenDeleted { get; set; } = Val<string?>.Of(null);

    /// <summary><c>persistentVolumeClaimRetentionPolicy.whenScaled</c>.</summary>
    public Val<string?> RetentionWhenScaled { get; set; } = Val<string?>.Of(null);

    /// <summary>The pod template spec.</summary>
    public PodModel Pod { get; set; } = new PodModel();

    /// <summary><c>spec.volumeClaimTemplates</c>.</summary>
    public ItemList<ClaimTemplateModel> ClaimTemplates { get; set; } = new ItemList<ClaimTemplateModel>();
}

/// <summary>The pod template spec of an app.</summary>
public sealed class PodModel
{
    /// <summary>Where the pod template is configured; may be null.</summary>
    public object? Anchor { get; set; }

    /// <summary><c>restartPolicy</c> (null = default Always).</summary>
    public Val<string?> RestartPolicy { get; set; } = Val<string?>.Of(null);

    /// <summary><c>spec.template.metadata.annotations</c>.</summary>
    public LabelMap Annotations { get; set; } = new LabelMap();

    /// <summary><c>activeDeadlineSeconds</c>.</summary>
    public Val<long?> ActiveDeadlineSeconds { get; set; } = Val<long?>.Of(null);

    /// <summary><c>terminationGracePeriodSeconds</c>.</summary>
    public Val<long?> TerminationGracePeriodSeconds { get; set; } = Val<long?>.Of(null);

    /// <summary><c>serviceAccountName</c>.</summary>
    public Val<string?> ServiceAccountName { get; set; } = Val<string?>.Of(null);

    /// <summary><c>hostNetwork</c>.</summary>
    public Val<bool> HostNetwork { get; set; } = Val<bool>.Of(false);

    /// <summary><c>containers</c>.</summary>
    public ItemList<ContainerModel> Containers { get; set; } = new ItemList<ContainerModel>();

    /// <summary><c>initContainers</c>.</summary>
    public ItemList<ContainerModel> InitContainers { get; set; } = new ItemList<ContainerModel>();

    /// <summary><c>volumes</c>.</summary>
    public ItemList<VolumeModel> Volumes { get; set; } = new ItemList<VolumeModel>();

    /// <summary>Pod anti-affinity terms (required and preferred).</summary>
    public ItemList<AffinityTermModel> AntiAffinity { get; set; } = new ItemList<AffinityTermModel>();

    /// <summary>Pod affinity terms (required and preferred): checked like anti-affinity terms, but may select other apps' pods.</summary>
    public ItemList<AffinityTermModel> PodAffinity { get; set; } = new ItemList<AffinityTermModel>();

    /// <summary><c>topologySpreadConstraints</c>.</summary>
    public ItemList<SpreadConstraintModel> TopologySpread { get; set; } = new ItemList<SpreadConstraintModel>();

    /// <summary><c>tolerations</c>.</summary>
    public ItemList<TolerationModel> Tolerations { get; set; } = new ItemList<TolerationModel>();

    /// <summary><c>nodeSelector</c>: node label keys and values (BERTH078).</summary>
    public LabelMap NodeSelector { get; set; } = new LabelMap();

    /// <summary>Node affinity terms, required and preferred (BERTH034); filled by the build step, which reads the built objects.</summary>
    public ItemList<NodeSelectorTermModel> NodeAffinity { get; set; } = new ItemList<NodeSelectorTermModel>();

    /// <summary>True when node affinity has a required node selector with no terms (BERTH034).</summary>
    public bool RequiredNodeSelectorEmpty { get; set; }

    /// <summary>The pod <c>securityContext</c> (BERTH106); null when not set or not known.</summary>
    public SecurityContextModel? Security { get; set; }
}

/// <summary>A node selector term of node affinity, required or preferred.</summary>
public sealed class NodeSelectorTermModel
{
    /// <summary>Where declared.</summary>
    public object? Anchor { get; set; }

    /// <summary>True for requiredDuringScheduling, false for preferred.</summary>
    public bool Required { get; set; }

    /// <summary>Weight of a preferred term (1-100).</summary>
    public Val<int?> Weight { get; set; } = Val<int?>.Of(null);

    /// <summary><c>matchExpressions</c>: node label requirements.</summary>
    public ItemList<NodeRequirementModel> Expressions { get; set; } = new ItemList<NodeRequirementModel>();

    /// <summary><c>matchFields</c>: node field requirements.</summary>
    public ItemList<NodeRequirementModel> Fields { get; set; } = new ItemList<NodeRequirementModel>();
}

/// <summary>A node selector requirement (key, operator, values).</summary>
public sealed class NodeRequirementModel
{
    /// <summary><c>key</c>.</summary>
    public Val<string?> Key { get; set; }

    /// <summary><c>operator</c>.</summary>
    public Val<string?> Operator { get; set; }

    /// <summary><c>values</c>.</summary>
    public ItemList<Val<string?>> Values { get; set; } = new ItemList<Val<string?>>();
}

/// <summary>A container's or the pod's security context, the fields the API server checks (BERTH106).</summary>
public sealed class SecurityContextModel
{
    /// <summary>Where declared.</summary>
    public object? Anchor { get; set; }

    /// <summary><c>runAsUser</c>.</summary>
    public Val<long?> RunAsUser { get; set; } = Val<long?>.Of(null);

    /// <summary><c>runAsGroup</c>.</summary>
    public Val<long?> RunAsGroup { get; set; } = Val<long?>.Of(null);

    /// <summary><c>fsGroup</c> (pod only).</summary>
    public Val<long?> FsGroup { get; set; } = Val<long?>.Of(null);

    /// <summary><c>supplementalGroups</c> (pod only).</summary>
    public ItemList<Val<long?>> SupplementalGroups { get; set; } = new ItemList<Val<long?>>();

    /// <summary><c>fsGroupChangePolicy</c> (pod only).</summary>
    public Val<string?> FsGroupChangePolicy { get; set; } = Val<string?>.Of(null);

    /// <summary><c>sysctls[].name</c> (pod only).</summary>
    public ItemList<Val<string?>> Sysctls { get; set; } = new ItemList<Val<string?>>();

    /// <summary><c>privileged</c> (container only).</summary>
    public Val<bool?> Privileged { get; set; } = Val<bool?>.Of(null);

    /// <summary><c>allowPrivilegeEscalation</c> (container only).</summary>
    public Val<bool?> AllowPrivilegeEscalation { get; set; } = Val<bool?>.Of(null);

    /// <summary><c>capabilities.add</c> (container only).</summary>
    public ItemList<Val<string?>> AddedCapabilities { get; set; } = new ItemList<Val<string?>>();

    /// <summary><c>seccompProfile.type</c>; null when there is no seccompProfile.</summary>
    public Val<string?> SeccompType { get; set; } = Val<string?>.Of(null);

    /// <summary><c>seccompProfile.localhostProfile</c>.</summary>
    public Val<string?> SeccompLocalhostProfile { get; set; } = Val<string?>.Of(null);

    /// <summary>True when a seccompProfile is set.</summary>
    public bool HasSeccompProfile { get; set; }

    /// <summary><c>runAsNonRoot</c>.</summary>
    public Val<bool?> RunAsNonRoot { get; set; } = Val<bool?>.Of(null);

    /// <summary><c>readOnlyRootFilesystem</c> (container only).</summary>
    public Val<bool?> ReadOnlyRootFilesystem { get; set; } = Val<bool?>.Of(null);

    /// <summary><c>capabilities.drop</c> (container only).</summary>
    public ItemList<Val<string?>> DroppedCapabilities { get; set; } = new ItemList<Val<string?>>();

    /// <summary>A copy whose lists can change without touching this one.</summary>
    public SecurityContextModel Clone() => new()
    {
        Anchor = Anchor,
        RunAsUser = RunAsUser,
        RunAsGroup = RunAsGroup,
        FsGroup = FsGroup,
        SupplementalGroups = Copy(SupplementalGroups),
        FsGroupChangePolicy = FsGroupChangePolicy,
        Sysctls = Copy(Sysctls),
        Privileged = Privileged,
        AllowPrivilegeEscalation = AllowPrivilegeEscalation,
        AddedCapabilities = Copy(AddedCapabilities),
        SeccompType = SeccompType,
        SeccompLocalhostProfile = SeccompLocalhostProfile,
        HasSeccompProfile = HasSeccompProfile,
        RunAsNonRoot = RunAsNonRoot,
        ReadOnlyRootFilesystem = ReadOnlyRootFilesystem,
        DroppedCapabilities = Copy(DroppedCapabilities),
    };

    private static ItemList<T> Copy<T>(ItemList<T> list)
    {
        var copy = new ItemList<T> { IsComplete = list.IsComplete, Anchor = list.Anchor };
        copy.AddRange(list);
        return copy;
    }
}

/// <summary>A container or init container.</summary>
public sealed class ContainerModel
{
    /// <summary>Where the container is declared; may be null.</summary>
    public object? Anchor { get; set; }

    /// <summary>True for an init container.</summary>
    public bool IsInit { get; set; }

    /// <summary><c>name</c>.</summary>
    public Val<string?> Name { get; set; }

    /// <summary><c>image</c>.</summary>
    public Val<string?> Image { get; set; }

    /// <summary><c>imagePullPolicy</c>.</summary>
    public Val<string?> ImagePullPolicy { get; set; } = Val<string?>.Of(null);

    /// <summary><c>restartPolicy</c> (only valid as Always on init containers: a sidecar).</summary>
    public Val<string?> RestartPolicy { get; set; } = Val<string?>.Of(null);

    /// <summary><c>ports</c>.</summary>
    public ItemList<PortModel> Ports { get; set; } = new ItemList<PortModel>();

    /// <summary><c>env</c>.</summary>
    public ItemList<EnvModel> Env { get; set; } = new ItemList<EnvModel>();

    /// <summary><c>envFrom</c>.</summary>
    public ItemList<EnvFromModel> EnvFrom { get; set; } = new ItemList<EnvFromModel>();

    /// <summary><c>volumeMounts</c>.</summary>
    public ItemList<MountModel> Mounts { get; set; } = new ItemList<MountModel>();

    /// <summary><c>resources.requests</c>.</summary>
    public ItemList<ResourceModel> Requests { get; set; } = new ItemList<ResourceModel>();

    /// <summary><c>resources.limits</c>.</summary>
    public ItemList<ResourceModel> Limits { get; set; } = new ItemList<ResourceModel>();

    /// <summary>Readiness, liveness and startup probes.</summary>
    public ItemList<ProbeModel> Probes { get; set; } = new ItemList<ProbeModel>();

    /// <summary>True when <c>lifecycle</c> (postStart or preStop) is set.</summary>
    public bool HasLifecycle { get; set; }

    /// <summary>The container <c>securityContext</c> (BERTH106); null when not set or not known.</summary>
    public SecurityContextModel? Security { get; set; }

    /// <summary><c>command</c>; null when not set (the image's entrypoint).</summary>
    public ItemList<Val<string?>>? Command { get; set; }

    /// <summary><c>args</c>; null when not set.</summary>
    public ItemList<Val<string?>>? Args { get; set; }

    /// <summary><c>workingDir</c>.</summary>
    public Val<string?> WorkingDir { get; set; } = Val<string?>.Of(null);

    /// <summary><c>lifecycle.preStop</c>; null when not set (see <see cref="HasLifecycle"/> for the rules).</summary>
    public LifecycleHandlerModel? PreStop { get; set; }
}

/// <summary>A lifecycle handler (<c>preStop</c>): a command, or an HTTP GET on a path of a port.</summary>
public sealed class LifecycleHandlerModel
{
    /// <summary>Where declared.</summary>
    public object? Anchor { get; set; }

    /// <summary>"exec" or "httpGet".</summary>
    public Val<string?> Handler { get; set; }

    /// <summary>The exec command.</summary>
    public ItemList<Val<string?>> Command { get; set; } = new ItemList<Val<string?>>();

    /// <summary>The httpGet path.</summary>
    public Val<string?> Path { get; set; } = Val<string?>.Of(null);

    /// <summary>The httpGet port as written: a number as digits or a port name.</summary>
    public Val<string?> Port { get; set; } = Val<string?>.Of(null);
}

/// <summary>A container port.</summary>
public sealed class PortModel
{
    /// <summary>Where declared.</summary>
    public object? Anchor { get; set; }

    /// <summary><c>name</c> (optional).</summary>
    public Val<string?> Name { get; set; } = Val<string?>.Of(null);

    /// <summary><c>containerPort</c>.</summary>
    public Val<int> Number { get; set; }

    /// <summary><c>protocol</c>.</summary>
    public Val<string?> Protocol { get; set; } = Val<string?>.Of("TCP");

    /// <summary><c>hostPort</c>.</summary>
    public Val<int?> HostPort { get; set; } = Val<int?>.Of(null);
}

/// <summary>An environment variable.</summary>
public sealed class EnvModel
{
    /// <summary>Where declared.</summary>
    public object? Anchor { get; set; }

    /// <summary><c>name</c>.</summary>
    public Val<string?> Name { get; set; }

    /// <summary>The literal <c>value</c>: null when not set, unknown when the front end cannot read it (not a constant).</summary>
    public Val<string?> Value { get; set; } = Val<string?>.Of(null);

    /// <summary>True when a non-empty literal <c>value</c> is known to be set.</summary>
    public bool HasValue => Value.IsKnown && !string.IsNullOrEmpty(Value.Value);

    /// <summary>How many <c>valueFrom</c> sources are set (fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef).</summary>
    public int ValueFromSources { get; set; }

    /// <summary>The configMap or secret key referenced, if any.</summary>
    public Val<string?> Key { get; set; } = Val<string?>.Of(null);

    /// <summary>The configMap or secret name referenced, if any.</summary>
    public Val<string?> SourceName { get; set; } = Val<string?>.Of(null);

    /// <summary>The <c>valueFrom</c> source: "secretKeyRef", "configMapKeyRef" or "fieldRef"; known null for a literal value.</summary>
    public Val<string?> ValueFrom { get; set; } = Val<string?>.Of(null);

    /// <summary>The <c>fieldRef.fieldPath</c> of a downward API variable.</summary>
    public Val<string?> FieldPath { get; set; } = Val<string?>.Of(null);

    /// <summary><c>optional</c> of a secret or configMap key reference.</summary>
    public Val<bool> Optional { get; set; } = Val<bool>.Of(false);
}

/// <summary>An <c>envFrom</c> entry.</summary>
public sealed class EnvFromModel
{
    /// <summary>Where declared.</summary>
    public object? Anchor { get; set; }

    /// <summary>How many of configMapRef and secretRef are set.</summary>
    public int Sources { get; set; }

    /// <summary><c>prefix</c>.</summary>
    public Val<string?> Prefix { get; set; } = Val<string?>.Of(null);

    /// <summary>The source: "secretRef" or "configMapRef".</summary>
    public Val<string?> SourceKind { get; set; } = Val<string?>.Of(null);

    /// <summary>The Secret's or ConfigMap's name.</summary>
    public Val<string?> SourceName { get; set; } = Val<string?>.Of(null);
}

/// <summary>A volume mount.</summary>
public sealed class MountModel
{
    /// <summary>Where declared.</summary>
    public object? Anchor { get; set; }

    /// <summary><c>name</c>: a volume or claim template.</summary>
    public Val<string?> Name { get; set; }

    /// <summary><c>mountPath</c>.</summary>
    public Val<string?> Path { get; set; }

    /// <summary><c>subPath</c>.</summary>
    public Val<string?> SubPath { get; set; } = Val<string?>.Of(null);

    /// <summary><c>subPathExpr</c>.</summary>
    public Val<string?> SubPathExpr { get; set; } = Val<string?>.Of(null);

    /// <summary><c>readOnly</c>.</summary>
    public Val<bool> ReadOnly { get; set; } = Val<bool>.Of(false);
}

/// <summary>One resource request or limit, e.g. cpu "250m".</summary>
public sealed class ResourceModel
{
    /// <summary>Where declared.</summary>
    public object? Anchor { get; set; }

    /// <summary>Resource name: cpu, memory, ephemeral-storage, hugepages-2Mi, an extended resource.</summary>
    public Val<string> Resource { get; set; }

    /// <summary>The quantity text as written.</summary>
    public Val<string?> Quantity { get; set; }
}

/// <summary>Probe kinds.</summary>
public enum ProbeKind
{
    /// <summary>readinessProbe.</summary>
    Readiness,
    /// <summary>livenessProbe.</summary>
    Liveness,
    /// <summary>startupProbe.</summary>
    Startup,
}

/// <summary>A probe.</summary>
public sealed class ProbeModel
{
    /// <summary>Where declared.</summary>
    public object? Anchor { get; set; }

    /// <summary>Which probe.</summary>
    public ProbeKind Kind { get; set; }

    /// <summary>Number of handlers set (exec, httpGet, tcpSocket, grpc).</summary>
    public Val<int> HandlerCount { get; set; } = Val<int>.Of(1);

    /// <summary>The handler: "exec", "httpGet", "tcpSocket" or "grpc".</summary>
    public Val<string?> Handler { get; set; }

    /// <summary>The port as written: a number ("8080") or a port name ("http").</summary>
    public Val<string?> Port { get; set; } = Val<string?>.Of(null);

    /// <summary>httpGet path.</summary>
    public Val<string?> Path { get; set; } = Val<string?>.Of(null);

    /// <summary>httpGet scheme (null for HTTP).</summary>
    public Val<string?> Scheme { get; set; } = Val<string?>.Of(null);

    /// <summary>exec command.</summary>
    public ItemList<Val<string?>> Command { get; set; } = new ItemList<Val<string?>>();

    /// <summary>grpc service.</summary>
    public Val<string?> GrpcService { get; set; } = Val<string?>.Of(null);

    /// <summary>exec command length.</summary>
    public Val<int> CommandLength { get; set; } = Val<int>.Of(0);

    /// <summary>A text that identifies the handler target, for the identical-probes rule (e.g. "httpGet 8080 /healthz").</summary>
    public Val<string?> Signature { get; set; } = Val<string?>.Of(null);

    /// <summary><c>initialDelaySeconds</c>.</summary>
    public Val<int?> InitialDelaySeconds { get; set; } = Val<int?>.Of(null);

    /// <summary><c>timeoutSeconds</c>.</summary>
    public Val<int?> TimeoutSeconds { get; set; } = Val<int?>.Of(null);

    /// <summary><c>periodSeconds</c>.</summary>
    public Val<int?> PeriodSeconds { get; set; } = Val<int?>.Of(null);

    /// <summary><c>successThreshold</c>.</summary>
    public Val<int?> SuccessThreshold { get; set; } = Val<int?>.Of(null);

    /// <summary><c>failureThreshold</c>.</summary>
    public Val<int?> FailureThreshold { get; set; } = Val<int?>.Of(null);

    /// <summary><c>terminationGracePeriodSeconds</c> of the probe.</summary>
    public Val<long?> TerminationGracePeriodSeconds { get; set; } = Val<long?>.Of(null);
}

/// <summary>A pod volume.</summary>
public sealed class VolumeModel
{
    /// <summary>Where declared.</summary>
    public object? Anchor { get; set; }

    /// <summary><c>name</c>.</summary>
    public Val<string?> Name { get; set; }

    /// <summary>How many volume sources are set (configMap, secret, emptyDir, projected, ...).</summary>
    public Val<int> SourceCount { get; set; } = Val<int>.Of(1);

    /// <summary>An emptyDir's <c>sizeLimit</c> as written; filled by the build step.</summary>
    public Val<string?> SizeLimit { get; set; } = Val<string?>.Of(null);

    /// <summary>The file modes the source sets (<c>defaultMode</c> and the items' <c>mode</c>); filled by the build step.</summary>
    public ItemList<Val<int?>> FileModes { get; set; } = new ItemList<Val<int?>>();
}

/// <summary>A volume claim template.</summary>
public sealed class ClaimTemplateModel
{
    /// <summary>Where declared.</summary>
    public object? Anchor { get; set; }

    /// <summary><c>metadata.name</c>.</summary>
    public Val<string?> Name { get; set; }

    /// <summary><c>spec.accessModes</c>.</summary>
    public ItemList<Val<string?>> AccessModes { get; set; } = new ItemList<Val<string?>>();

    /// <summary><c>spec.resources.requests.storage</c> as written.</summary>
    public Val<string?> Storage { get; set; }

    /// <summary><c>spec.storageClassName</c>.</summary>
    public Val<string?> StorageClass { get; set; } = Val<string?>.Of(null);

    /// <summary><c>spec.volumeMode</c>.</summary>
    public Val<string?> VolumeMode { get; set; } = Val<string?>.Of(null);

    /// <summary><c>metadata.labels</c> of the template.</summary>
    public LabelMap Labels { get; set; } = new LabelMap();
}

/// <summary>A pod anti-affinity (or affinity) term.</summary>
public sealed class AffinityTermModel
{
    /// <summary>Where declared.</summary>
    public object? Anchor { get; set; }

    /// <summary>True for requiredDuringScheduling, false for preferred.</summary>
    public bool Required { get; set; }

    /// <summary>Weight of a preferred term (1-100).</summary>
    public Val<int?> Weight { get; set; } = Val<int?>.Of(null);

    /// <summary><c>topologyKey</c>.</summary>
    public Val<string?> TopologyKey { get; set; }

    /// <summary>The term's label selector (matchLabels and matchExpressions); null when missing.</summary>
    public LabelMap? Selector { get; set; }

    /// <summary>The term's <c>namespaces</c> (each a namespace name, BERTH034).</summary>
    public ItemList<Val<string?>> Namespaces { get; set; } = new ItemList<Val<string?>>();
}

/// <summary>A topology spread constraint.</summary>
public sealed class SpreadConstraintModel
{
    /// <summary>Where declared.</summary>
    public object? Anchor { get; set; }

    /// <summary><c>maxSkew</c>.</summary>
    public Val<int> MaxSkew { get; set; }

    /// <summary><c>topologyKey</c>.</summary>
    public Val<string?> TopologyKey { get; set; }

    /// <summary><c>whenUnsatisfiable</c>.</summary>
    public Val<string?> WhenUnsatisfiable { get; set; } = Val<string?>.Of("DoNotSchedule");

    /// <summary><c>labelSelector</c> (matchLabels and matchExpressions); null when missing.</summary>
    public LabelMap? Selector { get; set; }
}

/// <summary>A toleration.</summary>
public sealed class TolerationModel
{
    /// <summary>Where declared.</summary>
    public object? Anchor { get; set; }

    /// <summary><c>key</c>.</summary>
    public Val<string?> Key { get; set; } = Val<string?>.Of(null);

    /// <summary><c>operator</c> (Equal or Exists).</summary>
    public Val<string?> Operator { get; set; } = Val<string?>.Of(null);

    /// <summary><c>value</c>.</summary>
    public Val<string?> Value { get; set; } = Val<string?>.Of(null);

    /// <summary><c>effect</c>.</summary>
    public Val<string?> Effect { get; set; } = Val<string?>.Of(null);

    /// <summary><c>tolerationSeconds</c>.</summary>
    public Val<long?> TolerationSeconds { get; set; } = Val<long?>.Of(null);
}
