using Realtime.Schema.Model;
using YamlDotNet.Serialization;

namespace Realtime.Schema;

// Plain mutable shapes for YamlDotNet (which needs settable collections), mapped one to one to the model records.
// Property order here is the order in the YAML; kinds, methods and severities are always written, for readers.
internal static class YamlDtos
{
    public static Schema From(ApiSchema schema) => new()
    {
        Title = schema.Title,
        Types = schema.Types.Select(Type.From).ToList(),
        Endpoints = schema.Endpoints.Select(Endpoint.From).ToList(),
        Diagnostics = schema.Diagnostics.Select(Diagnostic.From).ToList(),
        Integers = ListOrNull(schema.IntegerInferences.Select(Integer.From).ToList()),
    };

    /// <summary>The shaped schema with the stage's findings among the page's and its unifications listed after the types.</summary>
    public static Schema From(Analysis.ShapedApi shaped)
    {
        var dto = From(shaped.Schema with { Diagnostics = shaped.Schema.Diagnostics.Concat(shaped.Diagnostics).OrderBy(d => d.Line).ThenBy(d => d.Column).ToEquatableArray() });
        dto.Unifications = ListOrNull(shaped.Unifications.Select(Unification.Of).ToList());
        return dto;
    }

    private static EquatableArray<TOut> Map<TIn, TOut>(List<TIn>? items, Func<TIn, TOut> map) where TOut : IEquatable<TOut> =>
        items is null ? EquatableArray<TOut>.Empty : items.Select(map).ToEquatableArray();

    private static List<T>? ListOrNull<T>(IReadOnlyCollection<T> items) => items.Count == 0 ? null : items.ToList();

    private static TypeRef? ParseOrNull(string? text) => text is null ? null : SchemaYaml.ParseTypeRef(text);

    public sealed class Schema
    {
        public string Title { get; set; } = "";
        public List<Type>? Types { get; set; }
        public List<Endpoint>? Endpoints { get; set; }
        public List<Unification>? Unifications { get; set; }
        public List<Diagnostic>? Diagnostics { get; set; }
        public List<Integer>? Integers { get; set; }

        public ApiSchema ToModel() => new()
        {
            IntegerInferences = Map(Integers, i => i.ToModel()),
            Title = Title ?? "",
            Types = Map(Types, t => t.ToModel()),
            Endpoints = Map(Endpoints, e => e.ToModel()),
            Diagnostics = Map(Diagnostics, d => d.ToModel()),
        };
    }

    public sealed class Type
    {
        public string Name { get; set; } = "";
        [YamlMember(DefaultValuesHandling = DefaultValuesHandling.Preserve)]
        public TypeDeclKind Kind { get; set; }
        public bool NamedOnPage { get; set; }
        public string Origin { get; set; } = "";
        public List<string>? Sites { get; set; }
        public int Line { get; set; }
        public string? Description { get; set; }
        public string? Deprecated { get; set; }
        public string? AliasOf { get; set; }
        public string? Discriminator { get; set; }
        public string? SubDiscriminator { get; set; }
        public EventDirection EventDirection { get; set; }
        public bool OpenEnum { get; set; }
        public LiteralKind EnumValueKind { get; set; }
        public List<Property>? Properties { get; set; }
        public List<Variant>? Variants { get; set; }
        public List<Member>? Members { get; set; }

        public static Type From(TypeDecl t) => new()
        {
            Name = t.Name,
            Kind = t.Kind,
            NamedOnPage = t.IsNamedOnPage,
            Origin = t.Origin,
            Sites = ListOrNull(t.Sites.ToList()),
            Line = t.Line,
            Description = t.Description,
            Deprecated = t.Deprecated,
            AliasOf = t.AliasOf is null ? null : SchemaYaml.FormatTypeRef(t.AliasOf),
            Discriminator = t.Discriminator,
            SubDiscriminator = t.SubDiscriminator,
            EventDirection = t.EventDirection,
            OpenEnum = t.IsOpenEnum,
            EnumValueKind = t.EnumValueKind,
            Properties = ListOrNull(t.Properties.Select(Property.From).ToList()),
            Variants = ListOrNull(t.Variants.Select(Variant.From).ToList()),
            Members = ListOrNull(t.Members.Select(Member.From).ToList()),
        };

