using System;
using System.Collections.Generic;

namespace Berth.Rules;

/// <summary>
/// The one Berth rule catalog: every diagnostic ID with its title, default severity, category and description.
/// The analyzers, the build-time validator and the client report these same rules.
/// </summary>
public static class RuleCatalog
{
    private const string Correctness = "Correctness";
    private const string Reliability = "Reliability";
    private const string Hygiene = "Hygiene";
    private const string Security = "Security";
    private const string Build = "Build";

    // Tier 1: the API server rejects the object, or pods or claims can never be created.

    /// <summary>BERTH001: the StatefulSet selector is missing or empty.</summary>
    public static readonly Rule SelectorMissing = new("BERTH001", "Selector missing or empty", RuleSeverity.Error, Correctness,
        "A StatefulSet needs a non-empty, well-formed spec.selector; the API server rejects a missing, empty or malformed one.");

    /// <summary>BERTH002: the selector does not match the pod template labels.</summary>
    public static readonly Rule SelectorDoesNotMatchTemplateLabels = new("BERTH002", "Selector does not match template labels", RuleSeverity.Error, Correctness,
        "The API server rejects a StatefulSet whose spec.selector does not select its own pod template labels.");

    /// <summary>BERTH003: the StatefulSet name is empty or not a DNS-1123 label.</summary>
    public static readonly Rule InvalidStatefulSetName = new("BERTH003", "Invalid StatefulSet name", RuleSeverity.Error, Correctness,
        "A StatefulSet name must be a DNS-1123 label (lower case letters, digits and '-', at most 63 characters) because it becomes the pods' hostnames.");

    /// <summary>BERTH004: the StatefulSet name is longer than 52 characters.</summary>
    public static readonly Rule StatefulSetNameTooLong = new("BERTH004", "StatefulSet name too long for generated labels", RuleSeverity.Error, Correctness,
        "The controller labels each pod with controller-revision-hash=<name>-<10-character hash>, a label value limited to 63 characters, so a name over 52 characters applies but its pods are never created.");

    /// <summary>BERTH005: the pod template restartPolicy is not Always.</summary>
    public static readonly Rule RestartPolicyNotAlways = new("BERTH005", "restartPolicy must be Always", RuleSeverity.Error, Correctness,
        "StatefulSet pods must use restartPolicy Always; the API server rejects OnFailure and Never.");

    /// <summary>BERTH006: the pod template sets activeDeadlineSeconds.</summary>
    public static readonly Rule ActiveDeadlineSecondsSet = new("BERTH006", "activeDeadlineSeconds not supported", RuleSeverity.Error, Correctness,
        "The API server rejects a StatefulSet pod template that sets activeDeadlineSeconds.");

    /// <summary>BERTH007: replicas, minReadySeconds, ordinals.start or partition is negative.</summary>
    public static readonly Rule NegativeCountOrTiming = new("BERTH007", "Negative count or timing field", RuleSeverity.Error, Correctness,
        "replicas, minReadySeconds, ordinals.start and rollingUpdate.partition must be zero or more.");

    /// <summary>BERTH008: the update strategy is invalid.</summary>
    public static readonly Rule InvalidUpdateStrategy = new("BERTH008", "Invalid update strategy", RuleSeverity.Error, Correctness,
        "updateStrategy.type must be RollingUpdate or OnDelete, rollingUpdate settings need RollingUpdate, and maxUnavailable must be a positive number or a percent from 1% to 100%.");

    /// <summary>BERTH009: podManagementPolicy or the PVC retention policy has an unsupported value.</summary>
    public static readonly Rule InvalidPolicyValue = new("BERTH009", "Invalid podManagementPolicy or PVC retention value", RuleSeverity.Error, Correctness,
        "podManagementPolicy must be OrderedReady or Parallel, and persistentVolumeClaimRetentionPolicy whenDeleted and whenScaled must be Retain or Delete.");

    /// <summary>BERTH010: spec.serviceName is not a DNS-1123 label.</summary>
    public static readonly Rule InvalidGoverningServiceName = new("BERTH010", "Invalid serviceName", RuleSeverity.Error, Correctness,
        "spec.serviceName becomes each pod's DNS subdomain, so it must be a DNS-1123 label; new servers reject it, old ones fail every pod.");

