using Realtime.Schema.Model;

namespace Realtime.Schema.Tests.Diff;

/// <summary>Small schemas built in code, for the diff rules that need a precise model (the markdown fixtures cover the rest).</summary>
internal static class S
{
    public static ApiSchema Schema(params TypeDecl[] types) => new() { Title = "Test", Types = types.ToEquatableArray() };

    public static ApiSchema WithEndpoints(this ApiSchema schema, params Endpoint[] endpoints) => schema with { Endpoints = endpoints.ToEquatableArray() };

    public static TypeDecl Object(string name, int line, params PropertyDecl[] properties) =>
        new() { Name = name, Kind = TypeDeclKind.Object, IsNamedOnPage = true, Origin = name, Line = line, Properties = properties.ToEquatableArray() };

    public static TypeDecl Inline(this TypeDecl type, string origin) => type with { IsNamedOnPage = false, Origin = origin };

    public static PropertyDecl Prop(string name, TypeRef type, int line, bool required = false, bool nullable = false, string? description = null) =>
        new() { JsonName = name, Type = type, IsRequired = required, IsNullable = nullable, Line = line, Description = description };

    public static TypeDecl Enum(string name, int line, bool open, params string[] values) => new()
    {
        Name = name,
        Kind = TypeDeclKind.Enum,
        IsNamedOnPage = true,
        Origin = name,
        Line = line,
        IsOpenEnum = open,
        Members = values.Select((v, i) => new EnumMember { Value = v, Line = line + 1 + i }).ToEquatableArray(),
    };

    public static TypeDecl Union(string name, int line, string? discriminator, params (string? Tag, string Type)[] variants) => new()
    {
        Name = name,
        Kind = TypeDeclKind.Union,
        IsNamedOnPage = true,
        Origin = name,
        Line = line,
        Discriminator = discriminator,
        Variants = variants.Select((v, i) => new UnionVariant { Type = TypeRef.Named(v.Type), DiscriminatorValue = v.Tag, Line = line + 1 + i }).ToEquatableArray(),
    };

    public static Endpoint Post(string path, string operation, int line, TypeRef? body = null, TypeRef? response = null, params PropertyDecl[] pathParameters) => new()
    {
        Resource = "Things",
        Title = operation,
        OperationName = operation,
        Method = HttpMethodKind.Post,
        Path = path,
        Line = line,
        RequestBody = body,
        Response = response,
        PathParameters = pathParameters.ToEquatableArray(),
    };
}
