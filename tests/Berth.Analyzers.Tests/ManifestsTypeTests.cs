using System.Threading.Tasks;
using Berth.CodeFixes;
using Xunit;

namespace Berth.Analyzers.Tests;

/// <summary>BERTH095 and BERTH096: a [Manifests] type the generator cannot extend is reported, not silently skipped.</summary>
public sealed class ManifestsTypeTests
{
    private const string App = """public static StatefulApp Db { get; } = StatefulApp.Named("db").Container("db", "postgres:16.4");""";

    private static string Source(string declaration) => Verify.Usings + declaration.Replace("APP", App);

    [Fact]
    public Task A_type_that_is_not_partial_is_reported_on_its_name() =>
        Verify.Rule("BERTH095", Source("[Manifests]\npublic static class {|BERTH095:Infra|}\n{\n    APP\n}\n"));

    [Fact]
    public Task A_type_around_it_that_is_not_partial_is_reported_on_that_type() =>
        Verify.Rule("BERTH095", Source("public static class {|BERTH095:Outer|}\n{\n    [Manifests]\n    public static partial class Infra\n    {\n        APP\n    }\n}\n"));

    [Fact]
    public Task A_partial_type_in_partial_types_is_clean() =>
        Verify.None(Source("public static partial class Outer\n{\n    [Manifests]\n    public static partial class Infra\n    {\n        APP\n    }\n}\n"), new[] { "BERTH095", "BERTH096" });

    [Fact]
    public Task A_type_split_over_two_declarations_counts_as_partial() =>
        Verify.None(Source("[Manifests]\npublic static partial class Infra\n{\n    APP\n}\npublic static partial class Infra\n{\n}\n"), new[] { "BERTH095" });

    [Fact]
    public Task A_generic_type_is_an_error() =>
        Verify.Rule("BERTH096", Source("[Manifests]\npublic static partial class {|BERTH096:Infra|}<T>\n{\n    APP\n}\n"));

    [Fact]
    public Task A_type_inside_a_generic_type_is_an_error() =>
        Verify.Rule("BERTH096", Source("public static partial class Outer<T>\n{\n    [Manifests]\n    public static partial class {|BERTH096:Infra|}\n    {\n        APP\n    }\n}\n"));

    [Fact]
    public Task A_type_inside_a_private_type_is_an_error() =>
        Verify.Rule("BERTH096", Source("public static partial class Outer\n{\n    private static partial class Hidden\n    {\n        [Manifests]\n        public static partial class {|BERTH096:Infra|}\n        {\n            APP\n        }\n    }\n}\n"));

    [Fact]
    public Task An_internal_nested_type_is_fine() =>
        Verify.None(Source("internal static partial class Outer\n{\n    [Manifests]\n    internal static partial class Infra\n    {\n        APP\n    }\n}\n"), new[] { "BERTH095", "BERTH096" });

    [Fact]
    public Task The_fix_adds_partial_before_the_keyword() =>
        Verify.Fix<AddPartialFix>("BERTH095",
            Source("[Manifests]\npublic static class {|BERTH095:Infra|}\n{\n    APP\n}\n"),
            Source("[Manifests]\npublic static partial class Infra\n{\n    APP\n}\n"),
            AddPartialFix.EquivalenceKey);

    [Fact]
    public Task The_fix_works_without_other_modifiers_and_on_the_type_around() =>
        Verify.Fix<AddPartialFix>("BERTH095",
            Source("class {|BERTH095:Outer|}\n{\n    [Manifests]\n    internal class {|BERTH095:Infra|}\n    {\n        APP\n    }\n}\n"),
            Source("partial class Outer\n{\n    [Manifests]\n    internal partial class Infra\n    {\n        APP\n    }\n}\n"),
            AddPartialFix.EquivalenceKey);
}