    /// <summary>BERTH011: a volume mount names no volume and no claim template.</summary>
    public static readonly Rule MountReferencesUnknownVolume = new("BERTH011", "volumeMount references an unknown volume", RuleSeverity.Error, Correctness,
        "Every volumeMount must name a pod volume or a volume claim template; otherwise the pods are rejected.");

    /// <summary>BERTH012: a claim template has no access modes.</summary>
    public static readonly Rule ClaimTemplateMissingAccessModes = new("BERTH012", "Claim template missing accessModes", RuleSeverity.Error, Correctness,
        "A volume claim template needs at least one access mode, or the claims cannot be created.");

    /// <summary>BERTH013: a claim template has no storage request, or a non-positive one.</summary>
    public static readonly Rule ClaimTemplateMissingStorage = new("BERTH013", "Claim template missing or non-positive storage request", RuleSeverity.Error, Correctness,
        "A volume claim template must request a positive amount of storage, or the claims cannot be created.");

    /// <summary>BERTH014: a claim template has an unsupported access mode, storage class or volume mode.</summary>
    public static readonly Rule InvalidClaimTemplateSpec = new("BERTH014", "Invalid claim template accessModes, storageClassName or volumeMode", RuleSeverity.Error, Correctness,
        "Access modes must be supported and ReadWriteOncePod must stand alone, storageClassName must be a DNS subdomain, and volumeMode must be Filesystem or Block.");

    /// <summary>BERTH015: a claim template name is empty or not a DNS-1123 label.</summary>
    public static readonly Rule InvalidClaimTemplateName = new("BERTH015", "Invalid claim template name", RuleSeverity.Error, Correctness,
        "A claim template name becomes a pod volume name and part of every claim name, so it must be a DNS-1123 label.");

    /// <summary>BERTH016: no containers, or a container name or image is missing, invalid or duplicated.</summary>
    public static readonly Rule InvalidContainers = new("BERTH016", "No containers / container name invalid or duplicate / image missing", RuleSeverity.Error, Correctness,
        "A pod needs at least one container, each with a unique DNS-1123 label name and an image.");

    /// <summary>BERTH017: a container port number, host port or protocol is invalid.</summary>
    public static readonly Rule InvalidContainerPort = new("BERTH017", "Invalid container port", RuleSeverity.Error, Correctness,
        "containerPort and hostPort must be between 1 and 65535, and protocol must be TCP, UDP or SCTP.");

    /// <summary>BERTH018: a container port name is invalid or repeated within a container.</summary>
    public static readonly Rule InvalidContainerPortName = new("BERTH018", "Invalid or duplicate container port name", RuleSeverity.Error, Correctness,
        "A container port name must be an IANA service name (at most 15 lower case letters, digits and single hyphens, with a letter) and unique within its container.");

    /// <summary>BERTH019: two ports claim the same host port, or a host-network pod maps a port.</summary>
    public static readonly Rule HostPortConflict = new("BERTH019", "Host port conflict / hostNetwork mismatch", RuleSeverity.Error, Correctness,
        "Two ports of a pod may not claim the same protocol and host port, and with hostNetwork the hostPort must equal the containerPort.");

    /// <summary>BERTH020: an environment variable or envFrom entry is invalid.</summary>
    public static readonly Rule InvalidEnvVar = new("BERTH020", "Invalid env var", RuleSeverity.Error, Correctness,
        "Environment variables need a valid name and exactly one source, and configMap or secret keys must be valid keys.");

    /// <summary>BERTH021: a resource quantity does not parse.</summary>
    public static readonly Rule MalformedQuantity = new("BERTH021", "Malformed resource quantity", RuleSeverity.Error, Correctness,
        "Requests, limits and storage sizes must be Kubernetes quantities such as 250m, 512Mi or 20Gi; GB, MB and lower-case gi are not.");