        public TypeDecl ToModel() => new()
        {
            Name = Name ?? "",
            Kind = Kind,
            IsNamedOnPage = NamedOnPage,
            Origin = Origin ?? "",
            Sites = Map(Sites, s => s),
            Line = Line,
            Description = Description,
            Deprecated = Deprecated,
            AliasOf = ParseOrNull(AliasOf),
            Discriminator = Discriminator,
            SubDiscriminator = SubDiscriminator,
            EventDirection = EventDirection,
            IsOpenEnum = OpenEnum,
            EnumValueKind = EnumValueKind,
            Properties = Map(Properties, p => p.ToModel()),
            Variants = Map(Variants, v => v.ToModel()),
            Members = Map(Members, m => m.ToModel()),
        };
    }

    public sealed class Property
    {
        public string Name { get; set; } = "";
        public string Type { get; set; } = "unknown";
        public bool Required { get; set; }
        public bool Nullable { get; set; }
        public int Line { get; set; }
        public string? Default { get; set; }
        public double? Minimum { get; set; }
        public bool MinimumExclusive { get; set; }
        public double? Maximum { get; set; }
        public bool MaximumExclusive { get; set; }
        public string? Deprecated { get; set; }
        public string? CSharpName { get; set; }
        public string? Description { get; set; }

        public static Property From(PropertyDecl p) => new()
        {
            Name = p.JsonName,
            Type = SchemaYaml.FormatTypeRef(p.Type),
            Required = p.IsRequired,
            Nullable = p.IsNullable,
            Line = p.Line,
            Default = p.Default,
            Minimum = p.Minimum,
            MinimumExclusive = p.MinimumExclusive,
            Maximum = p.Maximum,
            MaximumExclusive = p.MaximumExclusive,
            Deprecated = p.Deprecated,
            CSharpName = p.CSharpName,
            Description = p.Description,
        };

        public PropertyDecl ToModel() => new()
        {
            JsonName = Name ?? "",
            Type = SchemaYaml.ParseTypeRef(Type ?? "unknown"),
            IsRequired = Required,
            IsNullable = Nullable,
            Line = Line,
            Default = Default,
            Minimum = Minimum,
            MinimumExclusive = MinimumExclusive,
            Maximum = Maximum,
            MaximumExclusive = MaximumExclusive,
            Deprecated = Deprecated,
            CSharpName = CSharpName,
            Description = Description,
        };
    }

    public sealed class Variant
    {
        public string Type { get; set; } = "unknown";
        public string? DiscriminatorValue { get; set; }
        public string? SubDiscriminatorValue { get; set; }
        public int Line { get; set; }
        public string? Description { get; set; }

        public static Variant From(UnionVariant v) => new()
        {
            Type = SchemaYaml.FormatTypeRef(v.Type),
            DiscriminatorValue = v.DiscriminatorValue,
            SubDiscriminatorValue = v.SubDiscriminatorValue,
            Line = v.Line,
            Description = v.Description,
        };

        public UnionVariant ToModel() => new()
        {
            Type = SchemaYaml.ParseTypeRef(Type ?? "unknown"),
            DiscriminatorValue = DiscriminatorValue,
            SubDiscriminatorValue = SubDiscriminatorValue,
            Line = Line,
            Description = Description,
        };
    }

    public sealed class Member
    {
        public string Value { get; set; } = "";
        public int Line { get; set; }
        public string? Description { get; set; }

        public static Member From(EnumMember m) => new() { Value = m.Value, Line = m.Line, Description = m.Description };

        public EnumMember ToModel() => new() { Value = Value ?? "", Line = Line, Description = Description };
    }

    public sealed class Endpoint
    {
        public string OperationName { get; set; } = "";
        public string Resource { get; set; } = "";
        public string Title { get; set; } = "";
        [YamlMember(DefaultValuesHandling = DefaultValuesHandling.Preserve)]
        public HttpMethodKind Method { get; set; }
        public string Path { get; set; } = "";
        public int Line { get; set; }
        public string? RequestBody { get; set; }
        public string? Response { get; set; }
        public string? Description { get; set; }
        public List<Property>? PathParameters { get; set; }
        public List<Property>? QueryParameters { get; set; }
        public List<Example>? Examples { get; set; }

