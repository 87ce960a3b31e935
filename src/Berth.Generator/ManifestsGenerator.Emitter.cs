using System.Collections.Generic;
using System.Linq;
using System.Text;
using Berth.Generator.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace Berth.Generator;

public sealed partial class ManifestsGenerator
{
    /// <summary>Writes C# from the model only (no symbols), with an indented writer.</summary>
    internal static class Emitter
    {
        private const string Entry = "global::Berth.Registry.ManifestEntry";
        private const string App = "global::Berth.StatefulApp";
        private const string CallTable = "global::Berth.Registry.SourceCallTable";
        private const string EditorBrowsableNever = "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";

        public static string EmitRegistry(RegistrySpec spec)
        {
            var registry = RegistryClassName(spec.HintName);
            var w = Header();
            w.WriteLine($"[assembly: global::Berth.Registry.ManifestRegistry(typeof(global::Berth.Generated.{registry}))]");
            w.WriteLine();
            using (w.Block("namespace Berth.Generated"))
            {
                w.WriteLine($"/// <summary>The apps of <see cref=\"{spec.QualifiedName}\"/>, read by the Berth build step that writes the YAML.</summary>");
                w.WriteLine(EditorBrowsableNever);
                using (w.Block($"internal static class {registry}"))
                {
                    w.WriteLine("/// <summary>One entry per app, and per variant of a variant member, in declaration order.</summary>");
                    if (spec.Entries.Count == 0)
                    {
                        w.WriteLine($"public static global::System.Collections.Generic.IReadOnlyList<{Entry}> Entries {{ get; }} = global::System.Array.Empty<{Entry}>();");
                    }
                    else if (spec.Entries.Count >= TableThreshold && CanPack(spec))
                    {
                        WriteTable(w, spec);
                    }
                    else
                    {
                        w.WriteLine($"public static global::System.Collections.Generic.IReadOnlyList<{Entry}> Entries {{ get; }} = new {Entry}[]");
                        w.WriteLine("{");
                        foreach (var entry in spec.Entries)
                        {
                            w.WriteLine($"    new {Entry}({Literal(spec.FullName)}, {Literal(entry.MemberName)}, {(entry.Variant is null ? "null" : Literal(entry.Variant))}, " +
                                        $"{Literal(entry.SourceFile)}, {entry.SourceLine}, static () => {entry.CreateExpression}" +
                                        (entry.Calls.Length == 0 ? string.Empty : $", new {CallTable}({Literal(entry.Calls)})") + "),");
                        }
                        w.WriteLine("};");
                    }
                }
            }
            return w.ToString();
        }

        /// <summary>From this many entries on, the registry is written as tables (see <see cref="WriteTable"/>).</summary>
        internal const int TableThreshold = 64;

        private const char Separator = '|';

        /// <summary>
        /// The registry of a large [Manifests] type, as data: member names, variants and call tables packed in one string
        /// literal each, source files by index, lines in an int array, and one method with a switch that runs the definitions.
        /// The same entries as the array of lambdas written for smaller types, but the build step does not have to
        /// JIT-compile a static constructor with a delegate and a branch per entry and a lambda per entry (10,000 apps:
        /// about half a second of the build step's time).
        /// </summary>
        private static void WriteTable(SourceWriter w, RegistrySpec spec)
        {
            var entries = spec.Entries;
            var files = entries.Select(e => e.SourceFile).Distinct().ToList();
            w.WriteLine($"public static global::System.Collections.Generic.IReadOnlyList<{Entry}> Entries {{ get; }} = CreateEntries();");
            w.WriteLine();
            using (w.Block($"private static {Entry}[] CreateEntries()"))
            {
                w.WriteLine($"var members = {Literal(string.Join(Separator.ToString(), entries.Select(e => e.MemberName)))}.Split('{Separator}');");
                w.WriteLine($"var variants = {Literal(string.Join(Separator.ToString(), entries.Select(e => e.Variant ?? string.Empty)))}.Split('{Separator}');");
                w.WriteLine($"var files = new string[] {{ {string.Join(", ", files.Select(Literal))} }};");
                w.WriteLine($"var fileIndexes = new int[] {{ {string.Join(", ", entries.Select(e => files.IndexOf(e.SourceFile)))} }};");
                w.WriteLine($"var lines = new int[] {{ {string.Join(", ", entries.Select(e => e.SourceLine))} }};");
                w.WriteLine($"var calls = {Literal(string.Join(Separator.ToString(), entries.Select(e => e.Calls)))}.Split('{Separator}');");
                w.WriteLine($"var entries = new {Entry}[{entries.Count}];");
                using (w.Block("for (var i = 0; i < entries.Length; i++)"))
                    w.WriteLine($"entries[i] = new {Entry}({Literal(spec.FullName)}, members[i], variants[i].Length == 0 ? null : variants[i], files[fileIndexes[i]], lines[i], Creator(i), calls[i].Length == 0 ? null : new {CallTable}(calls[i]));");
                w.WriteLine("return entries;");
            }
            w.WriteLine();
            w.WriteLine($"private static global::System.Func<{App}> Creator(int index) => () => Create(index);");
            w.WriteLine();
            using (w.Block($"private static {App} Create(int index)"))
            {
                using (w.Block("switch (index)"))
                {
                    for (var i = 0; i < entries.Count; i++)
                        w.WriteLine($"case {i}: return {entries[i].CreateExpression};");
                    w.WriteLine("default: throw new global::System.ArgumentOutOfRangeException(nameof(index));");
                }
            }
        }