    /// <summary>BERTH022: a request exceeds its limit, or a resource breaks the request/limit rules.</summary>
    public static readonly Rule RequestExceedsLimit = new("BERTH022", "Request exceeds limit", RuleSeverity.Error, Correctness,
        "A request may not exceed its limit, quantities may not be negative, extended resources and hugepages need a limit equal to the request, and hugepages need a cpu or memory request or limit.");

    /// <summary>BERTH023: a mount path is missing or repeated, or a subPath is invalid.</summary>
    public static readonly Rule InvalidMountPath = new("BERTH023", "Duplicate mountPath / bad subPath", RuleSeverity.Error, Correctness,
        "Each mount needs a mountPath unique within its container, and subPath must be a relative path without '..' and not combined with subPathExpr.");

    /// <summary>BERTH024: a probe is invalid.</summary>
    public static readonly Rule InvalidProbe = new("BERTH024", "Invalid probe", RuleSeverity.Error, Correctness,
        "A probe needs exactly one handler with a valid port or command, non-negative timings, successThreshold 1 for liveness and startup probes, and no terminationGracePeriodSeconds on readiness probes.");

    /// <summary>BERTH025: a pod volume is invalid.</summary>
    public static readonly Rule InvalidPodVolume = new("BERTH025", "Invalid pod volume", RuleSeverity.Error, Correctness,
        "Pod volumes need unique DNS-1123 label names, exactly one source, and file modes from 0 to 0777.");

    /// <summary>BERTH026: probes, lifecycle or restartPolicy are used where they are not allowed.</summary>
    public static readonly Rule InitContainerMisuse = new("BERTH026", "Init-container misuse", RuleSeverity.Error, Correctness,
        "Only sidecar init containers (restartPolicy Always) may have probes or lifecycle hooks, and regular containers may not set restartPolicy.");

    /// <summary>BERTH027: a field that cannot change on a live StatefulSet was changed (reported by the client).</summary>
    public static readonly Rule ImmutableFieldChanged = new("BERTH027", "Immutable StatefulSet field changed", RuleSeverity.Error, Correctness,
        "The API server refuses changes to selector, serviceName, podManagementPolicy, volumeClaimTemplates and other spec fields outside the mutable list of a live StatefulSet.", RuleScope.LiveObject);

    /// <summary>BERTH029: a Service name is not a DNS-1035 label.</summary>
    public static readonly Rule InvalidServiceName = new("BERTH029", "Service name not a valid Service name", RuleSeverity.Error, Correctness,
        "A Service name must be a DNS-1035 label: lower case letters, digits and '-', starting with a letter, at most 63 characters.");

    /// <summary>BERTH030: spec.serviceName is a DNS-1123 label but not a DNS-1035 label.</summary>
    public static readonly Rule ServiceNameNotDns1035 = new("BERTH030", "serviceName unusable as a Service name", RuleSeverity.Error, Correctness,
        "A serviceName that starts with a digit passes the StatefulSet check, but no Service can have that name, so the pods never get DNS entries.");

    /// <summary>BERTH031: a Service is invalid (headless type conflict, ports).</summary>
    public static readonly Rule InvalidService = new("BERTH031", "Invalid headless Service", RuleSeverity.Error, Correctness,
        "A headless Service cannot be NodePort or LoadBalancer, and Service ports need valid unique names (required with several ports), valid numbers, protocols and target ports.");

    /// <summary>BERTH032: a port has no protocol, or the same port and protocol are declared twice.</summary>
    public static readonly Rule PortProtocolMissingOrDuplicated = new("BERTH032", "Port protocol missing or port declared twice", RuleSeverity.Warning, Correctness,
        "Server-side apply keys container and Service ports by port and protocol, so a port without protocol fails on older servers and a repeated port and protocol fails everywhere.");

    /// <summary>BERTH033: a PodDisruptionBudget has invalid values.</summary>
    public static readonly Rule InvalidDisruptionBudget = new("BERTH033", "Invalid PodDisruptionBudget", RuleSeverity.Error, Correctness,
        "A PodDisruptionBudget sets one of minAvailable and maxUnavailable, as a non-negative number or a percent up to 100%, and a supported unhealthyPodEvictionPolicy.");

