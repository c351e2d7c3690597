using Realtime.Schema.Model;

namespace Realtime.Schema;

/// <summary>Lookups over a parsed schema.</summary>
public static class SchemaQueries
{
    /// <summary>The type with this exact name (page or hoisted), or null.</summary>
    public static TypeDecl? FindType(this ApiSchema schema, string name)
    {
        foreach (var type in schema.Types)
        {
            if (string.Equals(type.Name, name, StringComparison.Ordinal)) return type;
        }

        return null;
    }

    /// <summary>The type a reference names (following arrays and maps to their element), or null for primitives, literals and unknown names.</summary>
    public static TypeDecl? Resolve(this ApiSchema schema, TypeRef type)
    {
        while (type.Kind is TypeRefKind.Array or TypeRefKind.Map && type.Element is not null) type = type.Element;
        return type.Kind == TypeRefKind.Named && type.Name is not null ? schema.FindType(type.Name) : null;
    }

    /// <summary>The client or server event unions of the page.</summary>
    public static IEnumerable<TypeDecl> EventUnions(this ApiSchema schema, EventDirection direction) =>
        schema.Types.Where(t => t.Kind == TypeDeclKind.Union && t.EventDirection == direction);

    /// <summary>The endpoint with this operation name, or null.</summary>
    public static Endpoint? FindEndpoint(this ApiSchema schema, string operationName) =>
        schema.Endpoints.FirstOrDefault(e => string.Equals(e.OperationName, operationName, StringComparison.Ordinal));
}