        /// <summary>Names and variants never hold the separator (they are identifiers and kebab-case identifiers); checked all the same.</summary>
        private static bool CanPack(RegistrySpec spec) =>
            spec.Entries.All(e => e.MemberName.IndexOf(Separator) < 0 && (e.Variant is null || (e.Variant.Length > 0 && e.Variant.IndexOf(Separator) < 0)));

        public static string EmitIdentities(IdentitySpec spec)
        {
            var w = Header();
            var closers = OpenTypes(w, spec.Namespace, spec.ContainingTypes.Concat(new[] { spec.Type }));
            var first = true;
            foreach (var app in spec.Apps)
            {
                if (!first) w.WriteLine();
                first = false;
                WriteIdentity(w, app);
            }
            for (var i = 0; i < closers; i++)
                w.CloseBlock();
            return w.ToString();
        }

        private static void WriteIdentity(SourceWriter w, AppIdentitySpec app)
        {
            var c = app.Constants;
            var className = app.MemberName + "Identity";
            w.WriteLine($"/// <summary>The names of <see cref=\"{Parser.Escape(app.MemberName)}\"/> written as literals in its definition, as constants.</summary>");
            using (w.Block($"public static partial class {className}"))
            {
                var needsBlank = false;
                if (c.AppName is not null)
                {
                    w.WriteLine($"/// <summary>The app name, <c>{Xml(c.AppName)}</c>: the StatefulSet, its governing Service and the prefix of its pod names.</summary>");
                    w.WriteLine($"public const string AppName = {Literal(c.AppName)};");
                    needsBlank = true;
                }
                if (c.Namespace is not null)
                {
                    if (needsBlank) w.WriteLine();
                    w.WriteLine($"/// <summary>The namespace, <c>{Xml(c.Namespace)}</c>.</summary>");
                    w.WriteLine($"public const string Namespace = {Literal(c.Namespace)};");
                    needsBlank = true;
                }
                needsBlank = WriteNames(w, needsBlank, "Containers", "The container names.", c.Containers) || needsBlank;
                needsBlank = WriteNames(w, needsBlank, "InitContainers", "The init container names.", c.InitContainers) || needsBlank;
                if (c.Ports.Count > 0)
                {
                    if (needsBlank) w.WriteLine();
                    w.WriteLine("/// <summary>The named container ports.</summary>");
                    using (w.Block("public static class Ports"))
                    {
                        foreach (var (port, identifier) in Identifiers(c.Ports.Select(p => p.Name), "Ports").Zip(c.Ports, (id, p) => (p, id)))
                        {
                            w.WriteLine($"/// <summary>Port <c>{Xml(port.Name)}</c>.</summary>");
                            w.WriteLine($"public const int {identifier} = {port.Number};");
                        }
                    }
                    needsBlank = true;
                }
                needsBlank = WriteNames(w, needsBlank, "Claims", "The volume claim template names.", c.Claims) || needsBlank;
                if (c.Claims.Count > 0 && c.AppName is not null)
                {
                    w.WriteLine();
                    w.WriteLine("/// <summary>");
                    w.WriteLine($"/// The PersistentVolumeClaim that the StatefulSet controller creates for one pod from a claim template:");
                    w.WriteLine($"/// <c>&lt;claim&gt;-{Xml(c.AppName)}-&lt;ordinal&gt;</c>, e.g. <c>ClaimOfPod(Claims.{Identifiers(c.Claims, "Claims")[0]}, 0)</c>.");
                    w.WriteLine("/// </summary>");
                    w.WriteLine("public static string ClaimOfPod(string claim, int ordinal) =>");
                    w.WriteLine("    claim + \"-\" + AppName + \"-\" + ordinal.ToString(global::System.Globalization.CultureInfo.InvariantCulture);");
                }
            }
        }