    /// <summary>BERTH034: a toleration, anti-affinity term or topology spread constraint is invalid.</summary>
    public static readonly Rule InvalidSchedulingConstraint = new("BERTH034", "Invalid toleration, anti-affinity term or spread constraint", RuleSeverity.Error, Correctness,
        "Tolerations, pod anti-affinity terms and topology spread constraints must pass the API server's checks (keys, operators, effects, weights, topology keys, maxSkew).");

    /// <summary>BERTH035: the namespace is empty or not a DNS-1123 label.</summary>
    public static readonly Rule InvalidNamespaceName = new("BERTH035", "Invalid namespace name", RuleSeverity.Error, Correctness,
        "A namespace name must be a DNS-1123 label (lower case letters, digits and '-', at most 63 characters); the API server rejects the Namespace and every object placed in it.");

    // Tier 2: applies, but misbehaves.

    /// <summary>BERTH040: no governing Service with the StatefulSet's serviceName.</summary>
    public static readonly Rule GoverningServiceNotFound = new("BERTH040", "Governing Service not found", RuleSeverity.Warning, Reliability,
        "Pods get stable DNS names only through the Service named by spec.serviceName, which must exist in the same namespace.", RuleScope.CrossObject);

    /// <summary>BERTH041: the governing Service is not headless.</summary>
    public static readonly Rule GoverningServiceNotHeadless = new("BERTH041", "Governing Service is not headless", RuleSeverity.Warning, Reliability,
        "Per-pod DNS records (<app>-0.<service>) exist only when the governing Service is headless (clusterIP: None).", RuleScope.CrossObject);

    /// <summary>BERTH042: the governing Service does not select the StatefulSet's pods.</summary>
    public static readonly Rule GoverningServiceSelectorMismatch = new("BERTH042", "Governing Service selector does not select the pods", RuleSeverity.Warning, Reliability,
        "The governing Service must select the pod template labels, or the pods get no DNS records.", RuleScope.CrossObject);

    /// <summary>BERTH043: a claim template is not mounted by any container.</summary>
    public static readonly Rule ClaimTemplateNotMounted = new("BERTH043", "Claim template not mounted by any container", RuleSeverity.Warning, Reliability,
        "Every claim template should be mounted by a container; an unmounted one creates a claim per pod that nothing uses.");

    /// <summary>BERTH044: a pod volume has the name of a claim template.</summary>
    public static readonly Rule ClaimTemplateShadowsVolume = new("BERTH044", "Claim template shadows a template volume", RuleSeverity.Warning, Reliability,
        "The controller replaces a pod volume that has the same name as a claim template, so the volume is silently ignored.");

    /// <summary>BERTH045: two claim templates share a name.</summary>
    public static readonly Rule DuplicateClaimTemplateNames = new("BERTH045", "Duplicate claim template names", RuleSeverity.Warning, Reliability,
        "Claim templates with the same name collapse into one pod volume, so one of them is silently lost.");

    /// <summary>BERTH046: rollingUpdate.maxUnavailable is set and may be ignored.</summary>
    public static readonly Rule MaxUnavailableMayBeIgnored = new("BERTH046", "maxUnavailable may be ignored", RuleSeverity.Info, Reliability,
        "The API server drops rollingUpdate.maxUnavailable when the MaxUnavailableStatefulSet feature gate is off, so updates may still go one pod at a time.");

    /// <summary>BERTH047: terminationGracePeriodSeconds is 0.</summary>
    public static readonly Rule ZeroTerminationGracePeriod = new("BERTH047", "terminationGracePeriodSeconds is 0", RuleSeverity.Warning, Reliability,
        "A grace period of 0 force-kills StatefulSet pods, which can run two pods with the same identity and is strongly discouraged by Kubernetes.");

    /// <summary>BERTH048: the same environment variable is set twice in a container.</summary>
    public static readonly Rule DuplicateEnvVar = new("BERTH048", "Duplicate env var names", RuleSeverity.Warning, Reliability,
        "The API server accepts a repeated env name and the last one silently wins.");

