using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Berth.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Berth.Generator;

public sealed partial class ManifestsGenerator
{
    /// <summary>Turns symbols and syntax into the value-equatable model, as early as possible.</summary>
    internal static class Parser
    {
        private static readonly SymbolDisplayFormat QualifiedFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static ManifestsTypeSpec Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            // The predicate admits type declarations only, whose symbol is always a named type.
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var node = (TypeDeclarationSyntax)context.TargetNode;

            var containing = new List<INamedTypeSymbol>();
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
                containing.Insert(0, outer);

            var chain = containing.Concat(new[] { type }).ToArray();
            var isGeneric = chain.Any(t => t.TypeParameters.Length > 0);
            var isReachable = chain.All(t => t.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal);
            var isPublic = chain.All(t => t.DeclaredAccessibility == Accessibility.Public);
            var ns = type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString();
            var hintName = string.Join(".", (ns.Length == 0 ? Enumerable.Empty<string>() : new[] { ns })
                .Concat(chain.Select(t => t.TypeParameters.Length == 0 ? t.Name : t.Name + "_" + t.TypeParameters.Length)));

            var declarations = CollectAppDeclarations(type, cancellationToken);
            var models = new SemanticModels(context.SemanticModel);
            var apps = new List<AppSpec>();
            foreach (var member in type.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var app = ParseApp(member, declarations, models, cancellationToken);
                if (app is not null)
                    apps.Add(app);
            }

            return new ManifestsTypeSpec(
                ns,
                containing.Select(t => DeclOf(t, cancellationToken)).ToEquatableArray(),
                new TypeDeclSpec(KeywordOf(node), type.Name, TypeParametersOf(type), node.Modifiers.Any(SyntaxKind.PartialKeyword)),
                type.ToDisplayString(),
                type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                hintName,
                isGeneric,
                isReachable,
                isPublic,
                apps.ToEquatableArray());
        }

        public static RegistrySpec? ToRegistry(ManifestsTypeSpec spec)
        {
            // A generic type has no single set of apps to run, and a type nested in a private or protected
            // type cannot be named by the assembly-level [ManifestRegistry] attribute: neither gets a registry.
            if (spec.IsGeneric || !spec.IsReachable)
                return null;

            var entries = new List<RegistryEntrySpec>();
            foreach (var app in spec.Apps)
            {
                var member = spec.QualifiedName + "." + Escape(app.MemberName);
                switch (app.Kind)
                {
                    case AppMemberKind.Property:
                    case AppMemberKind.Field:
                        entries.Add(new RegistryEntrySpec(app.MemberName, null, app.SourceFile, app.SourceLine, member, app.Calls));
                        break;
                    case AppMemberKind.Method:
                        entries.Add(new RegistryEntrySpec(app.MemberName, null, app.SourceFile, app.SourceLine, member + "()", app.Calls));
                        break;
                    case AppMemberKind.VariantMethod:
                        foreach (var variant in app.Variants)
                            entries.Add(new RegistryEntrySpec(app.MemberName, variant.Folder, app.SourceFile, app.SourceLine,
                                member + "(" + app.VariantType + "." + Escape(variant.EnumMember) + ")", app.Calls));
                        break;
                }
            }

            return new RegistrySpec(spec.FullName, spec.QualifiedName, spec.HintName, entries.ToEquatableArray());
        }

        /// <summary>Rewrites source files under <paramref name="projectDirectory"/> as relative paths with '/' separators.</summary>
        public static RegistrySpec? RelativeToProject(RegistrySpec? spec, string projectDirectory)
        {
            if (spec is null || projectDirectory.Length == 0)
                return spec;
            var root = projectDirectory.Replace('\\', '/').TrimEnd('/') + "/";
            return spec with
            {
                Entries = spec.Entries.Select(e =>
                {
                    var file = e.SourceFile.Replace('\\', '/');
                    return file.StartsWith(root, System.StringComparison.OrdinalIgnoreCase) ? e with { SourceFile = file.Substring(root.Length) } : e;
                }).ToEquatableArray(),
            };
        }

