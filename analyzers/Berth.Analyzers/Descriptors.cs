using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Berth.Rules;
using Microsoft.CodeAnalysis;

namespace Berth.Analyzers;

/// <summary>
/// One <see cref="DiagnosticDescriptor"/> per rule of <see cref="RuleCatalog"/>. Title, description and help link
/// come from the catalog; the message is the text the rule engine writes (it names the object, the field and
/// the fix). ID, category and severity are written out as constants so that the release tracking of
/// Microsoft.CodeAnalysis.Analyzers (AnalyzerReleases.*.md) can check them; a test keeps them equal to the
/// catalog's.
/// </summary>
public static class BerthDescriptors
{
    /// <summary>
    /// Rules whose outcome depends on other objects of the compilation (a Service or app declared elsewhere): checked
    /// against every app of the compilation. Every other rule is checked on the app with its own objects only.
    /// </summary>
    public static readonly ImmutableHashSet<string> CrossObjectIds = ImmutableHashSet.Create(
        "BERTH040", "BERTH041", "BERTH042", "BERTH054", "BERTH056", "BERTH057");

    /// <summary>BERTH001: Selector missing or empty.</summary>
    public static readonly DiagnosticDescriptor Berth001 = new(
        "BERTH001", Title("BERTH001"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH001"), helpLinkUri: HelpLink("BERTH001"));

    /// <summary>BERTH002: Selector does not match template labels.</summary>
    public static readonly DiagnosticDescriptor Berth002 = new(
        "BERTH002", Title("BERTH002"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH002"), helpLinkUri: HelpLink("BERTH002"));

    /// <summary>BERTH003: Invalid StatefulSet name.</summary>
    public static readonly DiagnosticDescriptor Berth003 = new(
        "BERTH003", Title("BERTH003"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH003"), helpLinkUri: HelpLink("BERTH003"));

    /// <summary>BERTH004: StatefulSet name too long for generated labels.</summary>
    public static readonly DiagnosticDescriptor Berth004 = new(
        "BERTH004", Title("BERTH004"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH004"), helpLinkUri: HelpLink("BERTH004"));

    /// <summary>BERTH005: restartPolicy must be Always.</summary>
    public static readonly DiagnosticDescriptor Berth005 = new(
        "BERTH005", Title("BERTH005"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH005"), helpLinkUri: HelpLink("BERTH005"));

    /// <summary>BERTH006: activeDeadlineSeconds not supported.</summary>
    public static readonly DiagnosticDescriptor Berth006 = new(
        "BERTH006", Title("BERTH006"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH006"), helpLinkUri: HelpLink("BERTH006"));

    /// <summary>BERTH007: Negative count or timing field.</summary>
    public static readonly DiagnosticDescriptor Berth007 = new(
        "BERTH007", Title("BERTH007"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH007"), helpLinkUri: HelpLink("BERTH007"));

    /// <summary>BERTH008: Invalid update strategy.</summary>
    public static readonly DiagnosticDescriptor Berth008 = new(
        "BERTH008", Title("BERTH008"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH008"), helpLinkUri: HelpLink("BERTH008"));

    /// <summary>BERTH009: Invalid podManagementPolicy or PVC retention value.</summary>
    public static readonly DiagnosticDescriptor Berth009 = new(
        "BERTH009", Title("BERTH009"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH009"), helpLinkUri: HelpLink("BERTH009"));

    /// <summary>BERTH010: Invalid serviceName.</summary>
    public static readonly DiagnosticDescriptor Berth010 = new(
        "BERTH010", Title("BERTH010"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH010"), helpLinkUri: HelpLink("BERTH010"));

    /// <summary>BERTH011: volumeMount references an unknown volume.</summary>
    public static readonly DiagnosticDescriptor Berth011 = new(
        "BERTH011", Title("BERTH011"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH011"), helpLinkUri: HelpLink("BERTH011"));

    /// <summary>BERTH012: Claim template missing accessModes.</summary>
    public static readonly DiagnosticDescriptor Berth012 = new(
        "BERTH012", Title("BERTH012"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH012"), helpLinkUri: HelpLink("BERTH012"));

    /// <summary>BERTH013: Claim template missing or non-positive storage request.</summary>
    public static readonly DiagnosticDescriptor Berth013 = new(
        "BERTH013", Title("BERTH013"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH013"), helpLinkUri: HelpLink("BERTH013"));

    /// <summary>BERTH014: Invalid claim template accessModes, storageClassName or volumeMode.</summary>
    public static readonly DiagnosticDescriptor Berth014 = new(
        "BERTH014", Title("BERTH014"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH014"), helpLinkUri: HelpLink("BERTH014"));

    /// <summary>BERTH015: Invalid claim template name.</summary>
    public static readonly DiagnosticDescriptor Berth015 = new(
        "BERTH015", Title("BERTH015"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH015"), helpLinkUri: HelpLink("BERTH015"));

    /// <summary>BERTH016: No containers / container name invalid or duplicate / image missing.</summary>
    public static readonly DiagnosticDescriptor Berth016 = new(
        "BERTH016", Title("BERTH016"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH016"), helpLinkUri: HelpLink("BERTH016"));

    /// <summary>BERTH017: Invalid container port.</summary>
    public static readonly DiagnosticDescriptor Berth017 = new(
        "BERTH017", Title("BERTH017"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH017"), helpLinkUri: HelpLink("BERTH017"));

    /// <summary>BERTH018: Invalid or duplicate container port name.</summary>
    public static readonly DiagnosticDescriptor Berth018 = new(
        "BERTH018", Title("BERTH018"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH018"), helpLinkUri: HelpLink("BERTH018"));

    /// <summary>BERTH019: Host port conflict / hostNetwork mismatch.</summary>
    public static readonly DiagnosticDescriptor Berth019 = new(
        "BERTH019", Title("BERTH019"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH019"), helpLinkUri: HelpLink("BERTH019"));

    /// <summary>BERTH020: Invalid env var.</summary>
    public static readonly DiagnosticDescriptor Berth020 = new(
        "BERTH020", Title("BERTH020"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH020"), helpLinkUri: HelpLink("BERTH020"));

    /// <summary>BERTH021: Malformed resource quantity.</summary>
    public static readonly DiagnosticDescriptor Berth021 = new(
        "BERTH021", Title("BERTH021"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH021"), helpLinkUri: HelpLink("BERTH021"));

    /// <summary>BERTH022: Request exceeds limit.</summary>
    public static readonly DiagnosticDescriptor Berth022 = new(
        "BERTH022", Title("BERTH022"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH022"), helpLinkUri: HelpLink("BERTH022"));

    /// <summary>BERTH023: Duplicate mountPath / bad subPath.</summary>
    public static readonly DiagnosticDescriptor Berth023 = new(
        "BERTH023", Title("BERTH023"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH023"), helpLinkUri: HelpLink("BERTH023"));

    /// <summary>BERTH024: Invalid probe.</summary>
    public static readonly DiagnosticDescriptor Berth024 = new(
        "BERTH024", Title("BERTH024"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH024"), helpLinkUri: HelpLink("BERTH024"));

    /// <summary>BERTH025: Invalid pod volume.</summary>
    public static readonly DiagnosticDescriptor Berth025 = new(
        "BERTH025", Title("BERTH025"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH025"), helpLinkUri: HelpLink("BERTH025"));

    /// <summary>BERTH026: Init-container misuse.</summary>
    public static readonly DiagnosticDescriptor Berth026 = new(
        "BERTH026", Title("BERTH026"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH026"), helpLinkUri: HelpLink("BERTH026"));

    /// <summary>BERTH027: Immutable StatefulSet field changed.</summary>
    public static readonly DiagnosticDescriptor Berth027 = new(
        "BERTH027", Title("BERTH027"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH027"), helpLinkUri: HelpLink("BERTH027"));

    /// <summary>BERTH029: Service name not a valid Service name.</summary>
    public static readonly DiagnosticDescriptor Berth029 = new(
        "BERTH029", Title("BERTH029"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH029"), helpLinkUri: HelpLink("BERTH029"));

    /// <summary>BERTH030: serviceName unusable as a Service name.</summary>
    public static readonly DiagnosticDescriptor Berth030 = new(
        "BERTH030", Title("BERTH030"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH030"), helpLinkUri: HelpLink("BERTH030"));

    /// <summary>BERTH031: Invalid headless Service.</summary>
    public static readonly DiagnosticDescriptor Berth031 = new(
        "BERTH031", Title("BERTH031"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH031"), helpLinkUri: HelpLink("BERTH031"));

    /// <summary>BERTH032: Port protocol missing or port declared twice.</summary>
    public static readonly DiagnosticDescriptor Berth032 = new(
        "BERTH032", Title("BERTH032"), "{0}", "Correctness", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description("BERTH032"), helpLinkUri: HelpLink("BERTH032"));

    /// <summary>BERTH033: Invalid PodDisruptionBudget.</summary>
    public static readonly DiagnosticDescriptor Berth033 = new(
        "BERTH033", Title("BERTH033"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH033"), helpLinkUri: HelpLink("BERTH033"));

    /// <summary>BERTH034: Invalid toleration, anti-affinity term or spread constraint.</summary>
    public static readonly DiagnosticDescriptor Berth034 = new(
        "BERTH034", Title("BERTH034"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH034"), helpLinkUri: HelpLink("BERTH034"));

    /// <summary>BERTH035: Invalid namespace name.</summary>
    public static readonly DiagnosticDescriptor Berth035 = new(
        "BERTH035", Title("BERTH035"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH035"), helpLinkUri: HelpLink("BERTH035"));

    /// <summary>BERTH040: Governing Service not found.</summary>
    public static readonly DiagnosticDescriptor Berth040 = new(
        "BERTH040", Title("BERTH040"), "{0}", "Reliability", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description("BERTH040"), helpLinkUri: HelpLink("BERTH040"));

    /// <summary>BERTH041: Governing Service is not headless.</summary>
    public static readonly DiagnosticDescriptor Berth041 = new(
        "BERTH041", Title("BERTH041"), "{0}", "Reliability", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description("BERTH041"), helpLinkUri: HelpLink("BERTH041"));

    /// <summary>BERTH042: Governing Service selector does not select the pods.</summary>
    public static readonly DiagnosticDescriptor Berth042 = new(
        "BERTH042", Title("BERTH042"), "{0}", "Reliability", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description("BERTH042"), helpLinkUri: HelpLink("BERTH042"));

    /// <summary>BERTH043: Claim template not mounted by any container.</summary>
    public static readonly DiagnosticDescriptor Berth043 = new(
        "BERTH043", Title("BERTH043"), "{0}", "Reliability", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description("BERTH043"), helpLinkUri: HelpLink("BERTH043"));

    /// <summary>BERTH044: Claim template shadows a template volume.</summary>
    public static readonly DiagnosticDescriptor Berth044 = new(
        "BERTH044", Title("BERTH044"), "{0}", "Reliability", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description("BERTH044"), helpLinkUri: HelpLink("BERTH044"));

    /// <summary>BERTH045: Duplicate claim template names.</summary>
    public static readonly DiagnosticDescriptor Berth045 = new(
        "BERTH045", Title("BERTH045"), "{0}", "Reliability", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description("BERTH045"), helpLinkUri: HelpLink("BERTH045"));

    /// <summary>BERTH046: maxUnavailable may be ignored.</summary>
    public static readonly DiagnosticDescriptor Berth046 = new(
        "BERTH046", Title("BERTH046"), "{0}", "Reliability", DiagnosticSeverity.Info, isEnabledByDefault: true,
        description: Description("BERTH046"), helpLinkUri: HelpLink("BERTH046"));

    /// <summary>BERTH047: terminationGracePeriodSeconds is 0.</summary>
    public static readonly DiagnosticDescriptor Berth047 = new(
        "BERTH047", Title("BERTH047"), "{0}", "Reliability", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description("BERTH047"), helpLinkUri: HelpLink("BERTH047"));

    /// <summary>BERTH048: Duplicate env var names.</summary>
    public static readonly DiagnosticDescriptor Berth048 = new(
        "BERTH048", Title("BERTH048"), "{0}", "Reliability", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description("BERTH048"), helpLinkUri: HelpLink("BERTH048"));

    /// <summary>BERTH049: Probe targets an unexposed port.</summary>
    public static readonly DiagnosticDescriptor Berth049 = new(
        "BERTH049", Title("BERTH049"), "{0}", "Reliability", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description("BERTH049"), helpLinkUri: HelpLink("BERTH049"));

    /// <summary>BERTH050: Identical readiness and liveness probes.</summary>
    public static readonly DiagnosticDescriptor Berth050 = new(
        "BERTH050", Title("BERTH050"), "{0}", "Reliability", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description("BERTH050"), helpLinkUri: HelpLink("BERTH050"));

    /// <summary>BERTH051: Missing readinessProbe.</summary>
    public static readonly DiagnosticDescriptor Berth051 = new(
        "BERTH051", Title("BERTH051"), "{0}", "Reliability", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description("BERTH051"), helpLinkUri: HelpLink("BERTH051"));

    /// <summary>BERTH053: PDB blocks all voluntary evictions.</summary>
    public static readonly DiagnosticDescriptor Berth053 = new(
        "BERTH053", Title("BERTH053"), "{0}", "Reliability", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description("BERTH053"), helpLinkUri: HelpLink("BERTH053"));

    /// <summary>BERTH054: PDB selects no StatefulSet pods.</summary>
    public static readonly DiagnosticDescriptor Berth054 = new(
        "BERTH054", Title("BERTH054"), "{0}", "Reliability", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description("BERTH054"), helpLinkUri: HelpLink("BERTH054"));

    /// <summary>BERTH055: No pod anti-affinity.</summary>
    public static readonly DiagnosticDescriptor Berth055 = new(
        "BERTH055", Title("BERTH055"), "{0}", "Reliability", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description("BERTH055"), helpLinkUri: HelpLink("BERTH055"));

    /// <summary>BERTH056: Service selects no pods (dangling).</summary>
    public static readonly DiagnosticDescriptor Berth056 = new(
        "BERTH056", Title("BERTH056"), "{0}", "Reliability", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description("BERTH056"), helpLinkUri: HelpLink("BERTH056"));

    /// <summary>BERTH057: serviceAccountName not declared.</summary>
    public static readonly DiagnosticDescriptor Berth057 = new(
        "BERTH057", Title("BERTH057"), "{0}", "Reliability", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description("BERTH057"), helpLinkUri: HelpLink("BERTH057"));

    /// <summary>BERTH058: OrderedReady + RollingUpdate caveat.</summary>
    public static readonly DiagnosticDescriptor Berth058 = new(
        "BERTH058", Title("BERTH058"), "{0}", "Reliability", DiagnosticSeverity.Info, isEnabledByDefault: true,
        description: Description("BERTH058"), helpLinkUri: HelpLink("BERTH058"));

    /// <summary>BERTH070: Image uses latest or no tag.</summary>
    public static readonly DiagnosticDescriptor Berth070 = new(
        "BERTH070", Title("BERTH070"), "{0}", "Hygiene", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description("BERTH070"), helpLinkUri: HelpLink("BERTH070"));

    /// <summary>BERTH071: Missing CPU or memory requests or limits.</summary>
    public static readonly DiagnosticDescriptor Berth071 = new(
        "BERTH071", Title("BERTH071"), "{0}", "Hygiene", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description("BERTH071"), helpLinkUri: HelpLink("BERTH071"));

    /// <summary>BERTH072: Missing livenessProbe.</summary>
    public static readonly DiagnosticDescriptor Berth072 = new(
        "BERTH072", Title("BERTH072"), "{0}", "Hygiene", DiagnosticSeverity.Info, isEnabledByDefault: true,
        description: Description("BERTH072"), helpLinkUri: HelpLink("BERTH072"));

    /// <summary>BERTH073: Missing ephemeral-storage request or limit.</summary>
    public static readonly DiagnosticDescriptor Berth073 = new(
        "BERTH073", Title("BERTH073"), "{0}", "Hygiene", DiagnosticSeverity.Info, isEnabledByDefault: true,
        description: Description("BERTH073"), helpLinkUri: HelpLink("BERTH073"));

    /// <summary>BERTH074: PDB unhealthyPodEvictionPolicy not set.</summary>
    public static readonly DiagnosticDescriptor Berth074 = new(
        "BERTH074", Title("BERTH074"), "{0}", "Hygiene", DiagnosticSeverity.Info, isEnabledByDefault: true,
        description: Description("BERTH074"), helpLinkUri: HelpLink("BERTH074"));

    /// <summary>BERTH075: imagePullPolicy not Always.</summary>
    public static readonly DiagnosticDescriptor Berth075 = new(
        "BERTH075", Title("BERTH075"), "{0}", "Hygiene", DiagnosticSeverity.Info, isEnabledByDefault: true,
        description: Description("BERTH075"), helpLinkUri: HelpLink("BERTH075"));

    /// <summary>BERTH076: No topologySpreadConstraints / invalid constraint.</summary>
    public static readonly DiagnosticDescriptor Berth076 = new(
        "BERTH076", Title("BERTH076"), "{0}", "Hygiene", DiagnosticSeverity.Info, isEnabledByDefault: true,
        description: Description("BERTH076"), helpLinkUri: HelpLink("BERTH076"));

    /// <summary>BERTH077: Service type NodePort.</summary>
    public static readonly DiagnosticDescriptor Berth077 = new(
        "BERTH077", Title("BERTH077"), "{0}", "Hygiene", DiagnosticSeverity.Info, isEnabledByDefault: true,
        description: Description("BERTH077"), helpLinkUri: HelpLink("BERTH077"));

    /// <summary>BERTH078: Label key or value invalid.</summary>
    public static readonly DiagnosticDescriptor Berth078 = new(
        "BERTH078", Title("BERTH078"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH078"), helpLinkUri: HelpLink("BERTH078"));

    /// <summary>BERTH079: Annotation key invalid or annotations too large.</summary>
    public static readonly DiagnosticDescriptor Berth079 = new(
        "BERTH079", Title("BERTH079"), "{0}", "Correctness", DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: Description("BERTH079"), helpLinkUri: HelpLink("BERTH079"));

    /// <summary>BERTH091: Partition at or above replicas.</summary>
    public static readonly DiagnosticDescriptor Berth091 = new(
        "BERTH091", Title("BERTH091"), "{0}", "Reliability", DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description("BERTH091"), helpLinkUri: HelpLink("BERTH091"));

    /// <summary>Every descriptor, in catalog order.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(
        Berth001, Berth002, Berth003, Berth004, Berth005, Berth006, Berth007, Berth008, Berth009, Berth010, Berth011, Berth012, Berth013, Berth014, Berth015, Berth016, Berth017, Berth018, Berth019, Berth020, Berth021, Berth022, Berth023, Berth024, Berth025, Berth026, Berth027, Berth029, Berth030, Berth031, Berth032, Berth033, Berth034, Berth035, Berth040, Berth041, Berth042, Berth043, Berth044, Berth045, Berth046, Berth047, Berth048, Berth049, Berth050, Berth051, Berth053, Berth054, Berth055, Berth056, Berth057, Berth058, Berth070, Berth071, Berth072, Berth073, Berth074, Berth075, Berth076, Berth077, Berth078, Berth079, Berth091);

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = All.ToDictionary(d => d.Id);

    /// <summary>The descriptor of a rule ID.</summary>
    public static DiagnosticDescriptor Get(string id) => ById[id];

    /// <summary>True when the rule is checked against every app of the compilation.</summary>
    public static bool IsCrossObject(string id) => CrossObjectIds.Contains(id);

    private static Rule Rule(string id) => RuleCatalog.Find(id) ?? throw new KeyNotFoundException(id + " is not in the rule catalog");

    private static string Title(string id) => Rule(id).Title;

    private static string Description(string id) => Rule(id).Description;

    private static string HelpLink(string id) => Rule(id).HelpLink;
}