    /// <summary>BERTH049: a probe targets a port the container does not expose.</summary>
    public static readonly Rule ProbePortNotExposed = new("BERTH049", "Probe targets an unexposed port", RuleSeverity.Warning, Reliability,
        "A probe port should be one of the container's TCP ports; a probe on an unknown port name always fails.");

    /// <summary>BERTH050: the readiness and liveness probes are identical.</summary>
    public static readonly Rule IdenticalReadinessAndLivenessProbes = new("BERTH050", "Identical readiness and liveness probes", RuleSeverity.Warning, Reliability,
        "With the same check for readiness and liveness, a busy pod is restarted instead of just taken out of traffic.");

    /// <summary>BERTH051: no container has a readiness probe.</summary>
    public static readonly Rule MissingReadinessProbe = new("BERTH051", "Missing readinessProbe", RuleSeverity.Warning, Reliability,
        "Without a readiness probe a pod counts as ready as soon as it starts, so OrderedReady rollouts and Services move on before it can serve.");

    /// <summary>BERTH053: a PodDisruptionBudget allows no voluntary eviction.</summary>
    public static readonly Rule BudgetBlocksEvictions = new("BERTH053", "PDB blocks all voluntary evictions", RuleSeverity.Warning, Reliability,
        "A budget with maxUnavailable 0, minAvailable 100% or minAvailable at or above the replicas blocks node drains and cluster upgrades.");

    /// <summary>BERTH054: a PodDisruptionBudget selects no pods of any StatefulSet.</summary>
    public static readonly Rule BudgetSelectsNoPods = new("BERTH054", "PDB selects no StatefulSet pods", RuleSeverity.Warning, Reliability,
        "A budget whose selector matches no pod template in its namespace protects nothing.", RuleScope.CrossObject);

    /// <summary>BERTH055: a replicated StatefulSet has no pod anti-affinity.</summary>
    public static readonly Rule NoPodAntiAffinity = new("BERTH055", "No pod anti-affinity", RuleSeverity.Warning, Reliability,
        "Without anti-affinity (or a spread constraint) on a host or zone key, several replicas can land on one node and fail together.");

    /// <summary>BERTH056: a Service selects no pods.</summary>
    public static readonly Rule ServiceSelectsNoPods = new("BERTH056", "Service selects no pods (dangling)", RuleSeverity.Warning, Reliability,
        "A Service without a selector, or with one that matches no pod template in its namespace, has no endpoints.", RuleScope.CrossObject);

    /// <summary>BERTH057: the pods use a ServiceAccount that is not declared.</summary>
    public static readonly Rule ServiceAccountNotDeclared = new("BERTH057", "serviceAccountName not declared", RuleSeverity.Warning, Reliability,
        "Pods that name a ServiceAccount that does not exist are never created.", RuleScope.CrossObject);

    /// <summary>BERTH058: OrderedReady with RollingUpdate can get stuck.</summary>
    public static readonly Rule OrderedReadyRollingUpdateCaveat = new("BERTH058", "OrderedReady + RollingUpdate caveat", RuleSeverity.Info, Reliability,
        "With OrderedReady and RollingUpdate, a bad template can leave the rollout stuck until the broken pod is deleted by hand.");

    // Tier 3: hygiene and best practice.

    /// <summary>BERTH070: an image uses the latest tag or no tag.</summary>
    public static readonly Rule LatestImageTag = new("BERTH070", "Image uses latest or no tag", RuleSeverity.Warning, Hygiene,
        "An image without a fixed tag or digest changes under the pods, so replicas can run different code.");

    /// <summary>BERTH071: a container lacks a cpu request or memory request and limit.</summary>
    public static readonly Rule MissingResourceRequirements = new("BERTH071", "Missing CPU or memory requests or limits", RuleSeverity.Warning, Hygiene,
        "Without a cpu request and a memory limit the scheduler cannot place the pod well and a memory leak can take the node down.");

    /// <summary>BERTH072: a container has no liveness probe.</summary>
    public static readonly Rule MissingLivenessProbe = new("BERTH072", "Missing livenessProbe", RuleSeverity.Info, Hygiene,
        "Without a liveness probe a hung process keeps its pod and its identity forever.");