        public static IdentitySpec? ToIdentities(ManifestsTypeSpec spec)
        {
            // Nested classes can only be added to partial types.
            if (!spec.Type.IsPartial || spec.ContainingTypes.Any(t => !t.IsPartial))
                return null;
            var apps = spec.Apps.Where(a => !a.Constants.IsEmpty).Select(a => new AppIdentitySpec(a.MemberName, a.Constants)).ToEquatableArray();
            return apps.Count == 0 ? null : new IdentitySpec(spec.Namespace, spec.ContainingTypes, spec.Type, spec.HintName, apps);
        }

        public static ClientSpec? ToClient(ManifestsTypeSpec spec)
        {
            if (spec.IsGeneric || !spec.IsReachable)
                return null;
            var clientName = string.Concat(spec.ContainingTypes.Select(t => t.Name)) + spec.Type.Name + "Client";
            return new ClientSpec(spec.Namespace, clientName, spec.FullName, spec.QualifiedName, spec.HintName, spec.IsPublic,
                spec.Apps.Select(a => new ClientAppSpec(a.MemberName, a.Kind, a.VariantType)).ToEquatableArray());
        }

        public static BerthClientInfo? ReadBerthClient(Compilation compilation)
        {
            var client = compilation.GetTypeByMetadataName("Berth.Client.BerthClient");
            if (client is null)
                return null;
            foreach (var method in client.GetMembers("ApplyAllAsync").OfType<IMethodSymbol>())
            {
                if (method.IsStatic || method.DeclaredAccessibility != Accessibility.Public || method.Parameters.Length == 0)
                    continue;
                var parameters = method.Parameters;
                var last = parameters[parameters.Length - 1].Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                if (last != "global::System.Threading.CancellationToken")
                    continue;
                var returns = method.ReturnType.ToDisplayString(QualifiedFormat);
                if (parameters.Length == 2)
                    return new BerthClientInfo(returns, string.Empty);
                if (parameters.Length == 3)
                    return new BerthClientInfo(returns, parameters[1].Type.ToDisplayString(QualifiedFormat));
            }
            return new BerthClientInfo(string.Empty, string.Empty);
        }

