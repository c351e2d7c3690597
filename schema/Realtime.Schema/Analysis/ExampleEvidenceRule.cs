using Realtime.Schema.Model;

namespace Realtime.Schema.Analysis;

/// <summary>
/// The page's own JSON examples outrank its field lists on what is required: a member the list marks required but an
/// example of its type leaves out is not always sent, so it is optional (the reader would otherwise refuse the page's
/// own example as malformed). Each such member is an info finding at its example. Only examples whose type is known
/// (an endpoint's request and response bodies) are walked, through objects, arrays and aliases.
/// </summary>
internal static class ExampleEvidenceRule
{
    public static ShapedApi Apply(ShapedApi shaped)
    {
        var schema = shaped.Schema;
        var types = new Dictionary<string, TypeDecl>(StringComparer.Ordinal);
        foreach (var decl in schema.Types)
        {
            if (!types.ContainsKey(decl.Name)) types.Add(decl.Name, decl);
        }

        var absent = new Dictionary<(string Type, string JsonName), int>();
        foreach (var endpoint in schema.Endpoints)
        {
            foreach (var example in endpoint.Examples)
            {
                Walk(endpoint.RequestBody, example.RequestJson, example.Line);
                Walk(endpoint.Response, example.ResponseJson, example.Line);
            }
        }

        if (absent.Count == 0)
        {
            return shaped;
        }

        var demoted = schema.Types.Select(decl => decl.Properties.Any(p => p.IsRequired && absent.ContainsKey((decl.Name, p.JsonName)))
            ? decl with { Properties = decl.Properties.Select(p => p.IsRequired && absent.ContainsKey((decl.Name, p.JsonName)) ? p with { IsRequired = false } : p).ToEquatableArray() }
            : decl).ToEquatableArray();
        var findings = absent.OrderBy(a => a.Key.Type, StringComparer.Ordinal).ThenBy(a => a.Key.JsonName, StringComparer.Ordinal).Select(a => new SchemaDiagnostic
        {
            Id = DiagnosticIds.RequiredAbsentFromExample,
            Severity = DiagnosticSeverity.Info,
            Line = a.Value,
            Message = $"`{a.Key.Type}.{a.Key.JsonName}` is listed as required but the page's example at this line leaves it out: it is read as optional",
        });
        return shaped with
        {
            Schema = schema with { Types = demoted },
            Diagnostics = shaped.Diagnostics.Concat(findings).ToEquatableArray(),
        };

        void Walk(TypeRef? type, string? json, int line)
        {
            // An example that is not JSON is evidence of nothing.
            if (type is not null && json is not null && ExampleJson.TryParse(json, out var value)) Visit(type, value, line, 0);
        }

        void Visit(TypeRef type, object? value, int line, int depth)
        {
            if (depth > 64) return;
            if (type.Kind == TypeRefKind.Array && type.Element is not null && value is List<object> elements)
            {
                foreach (var element in elements) Visit(type.Element, element, line, depth + 1);
                return;
            }

            if (type.Kind != TypeRefKind.Named || type.Name is null || !types.TryGetValue(type.Name, out var decl)) return;
            if (decl.Kind == TypeDeclKind.Alias && decl.AliasOf is not null)
            {
                Visit(decl.AliasOf, value, line, depth + 1);
                return;
            }

            if (value is not Dictionary<string, object> members) return;
            if (decl.Kind == TypeDeclKind.Union)
            {
                // The variant the example is: the one its tag names, else the one object variant with every member it shows.
                var objects = decl.Variants
                    .Select(v => v.Type.Kind == TypeRefKind.Named && v.Type.Name is not null && types.TryGetValue(v.Type.Name, out var d) ? d : null)
                    .OfType<TypeDecl>()
                    .Where(d => d.Kind == TypeDeclKind.Object)
                    .ToList();
                var fits = decl.Discriminator is { } tag && members.TryGetValue(tag, out var shown) && shown is string text
                    ? objects.Where(d => d.Properties.Any(p => p.JsonName == tag && p.Type.Kind == TypeRefKind.Literal && p.Type.LiteralJson == JsonText.Quote(text))).ToList()
                    : objects.Where(d => members.Keys.All(k => d.Properties.Any(p => p.JsonName == k))).ToList();
                if (fits.Count == 1) Visit(TypeRef.Named(fits[0].Name), value, line, depth + 1);
                return;
            }

            if (decl.Kind != TypeDeclKind.Object) return;
            foreach (var property in decl.Properties)
            {
                if (members.TryGetValue(property.JsonName, out var member))
                {
                    Visit(property.Type, member, line, depth + 1);
                }
                else if (property.IsRequired && !absent.ContainsKey((decl.Name, property.JsonName)))
                {
                    absent.Add((decl.Name, property.JsonName), line);
                }
            }
        }
    }
}