    /// <summary>BERTH073: a container has no ephemeral-storage limit.</summary>
    public static readonly Rule MissingEphemeralStorage = new("BERTH073", "Missing ephemeral-storage request or limit", RuleSeverity.Info, Hygiene,
        "Without an ephemeral-storage limit, logs and scratch files can fill the node's disk and get other pods evicted.");

    /// <summary>BERTH074: a PodDisruptionBudget does not set unhealthyPodEvictionPolicy.</summary>
    public static readonly Rule BudgetUnhealthyPodEvictionPolicyUnset = new("BERTH074", "PDB unhealthyPodEvictionPolicy not set", RuleSeverity.Info, Hygiene,
        "With the default policy, pods that never become healthy still count against the budget and can block drains.");

    /// <summary>BERTH075: imagePullPolicy is not Always.</summary>
    public static readonly Rule ImagePullPolicyNotAlways = new("BERTH075", "imagePullPolicy not Always", RuleSeverity.Info, Hygiene,
        "With IfNotPresent a node may run a stale image for a re-pushed tag.");

    /// <summary>BERTH076: no topology spread constraints, or one without a label selector.</summary>
    public static readonly Rule NoTopologySpread = new("BERTH076", "No topologySpreadConstraints / invalid constraint", RuleSeverity.Info, Hygiene,
        "Topology spread constraints keep replicas apart across nodes or zones; one without a labelSelector counts no pods and spreads nothing.");

    /// <summary>BERTH077: a Service has type NodePort.</summary>
    public static readonly Rule NodePortService = new("BERTH077", "Service type NodePort", RuleSeverity.Info, Hygiene,
        "A NodePort Service opens a port on every node; prefer ClusterIP with an Ingress or a LoadBalancer.");

    /// <summary>BERTH078: a label key or value is invalid.</summary>
    public static readonly Rule InvalidLabel = new("BERTH078", "Label key or value invalid", RuleSeverity.Error, Correctness,
        "Label keys must be qualified names and label values at most 63 alphanumeric characters, '-', '_' or '.', or the object is rejected.");

    /// <summary>BERTH079: an annotation key is invalid, or the annotations of one object are too large.</summary>
    public static readonly Rule InvalidAnnotation = new("BERTH079", "Annotation key invalid or annotations too large", RuleSeverity.Error, Correctness,
        "Annotation keys must be qualified names like label keys (case aside), and the keys and values of one object's annotations may total at most 256 KiB, or the object is rejected.");

    /// <summary>
    /// BERTH080: part of a definition is handed to code the analyzers cannot follow (an unreadable <c>Customize</c>, a
    /// call that is not a DSL method), so it is checked only by the build step. Reported by the analyzers alone.
    /// </summary>
    public static readonly Rule CheckedOnlyAtBuild = new("BERTH080", "Part of the definition is checked only at build time", RuleSeverity.Info, Hygiene,
        "The analyzer cannot follow code that a Customize edit or a non-DSL call hands the definition to, so mistakes in what that code may change are found by the build step instead of while you type.", RuleScope.AnalyzerReach);

    /// <summary>BERTH091: rollingUpdate.partition is at or above replicas.</summary>
    public static readonly Rule PartitionBlocksRollout = new("BERTH091", "Partition at or above replicas", RuleSeverity.Warning, Reliability,
        "Only pods with an ordinal at or above the partition are updated, so a partition at or above replicas updates no pod at all.");

    /// <summary>BERTH092: the claim retention policy makes the StatefulSet controller delete claims.</summary>
    public static readonly Rule RetentionPolicyDeletesClaims = new("BERTH092", "Retention policy deletes claims", RuleSeverity.Warning, Reliability,
        "persistentVolumeClaimRetentionPolicy whenDeleted or whenScaled set to Delete makes the StatefulSet controller delete the pods' claims, and with them the data, when the set is deleted or scaled down.");

    // What the definitions read from outside the assembly, against the inputs the project declares to the build step.