        private static bool WriteNames(SourceWriter w, bool blank, string className, string summary, EquatableArray<string> names)
        {
            if (names.Count == 0)
                return false;
            if (blank) w.WriteLine();
            w.WriteLine($"/// <summary>{summary}</summary>");
            using (w.Block($"public static class {className}"))
            {
                var identifiers = Identifiers(names, className);
                for (var i = 0; i < names.Count; i++)
                {
                    w.WriteLine($"/// <summary><c>{Xml(names[i])}</c></summary>");
                    w.WriteLine($"public const string {identifiers[i]} = {Literal(names[i])};");
                }
            }
            return true;
        }

        public static string EmitClient(ClientSpec spec, BerthClientInfo info)
        {
            const string BerthClient = "global::Berth.Client.BerthClient";
            const string AppClient = "global::Berth.Client.StatefulAppClient";
            var w = Header();
            var inNamespace = spec.Namespace.Length > 0;
            if (inNamespace)
                w.OpenBlock("namespace " + spec.Namespace);

            // One parameter per distinct variant enum type, named after the type ("Env" → env).
            var variantTypes = spec.Apps.Where(a => a.Kind == AppMemberKind.VariantMethod).Select(a => a.VariantType).Distinct().ToArray();
            var variantParameters = variantTypes.ToDictionary(t => t, ParameterName);
            var parameterList = string.Join(", ", variantTypes.Select(t => t + " " + variantParameters[t]));

            w.WriteLine("/// <summary>");
            w.WriteLine($"/// A typed Kubernetes client for the apps of <see cref=\"{spec.QualifiedName}\"/>: apply, diff, scale, roll out,");
            w.WriteLine("/// undo and delete each app by name.");
            w.WriteLine("/// </summary>");
            using (w.Block($"{(spec.IsPublic ? "public" : "internal")} sealed partial class {spec.ClientName}"))
            {
                w.WriteLine($"private readonly {BerthClient} _client;");
                w.WriteLine();
                w.WriteLine("/// <summary>Uses an existing Berth client.</summary>");
                w.WriteLine($"public {spec.ClientName}({BerthClient} client)");
                w.WriteLine("{");
                w.WriteLine("    _client = client ?? throw new global::System.ArgumentNullException(nameof(client));");
                w.WriteLine("}");
                w.WriteLine();
                w.WriteLine("/// <summary>Connects with a kubeconfig file (default: <c>KUBECONFIG</c>, else <c>~/.kube/config</c>) and context (default: its current context).</summary>");
                w.WriteLine($"public {spec.ClientName}(string? kubeconfigPath = null, string? context = null)");
                w.WriteLine($"    : this({BerthClient}.FromKubeconfig(kubeconfigPath, context))");
                w.WriteLine("{");
                w.WriteLine("}");
                w.WriteLine();
                w.WriteLine("/// <summary>The underlying client, for operations on several sets.</summary>");
                w.WriteLine($"public {BerthClient} Client => _client;");

                foreach (var app in spec.Apps)
                {
                    var member = spec.QualifiedName + "." + Parser.Escape(app.MemberName);
                    w.WriteLine();
                    w.WriteLine($"/// <summary>Operations on <see cref=\"{member}\"/>.</summary>");
                    if (app.Kind == AppMemberKind.VariantMethod)
                    {
                        var parameter = variantParameters[app.VariantType];
                        w.WriteLine($"public {AppClient} {Parser.Escape(app.MemberName)}({app.VariantType} {parameter}) => _client.For({member}({parameter}));");
                    }
                    else
                    {
                        var invoke = app.Kind == AppMemberKind.Method ? "()" : string.Empty;
                        w.WriteLine($"public {AppClient} {Parser.Escape(app.MemberName)} => _client.For({member}{invoke});");
                    }
                }

                var appsArray = spec.Apps.Count == 0
                    ? $"global::System.Array.Empty<{App}>()"
                    : $"new {App}[] {{ " + string.Join(", ", spec.Apps.Select(a => spec.QualifiedName + "." + Parser.Escape(a.MemberName) + a.Kind switch
                    {
                        AppMemberKind.VariantMethod => "(" + variantParameters[a.VariantType] + ")",
                        AppMemberKind.Method => "()",
                        _ => string.Empty,
                    })) + " }";
                var arguments = string.Join(", ", variantTypes.Select(t => variantParameters[t]));
                w.WriteLine();
                if (variantTypes.Length == 0)
                {
                    w.WriteLine("/// <summary>Every app of the set, in declaration order.</summary>");
                    w.WriteLine($"public global::System.Collections.Generic.IReadOnlyList<{App}> Apps => {appsArray};");
                }
                else
                {
                    w.WriteLine("/// <summary>Every app of the set for the given variant, in declaration order.</summary>");
                    w.WriteLine($"public global::System.Collections.Generic.IReadOnlyList<{App}> Apps({parameterList}) => {appsArray};");
                }

                if (info.ApplyAllReturnType.Length > 0)
                {
                    var leading = parameterList.Length > 0 ? parameterList + ", " : string.Empty;
                    var options = info.ApplyOptionsType.Length > 0 ? $"{info.ApplyOptionsType} options = null, " : string.Empty;
                    var appsExpression = variantTypes.Length == 0 ? "Apps" : $"Apps({arguments})";
                    var forward = info.ApplyOptionsType.Length > 0 ? "options, " : string.Empty;
                    w.WriteLine();
                    w.WriteLine("/// <summary>Applies every app of the set in order (namespace, config, Services, budget, StatefulSet per app).</summary>");
                    w.WriteLine($"public {info.ApplyAllReturnType} ApplyAllAsync({leading}{options}global::System.Threading.CancellationToken cancellationToken = default) =>");
                    w.WriteLine($"    _client.ApplyAllAsync({appsExpression}, {forward}cancellationToken);");
                }
            }

            if (inNamespace)
                w.CloseBlock();
            return w.ToString();
        }