        public static Endpoint From(Model.Endpoint e) => new()
        {
            OperationName = e.OperationName,
            Resource = e.Resource,
            Title = e.Title,
            Method = e.Method,
            Path = e.Path,
            Line = e.Line,
            RequestBody = e.RequestBody is null ? null : SchemaYaml.FormatTypeRef(e.RequestBody),
            Response = e.Response is null ? null : SchemaYaml.FormatTypeRef(e.Response),
            Description = e.Description,
            PathParameters = ListOrNull(e.PathParameters.Select(Property.From).ToList()),
            QueryParameters = ListOrNull(e.QueryParameters.Select(Property.From).ToList()),
            Examples = ListOrNull(e.Examples.Select(Example.From).ToList()),
        };

        public Model.Endpoint ToModel() => new()
        {
            OperationName = OperationName ?? "",
            Resource = Resource ?? "",
            Title = Title ?? "",
            Method = Method,
            Path = Path ?? "",
            Line = Line,
            RequestBody = ParseOrNull(RequestBody),
            Response = ParseOrNull(Response),
            Description = Description,
            PathParameters = Map(PathParameters, p => p.ToModel()),
            QueryParameters = Map(QueryParameters, p => p.ToModel()),
            Examples = Map(Examples, x => x.ToModel()),
        };
    }

    public sealed class Example
    {
        public int Line { get; set; }
        public string? Request { get; set; }
        public string? RequestJson { get; set; }
        public int ResponseLine { get; set; }
        public string? ResponseJson { get; set; }

        public static Example From(EndpointExample x) => new()
        {
            Line = x.Line,
            Request = x.Request,
            RequestJson = x.RequestJson,
            ResponseLine = x.ResponseLine,
            ResponseJson = x.ResponseJson,
        };

        public EndpointExample ToModel() => new()
        {
            Line = Line,
            Request = Request,
            RequestJson = RequestJson,
            ResponseLine = ResponseLine,
            ResponseJson = ResponseJson,
        };
    }

    public sealed class Diagnostic
    {
        public string Id { get; set; } = "";
        [YamlMember(DefaultValuesHandling = DefaultValuesHandling.Preserve)]
        public DiagnosticSeverity Severity { get; set; }
        public int Line { get; set; }
        public int Column { get; set; } = 1;
        public string Message { get; set; } = "";

        public static Diagnostic From(SchemaDiagnostic d) => new() { Id = d.Id, Severity = d.Severity, Line = d.Line, Column = d.Column, Message = d.Message };

        public SchemaDiagnostic ToModel() => new() { Id = Id ?? "", Severity = Severity, Line = Line, Column = Column, Message = Message ?? "" };
    }

    /// <summary>One unification, for review only (not part of <see cref="ApiSchema"/>: loading the YAML drops it).</summary>
    public sealed class Unification
    {
        public string Site { get; set; } = "";
        [YamlMember(DefaultValuesHandling = DefaultValuesHandling.Preserve)]
        public Analysis.UnificationKind Kind { get; set; }
        public string From { get; set; } = "";
        public string To { get; set; } = "";
        public int Line { get; set; }

        public static Unification Of(Analysis.Unification u) => new() { Site = u.Site, Kind = u.Kind, From = u.From, To = u.To, Line = u.Line };
    }

    /// <summary>One inferred integer (site, width, evidence, line).</summary>
    public sealed class Integer
    {
        public string Site { get; set; } = "";
        [YamlMember(DefaultValuesHandling = DefaultValuesHandling.Preserve)]
        public IntegerWidth Width { get; set; }
        public List<string>? Evidence { get; set; }
        public int Line { get; set; }

        public static Integer From(IntegerInference i) => new() { Site = i.Site, Width = i.Width, Evidence = ListOrNull(i.Evidence.ToList()), Line = i.Line };

        public IntegerInference ToModel() => new() { Site = Site ?? "", Width = Width, Evidence = (Evidence ?? new List<string>()).ToEquatableArray(), Line = Line };
    }
}