    /// <summary>BERTH103: a definition reads an environment variable or a file that the project does not declare as a build input.</summary>
    public static readonly Rule UndeclaredBuildInput = new("BERTH103", "Undeclared build input", RuleSeverity.Warning, Build,
        "The build step is skipped when nothing it knows about changed, so when a definition reads an environment variable or a file that the project does not declare as a BerthInput, a change of that value leaves the manifests of the last run.", RuleScope.BuildInputs);

    /// <summary>BERTH105: a Service is asked to expose a port by a name that no container port has.</summary>
    public static readonly Rule ServicePortNotDeclared = new("BERTH105", "Service port names no container port", RuleSeverity.Error, Correctness,
        "GoverningService(ports:) and ClientService(ports:) choose the container ports a Service exposes by name; a name that no container port of the app has gives the Service no port for it, so clients of that port reach nothing.");

    /// <summary>BERTH106: a container or pod security context has values the API server rejects.</summary>
    public static readonly Rule InvalidSecurityContext = new("BERTH106", "Invalid security context", RuleSeverity.Error, Correctness,
        "User and group IDs must be between 0 and 2147483647, allowPrivilegeEscalation false cannot go with privileged or CAP_SYS_ADMIN, a seccomp profile needs a supported type (and a localhostProfile exactly when Localhost), fsGroupChangePolicy must be Always or OnRootMismatch, and sysctl names must be well formed.");

    /// <summary>BERTH097: a literal environment variable value that looks like a secret.</summary>
    public static readonly Rule LiteralSecretInEnv = new("BERTH097", "Literal secret in env", RuleSeverity.Warning, Security,
        "An environment variable whose name says it holds a credential (PASSWORD, TOKEN, SECRET, API_KEY, ...) or whose value is a long random-looking string has a literal value, which is written in plain text into the manifests and the live object instead of coming from a Secret.");

    // The committed lock file (berth.lock.json): fields a live StatefulSet cannot change.

    /// <summary>BERTH098: a definition changes a field that the lock file records and a live StatefulSet cannot change.</summary>
    public static readonly Rule ImmutableFieldChangedAgainstLock = new("BERTH098", "Immutable field changed against the lock file", RuleSeverity.Error, Correctness,
        "The lock file records each app's name, namespace, selector, serviceName, podManagementPolicy and claim templates, which a live StatefulSet cannot change; a change must be made the safe way (resize, recreate with orphan cascade, or a new app) and accepted explicitly, so it shows in review.", RuleScope.LockFile);

    /// <summary>BERTH099: the lock file cannot be read.</summary>
    public static readonly Rule LockFileUnreadable = new("BERTH099", "Lock file unreadable", RuleSeverity.Error, Correctness,
        "The committed lock file is not valid (a merge conflict, an edit by hand, another format version), so the immutable fields cannot be checked against it.", RuleScope.LockFile);

    // The C# declarations the source generator extends.

    /// <summary>BERTH095: a [Manifests] type, or a type around it, is not partial.</summary>
    public static readonly Rule ManifestsTypeNotPartial = new("BERTH095", "[Manifests] type not partial", RuleSeverity.Warning, Correctness,
        "The generator adds the typed identities of the apps (Infra.Postgres.Pod(2).Host) to the [Manifests] type and the types around it, which it can do only when they are partial.", RuleScope.Declaration);

    /// <summary>BERTH096: a [Manifests] type is generic or nested in a private or protected type.</summary>
    public static readonly Rule ManifestsTypeNotUsable = new("BERTH096", "[Manifests] type the generator cannot use", RuleSeverity.Error, Correctness,
        "A generic [Manifests] type, or one nested in a private or protected type, gets no registry, so the build step writes none of its manifests and no typed client is generated.", RuleScope.Declaration);

    // The target Kubernetes version (BerthKubernetesVersion, --kubernetes-version): fields that version does not serve.

    /// <summary>BERTH100: a field the target Kubernetes version does not know.</summary>
    public static readonly Rule FieldNotInTargetVersion = new("BERTH100", "Field not served by the target Kubernetes version", RuleSeverity.Error, Correctness,
        "An API server older than the field drops it silently (or refuses the value), so what was defined is not what runs; KubernetesVersions in Berth.Rules says which version brought each field.");

