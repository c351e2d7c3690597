using System.Globalization;
using System.Text;
using Realtime.Schema.Model;

namespace Realtime.Schema.Diff;

/// <summary>
/// The committed, review-friendly text form of a schema: names, kinds, members, discriminators,
/// required/optional/nullable, endpoints and their parameters. No descriptions and no line numbers, so a docs
/// update shows up in a pull request as exactly the API-relevant lines that changed. Types are sorted by name
/// (a moved section is no change); members keep page order (the order of the generated C# members).
/// </summary>
public static class SchemaSnapshot
{
    public static string Render(ApiSchema schema)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("# schema snapshot: ").Append(schema.Title).Append('\n');
        sb.Append(string.Format(inv, "# {0} types ({1} named on the page, {2} inline), {3} endpoints\n",
            schema.Types.Count, schema.Types.Count(t => t.IsNamedOnPage), schema.Types.Count(t => !t.IsNamedOnPage), schema.Endpoints.Count));
        sb.Append("# member lines: `name: T` required, `name?: T` optional, `| null` nullable; `\"v\" → T` a tagged variant\n");

        foreach (var type in schema.Types.OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Line))
        {
            sb.Append('\n');
            AppendType(sb, type);
        }

        foreach (var endpoint in schema.Endpoints.OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Method).ThenBy(e => e.Line))
        {
            sb.Append('\n');
            AppendEndpoint(sb, endpoint);
        }

        return sb.ToString();
    }

    private static void AppendType(StringBuilder sb, TypeDecl type)
    {
        sb.Append(SchemaText.KindWord(type)).Append(' ').Append(type.Name);
        if (type.Kind == TypeDeclKind.Union && type.Discriminator is not null) sb.Append(" on ").Append(SchemaText.DiscriminatorText(type));
        if (type.Kind == TypeDeclKind.Enum && type.EnumValueKind != LiteralKind.String) sb.Append(" of ").Append(type.EnumValueKind.ToString().ToLowerInvariant());
        if (type.Kind == TypeDeclKind.Alias) sb.Append(" = ").Append(type.AliasOf?.ToString() ?? "?");
        // Every site a type stands for after unification, so that each unification shows in the review.
        if (!type.IsNamedOnPage) sb.Append("  (inline at ").Append(type.Sites.IsEmpty ? type.Origin : string.Join(", ", type.Sites)).Append(')');
        else if (type.Sites.Count > 1) sb.Append("  (also inline at ").Append(string.Join(", ", type.Sites.Where(s => s != type.Name))).Append(')');
        if (type.Deprecated is not null) sb.Append("  [deprecated]");
        sb.Append('\n');

        switch (type.Kind)
        {
            case TypeDeclKind.Object:
                foreach (var property in type.Properties)
                {
                    sb.Append("  ").Append(SchemaText.Member(property));
                    if (property.Deprecated is not null) sb.Append("  [deprecated]");
                    sb.Append('\n');
                }

                break;
            case TypeDeclKind.Enum:
                if (type.IsOpenEnum) sb.Append("  string\n");
                foreach (var member in type.Members)
                {
                    sb.Append("  ").Append(SchemaText.EnumValue(type, member)).Append('\n');
                }

                break;
            case TypeDeclKind.Union:
                foreach (var variant in type.Variants)
                {
                    sb.Append("  ").Append(SchemaText.VariantLine(type, variant)).Append('\n');
                }

                break;
        }
    }

    private static void AppendEndpoint(StringBuilder sb, Endpoint endpoint)
    {
        sb.Append("endpoint ").Append(SchemaIndex.Label(endpoint)).Append("  ").Append(endpoint.OperationName)
            .Append("  (").Append(endpoint.Resource).Append(")\n");
        foreach (var parameter in endpoint.PathParameters) sb.Append("  path ").Append(SchemaText.Member(parameter)).Append('\n');
        foreach (var parameter in endpoint.QueryParameters) sb.Append("  query ").Append(SchemaText.Member(parameter)).Append('\n');
        if (endpoint.RequestBody is not null) sb.Append("  body: ").Append(endpoint.RequestBody).Append('\n');
        if (endpoint.Response is not null) sb.Append("  returns: ").Append(endpoint.Response).Append('\n');
    }
}