        private static SourceWriter Header()
        {
            var w = new SourceWriter();
            w.WriteLine("// <auto-generated/>");
            w.WriteLine("#nullable enable");
            w.WriteLine();
            return w;
        }

        private static int OpenTypes(SourceWriter w, string ns, IEnumerable<TypeDeclSpec> types)
        {
            var count = 0;
            if (ns.Length > 0)
            {
                w.OpenBlock("namespace " + ns);
                count++;
            }
            foreach (var type in types)
            {
                w.OpenBlock($"partial {type.Keyword} {Parser.Escape(type.Name)}{type.TypeParameters}");
                count++;
            }
            return count;
        }

        internal static string RegistryClassName(string hintName) => hintName.Replace('.', '_') + "_ManifestRegistry";

        private static string ParameterName(string qualifiedType)
        {
            var simple = qualifiedType.Substring(qualifiedType.LastIndexOf('.') + 1);
            var name = char.ToLowerInvariant(simple[0]) + simple.Substring(1);
            return Parser.Escape(name);
        }

        /// <summary>Pascal-case C# identifiers for names like "init-perms" → "InitPerms", unique within the class.</summary>
        internal static IReadOnlyList<string> Identifiers(IEnumerable<string> names, string enclosingClass)
        {
            var used = new HashSet<string> { enclosingClass };
            var result = new List<string>();
            foreach (var name in names)
            {
                var builder = new StringBuilder();
                var upper = true;
                foreach (var c in name)
                {
                    if (!char.IsLetterOrDigit(c))
                    {
                        upper = true;
                        continue;
                    }
                    builder.Append(upper ? char.ToUpperInvariant(c) : c);
                    upper = false;
                }
                var identifier = builder.Length == 0 ? "Name" : builder.ToString();
                if (char.IsDigit(identifier[0]))
                    identifier = "_" + identifier;
                var unique = identifier;
                for (var i = 2; !used.Add(unique); i++)
                    unique = identifier + "_" + i;
                result.Add(unique);
            }
            return result;
        }

        private static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

        private static string Xml(string value) => value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