    /// <summary>BERTH101: a field behind a feature gate that is off by default in the target Kubernetes version.</summary>
    public static readonly Rule FieldOffByDefaultInTargetVersion = new("BERTH101", "Field off by default in the target Kubernetes version", RuleSeverity.Warning, Correctness,
        "In the target version the field is alpha (or a beta that is off): the API server drops it silently unless its feature gate is enabled on the cluster.");

    /// <summary>BERTH102: the target Kubernetes version is not a version Berth can check against.</summary>
    public static readonly Rule InvalidTargetVersion = new("BERTH102", "Target Kubernetes version not understood", RuleSeverity.Error, Correctness,
        "BerthKubernetesVersion (or --kubernetes-version) must be a Kubernetes version such as 1.29, no older than the oldest version Berth supports, or the version rules cannot check anything.");

    /// <summary>Every rule, ordered by ID.</summary>
    public static IReadOnlyList<Rule> All { get; } = new[]
    {
        SelectorMissing, SelectorDoesNotMatchTemplateLabels, InvalidStatefulSetName, StatefulSetNameTooLong,
        RestartPolicyNotAlways, ActiveDeadlineSecondsSet, NegativeCountOrTiming, InvalidUpdateStrategy,
        InvalidPolicyValue, InvalidGoverningServiceName, MountReferencesUnknownVolume, ClaimTemplateMissingAccessModes,
        ClaimTemplateMissingStorage, InvalidClaimTemplateSpec, InvalidClaimTemplateName, InvalidContainers,
        InvalidContainerPort, InvalidContainerPortName, HostPortConflict, InvalidEnvVar, MalformedQuantity,
        RequestExceedsLimit, InvalidMountPath, InvalidProbe, InvalidPodVolume, InitContainerMisuse,
        ImmutableFieldChanged, InvalidServiceName, ServiceNameNotDns1035, InvalidService,
        PortProtocolMissingOrDuplicated, InvalidDisruptionBudget, InvalidSchedulingConstraint, InvalidNamespaceName,
        GoverningServiceNotFound, GoverningServiceNotHeadless, GoverningServiceSelectorMismatch, ClaimTemplateNotMounted,
        ClaimTemplateShadowsVolume, DuplicateClaimTemplateNames, MaxUnavailableMayBeIgnored, ZeroTerminationGracePeriod,
        DuplicateEnvVar, ProbePortNotExposed, IdenticalReadinessAndLivenessProbes, MissingReadinessProbe,
        BudgetBlocksEvictions, BudgetSelectsNoPods, NoPodAntiAffinity, ServiceSelectsNoPods, ServiceAccountNotDeclared,
        OrderedReadyRollingUpdateCaveat,
        LatestImageTag, MissingResourceRequirements, MissingLivenessProbe, MissingEphemeralStorage,
        BudgetUnhealthyPodEvictionPolicyUnset, ImagePullPolicyNotAlways, NoTopologySpread, NodePortService, InvalidLabel,
        InvalidAnnotation, CheckedOnlyAtBuild, PartitionBlocksRollout, RetentionPolicyDeletesClaims, ManifestsTypeNotPartial, ManifestsTypeNotUsable,
        LiteralSecretInEnv, ImmutableFieldChangedAgainstLock, LockFileUnreadable,
        FieldNotInTargetVersion, FieldOffByDefaultInTargetVersion, InvalidTargetVersion, UndeclaredBuildInput, ServicePortNotDeclared, InvalidSecurityContext,
    };

    private static readonly Dictionary<string, Rule> ById = BuildIndex();

    /// <summary>The rule with <paramref name="id"/> (case-insensitive), or null.</summary>
    public static Rule? Find(string id) => id != null && ById.TryGetValue(id, out var rule) ? rule : null;

    private static Dictionary<string, Rule> BuildIndex()
    {
        var d = new Dictionary<string, Rule>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in All) d.Add(r.Id, r);
        return d;
    }
}