        private static AppSpec? ParseApp(ISymbol member, Dictionary<string, SyntaxNode> declarations, SemanticModels models, CancellationToken cancellationToken)
        {
            if (!member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || member.IsImplicitlyDeclared)
                return null;

            AppMemberKind kind;
            string variantType = string.Empty;
            var variants = EquatableArray<VariantSpec>.Empty;
            switch (member)
            {
                case IPropertySymbol { IsIndexer: false, GetMethod: not null } property when IsStatefulApp(property.Type):
                    kind = AppMemberKind.Property;
                    break;
                case IFieldSymbol field when IsStatefulApp(field.Type):
                    kind = AppMemberKind.Field;
                    break;
                case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsGenericMethod: false, Parameters.Length: 0 } method when IsStatefulApp(method.ReturnType):
                    kind = AppMemberKind.Method;
                    break;
                case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsGenericMethod: false, Parameters.Length: 1 } method
                    when IsStatefulApp(method.ReturnType) && method.Parameters[0].Type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType:
                    kind = AppMemberKind.VariantMethod;
                    variantType = enumType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                    variants = enumType.GetMembers().OfType<IFieldSymbol>()
                        .Where(f => f.HasConstantValue)
                        .Select(f => new VariantSpec(f.Name, ToFolderName(f.Name)))
                        .ToEquatableArray();
                    break;
                default:
                    return null;
            }

            var location = member.Locations.FirstOrDefault(l => l.IsInSource);
            var span = location?.GetLineSpan();
            var constants = ReadConstants(member.Name, declarations, models, cancellationToken);
            var calls = location is null ? string.Empty : ReadCalls(member, location.SourceTree, models, cancellationToken);
            return new AppSpec(member.Name, kind, variantType, variants,
                span?.Path ?? string.Empty, span is null ? 0 : span.Value.StartLinePosition.Line + 1, constants, calls);
        }

        /// <summary>
        /// The calls of DSL methods (the methods of the Berth types <c>StatefulApp</c>, <c>ContainerSpec</c> and <c>Probe</c> that
        /// return one of them, as the compiler binds them: the fluent calls) written in the member's own declaration, in source order, packed (see <see cref="AppSpec.Calls"/>).
        /// The build step reports a finding at the n-th call of a method when the definition made as many calls of it as
        /// are written here; calls made elsewhere (a shared base, a helper) make the counts differ, and it reports at the member.
        /// </summary>
        private static string ReadCalls(ISymbol member, SyntaxTree? tree, SemanticModels models, CancellationToken cancellationToken)
        {
            var declaration = member.DeclaringSyntaxReferences.FirstOrDefault(r => r.SyntaxTree == tree)?.GetSyntax(cancellationToken);
            if (declaration is null)
                return string.Empty;
            var model = models.For(declaration.SyntaxTree);
            var calls = new List<(int At, string Text)>();
            foreach (var invocation in declaration.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = invocation.Expression switch
                {
                    MemberAccessExpressionSyntax access => access.Name.Identifier,
                    MemberBindingExpressionSyntax binding => binding.Name.Identifier,
                    SimpleNameSyntax simple => simple.Identifier,
                    _ => default,
                };
                if (name == default || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
                    continue;
                method = method.ReducedFrom ?? method;
                if (!IsDslType(method.ContainingType) || !IsDslType(method.ReturnType))
                    continue;
                var position = name.GetLocation().GetLineSpan().StartLinePosition;
                calls.Add((name.SpanStart, $"{method.ContainingType.Name}.{method.Name}:{position.Line + 1}:{position.Character + 1}"));
            }

            return string.Join(";", calls.OrderBy(c => c.At).Select(c => c.Text));
        }

        private static bool IsDslType(ITypeSymbol? type) =>
            IsBerthType(type, "StatefulApp") || IsBerthType(type, "ContainerSpec") || IsBerthType(type, "Probe");

        /// <summary>The declarations of every static StatefulApp member of the type (any accessibility), by name.</summary>
        private static Dictionary<string, SyntaxNode> CollectAppDeclarations(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var result = new Dictionary<string, SyntaxNode>();
            foreach (var member in type.GetMembers())
            {
                if (!member.IsStatic || member.IsImplicitlyDeclared || result.ContainsKey(member.Name))
                    continue;
                var returns = member switch
                {
                    IPropertySymbol p => p.Type,
                    IFieldSymbol f => f.Type,
                    IMethodSymbol { MethodKind: MethodKind.Ordinary } m => m.ReturnType,
                    _ => null,
                };
                if (returns is null || !IsStatefulApp(returns) || member.DeclaringSyntaxReferences.Length == 0)
                    continue;
                result[member.Name] = member.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            }
            return result;
        }

        /// <summary>
        /// Reads literal names from the fluent calls of one definition, following references to other static
        /// StatefulApp members of the same type (a private shared base, for example). A call counts when it binds to
        /// the DSL method itself (resolved by the compiler, so a method of yours with the same name does not), and a
        /// value only when it is written as a literal: it never guesses.
        /// </summary>
        private static AppConstants ReadConstants(string memberName, Dictionary<string, SyntaxNode> declarations, SemanticModels models, CancellationToken cancellationToken)
        {
            // Each value with its position (declaration visited, then offset), to keep source order:
            // DescendantNodes sees the last call of a fluent chain first.
            var appNames = new List<(long At, string Value)>();
            var namespaces = new List<(long At, string Value)>();
            var containers = new List<(long At, string Value)>();
            var initContainers = new List<(long At, string Value)>();
            var ports = new List<(long At, PortSpec Value)>();
            var claims = new List<(long At, string Value)>();
            var declarationIndex = 0L;

            var visited = new HashSet<string>();
            var pending = new Stack<string>();
            pending.Push(memberName);
            while (pending.Count > 0)
            {
                var name = pending.Pop();
                if (!visited.Add(name) || !declarations.TryGetValue(name, out var declaration))
                    continue;
                declarationIndex++;
                foreach (var node in declaration.DescendantNodes())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (node is IdentifierNameSyntax identifier)
                    {
                        var text = identifier.Identifier.ValueText;
                        if (text != name && declarations.ContainsKey(text) && IsDefinitionReuse(identifier))
                            pending.Push(text);
                        continue;
                    }
                    if (node is not InvocationExpressionSyntax { ArgumentList.Arguments: var args } invocation || args.Count == 0
                        || StringLiteral(args[0].Expression) is not { } first)
                        continue;
                    if (models.For(invocation.SyntaxTree).GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
                        continue;
                    var at = (declarationIndex << 32) + args[0].SpanStart;
                    switch (MemberOf(method))
                    {
                        case DslMember.Named: appNames.Add((at, first)); break;
                        case DslMember.InNamespace: namespaces.Add((at, first)); break;
                        case DslMember.Container: containers.Add((at, first)); break;
                        case DslMember.InitContainer: initContainers.Add((at, first)); break;
                        case DslMember.VolumeClaim: claims.Add((at, first)); break;
                        case DslMember.Port when args.Count >= 2 && IntLiteral(args[1].Expression) is { } number:
                            ports.Add((at, new PortSpec(first, number)));
                            break;
                    }
                }
            }

            return new AppConstants(
                Single(appNames),
                Single(namespaces),
                InOrder(containers),
                InOrder(initContainers),
                ports.OrderBy(p => p.At).Select(p => p.Value)
                    .GroupBy(p => p.Name).Where(g => g.Select(p => p.Number).Distinct().Count() == 1).Select(g => g.First()).ToEquatableArray(),
                InOrder(claims));
        }

        private static EquatableArray<string> InOrder(List<(long At, string Value)> values) =>
            values.OrderBy(v => v.At).Select(v => v.Value).Distinct().ToEquatableArray();

        /// <summary>
        /// True when another app is used as the base of this definition (<c>Base.Container(…)</c>, <c>=&gt; Base;</c>),
        /// not merely read (<c>Other.ServiceHost</c>, <c>Base.Pods()</c>).
        /// </summary>
        private static bool IsDefinitionReuse(IdentifierNameSyntax identifier)
        {
            SyntaxNode reference = identifier;
            if (identifier.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == identifier)
                reference = qualified; // Infra.Base
            return reference.Parent switch
            {
                MemberAccessExpressionSyntax access when access.Expression == reference => !ReadOnlyMembers.Contains(access.Name.Identifier.ValueText),
                ArrowExpressionClauseSyntax or EqualsValueClauseSyntax or ReturnStatementSyntax => true,
                _ => false,
            };
        }

        private static readonly HashSet<string> ReadOnlyMembers = new()
        {
            "Name", "Namespace", "ReplicaCount", "ServiceName", "FirstOrdinal", "Domain", "ServiceHost",
            "Pod", "Pods", "PeerHosts", "PeerList", "Build", "Validate", "ToString", "GetHashCode", "Equals",
        };

        private static string? Single(List<(long At, string Value)> values) =>
            values.Select(v => v.Value).Distinct().Count() == 1 ? values[0].Value : null;

        private static string? StringLiteral(ExpressionSyntax expression) =>
            expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) ? literal.Token.ValueText : null;

        private static int? IntLiteral(ExpressionSyntax expression) =>
            expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.NumericLiteralExpression) && literal.Token.Value is int value ? value : null;

        private static bool IsStatefulApp(ITypeSymbol type) => IsBerthType(type, "StatefulApp");

        private static bool IsBerthType(ITypeSymbol? type, string name) =>
            type is INamedTypeSymbol { Arity: 0, ContainingType: null, ContainingNamespace: { Name: "Berth", ContainingNamespace.IsGlobalNamespace: true } } named
            && named.Name == name;

        /// <summary>The DSL methods whose literal arguments the typed identities are made of.</summary>
        private enum DslMember
        {
            None,
            Named,
            InNamespace,
            Container,
            InitContainer,
            VolumeClaim,
            Port,
        }

        /// <summary>Which DSL method <paramref name="method"/> binds to; <see cref="DslMember.None"/> for any other method.</summary>
        private static DslMember MemberOf(IMethodSymbol method)
        {
            method = method.ReducedFrom ?? method;
            if (IsBerthType(method.ContainingType, "StatefulApp"))
            {
                return method.Name switch
                {
                    "Named" when method.IsStatic => DslMember.Named,
                    "InNamespace" => DslMember.InNamespace,
                    "Container" => DslMember.Container,
                    "InitContainer" => DslMember.InitContainer,
                    "VolumeClaim" => DslMember.VolumeClaim,
                    _ => DslMember.None,
                };
            }

            return IsBerthType(method.ContainingType, "ContainerSpec") && method.Name == "Port" ? DslMember.Port : DslMember.None;
        }

        /// <summary>Semantic models of the trees a type's declarations live in, made once each.</summary>
        private sealed class SemanticModels
        {
            private readonly SemanticModel _first;
            private readonly Dictionary<SyntaxTree, SemanticModel> _others = new();

            public SemanticModels(SemanticModel first) => _first = first;

            public SemanticModel For(SyntaxTree tree)
            {
                if (tree == _first.SyntaxTree) return _first;
                if (!_others.TryGetValue(tree, out var model))
                    _others[tree] = model = _first.Compilation.GetSemanticModel(tree);
                return model;
            }
        }

        private static TypeDeclSpec DeclOf(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var syntax = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().FirstOrDefault();
            var keyword = syntax is not null ? KeywordOf(syntax) : type switch
            {
                { TypeKind: TypeKind.Struct, IsRecord: true } => "record struct",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                { IsRecord: true } => "record",
                _ => "class",
            };
            var isPartial = syntax is not null && syntax.Modifiers.Any(SyntaxKind.PartialKeyword);
            return new TypeDeclSpec(keyword, type.Name, TypeParametersOf(type), isPartial);
        }

        private static string KeywordOf(TypeDeclarationSyntax syntax) => syntax switch
        {
            RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
            RecordDeclarationSyntax => "record",
            StructDeclarationSyntax => "struct",
            InterfaceDeclarationSyntax => "interface",
            _ => "class",
        };

        private static string TypeParametersOf(INamedTypeSymbol type) =>
            type.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", type.TypeParameters.Select(p => Escape(p.Name))) + ">";

        /// <summary>Escapes a C# keyword used as an identifier.</summary>
        internal static string Escape(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        /// <summary>"StagingEu" → "staging-eu", "PROD" → "prod", "Dev" → "dev".</summary>
        internal static string ToFolderName(string enumMember)
        {
            var builder = new StringBuilder();
            for (var i = 0; i < enumMember.Length; i++)
            {
                var c = enumMember[i];
                if (c == '_')
                {
                    if (builder.Length > 0 && builder[builder.Length - 1] != '-') builder.Append('-');
                    continue;
                }
                if (char.IsUpper(c) && i > 0 && builder.Length > 0 && builder[builder.Length - 1] != '-')
                {
                    var previous = enumMember[i - 1];
                    var nextIsLower = i + 1 < enumMember.Length && char.IsLower(enumMember[i + 1]);
                    if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                        builder.Append('-');
                }
                builder.Append(char.ToLowerInvariant(c));
            }
            return builder.ToString();
        }
    }
}
