using System.Text.RegularExpressions;
using Realtime.Schema.Model;
using Realtime.Schema.Reading;
using Realtime.Schema.Syntax;

namespace Realtime.Schema.Building;

internal sealed partial class SchemaBuilder
{
    private static readonly Regex MethodLine = new(@"^\*\*(?<method>get|post|put|patch|delete)\*\*\s+`(?<path>[^`]+)`\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    // curl's -d/--data '…' argument: the JSON body of the request.
    private static readonly Regex CurlData = new(@"(?:^|\s)(?:-d|--data(?:-raw)?)\s+'(?<json>[^']*)'", RegexOptions.CultureInvariant);

    private enum EndpointPart
    {
        Description,
        PathParameters,
        QueryParameters,
        BodyParameters,
        Returns,
        Example,
        Other,
    }

    private sealed class EndpointDraft
    {
        public EndpointDraft(string resource, string title, int line)
        {
            Resource = resource;
            Title = title;
            Line = line;
        }

        public string Resource { get; }
        public string Title { get; }
        public int Line { get; }
        public HttpMethodKind? Method { get; set; }
        public string Path { get; set; } = "";
        public List<string> Description { get; } = new();
        public List<DeclItem> PathParameters { get; } = new();
        public List<DeclItem> QueryParameters { get; } = new();
        public List<DeclItem> Body { get; } = new();
        public int BodyLine { get; set; }
        public List<DeclItem> Returns { get; } = new();
        public int ReturnsLine { get; set; }
        public List<EndpointExample> Examples { get; } = new();
    }

    /// <summary>
    /// The <c>##</c> sections of every <c>#</c> resource other than <c>Domain Types</c>. A <c>#</c> heading directly
    /// followed by another (<c># Translations</c> / <c># Client Secrets</c>) groups it: <c>Realtime/Translations/Client Secrets</c>.
    /// </summary>
    private List<Endpoint> BuildEndpoints(string title)
    {
        var drafts = new List<EndpointDraft>();
        EndpointDraft? current = null;
        var part = EndpointPart.Other;
        var resource = title;
        var group = "";
        var sawTitle = false;
        var responseHeading = false;
        for (var i = 0; i < _entries.Count; i++)
        {
            var entry = _entries[i];
            switch (entry)
            {
                case HeadingEntry { Level: 1 } h:
                    current = null;
                    if (!sawTitle && h.Text == title)
                    {
                        sawTitle = true;
                        resource = title;
                        break;
                    }

                    var isGroup = i + 1 < _entries.Count && _entries[i + 1] is HeadingEntry { Level: 1 };
                    var path = (title.Length > 0 ? title + "/" : "") + (group.Length > 0 ? group + "/" : "") + h.Text;
                    if (isGroup) group = (group.Length > 0 ? group + "/" : "") + h.Text;
                    else
                    {
                        resource = path;
                        group = "";
                    }

                    break;
                case HeadingEntry { Level: 2 } h:
                    current = h.Text == DomainTypesHeading ? null : new EndpointDraft(resource, h.Text, h.Line);
                    if (current is not null) drafts.Add(current);
                    part = EndpointPart.Description;
                    break;
                case HeadingEntry { Level: 3 } h when current is not null:
                    responseHeading = false;
                    part = h.Text switch
                    {
                        "Path Parameters" => EndpointPart.PathParameters,
                        "Query Parameters" => EndpointPart.QueryParameters,
                        "Body Parameters" => EndpointPart.BodyParameters,
                        "Returns" => EndpointPart.Returns,
                        "Example" or "Examples" => EndpointPart.Example,
                        _ => EndpointPart.Other,
                    };
                    if (part == EndpointPart.BodyParameters) current.BodyLine = h.Line;
                    if (part == EndpointPart.Returns) current.ReturnsLine = h.Line;
                    if (part == EndpointPart.Example) current.Examples.Add(new EndpointExample { Line = h.Line });
                    break;
                case HeadingEntry { Level: >= 4 } h when current is not null && part == EndpointPart.Example:
                    responseHeading = h.Text.StartsWith("Response", StringComparison.OrdinalIgnoreCase);
                    break;
                case ParagraphEntry p when current is not null && part == EndpointPart.Description:
                    var method = MethodLine.Match(p.Text);
                    if (method.Success && current.Method is null)
                    {
                        current.Method = ParseMethod(method.Groups["method"].Value);
                        current.Path = method.Groups["path"].Value.Trim();
                    }
                    else current.Description.Add(p.Text);
                    break;
                case DeclEntry d when current is not null:
                    var list = part switch
                    {
                        EndpointPart.PathParameters => current.PathParameters,
                        EndpointPart.QueryParameters => current.QueryParameters,
                        EndpointPart.BodyParameters => current.Body,
                        EndpointPart.Returns => current.Returns,
                        _ => null,
                    };
                    list?.Add(d.Item);
                    break;
                case CodeEntry c when current is not null && part == EndpointPart.Example && current.Examples.Count > 0:
                    var last = current.Examples.Count - 1;
                    current.Examples[last] = AddExampleCode(current.Examples[last], c, responseHeading);
                    break;
            }
        }

        // A title that several resources use ("Create client secret") names none of them: each takes its resource's
        // name in front, so no operation (nor its request/response type) is renamed by a section added above it.
        var sharedTitles = new HashSet<string>(drafts.GroupBy(d => Naming.Pascal(d.Title), StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key), StringComparer.Ordinal);
        var endpoints = new List<Endpoint>();
        var operationNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var draft in drafts) endpoints.Add(BuildEndpoint(draft, sharedTitles, operationNames));
        return endpoints;
    }

    private static EndpointExample AddExampleCode(EndpointExample example, CodeEntry code, bool isResponse)
    {
        var info = code.Info.Trim().ToLowerInvariant();
        if (isResponse || (info == "json" && example.Request is not null))
        {
            return example.ResponseJson is null ? example with { ResponseJson = code.Code, ResponseLine = code.Line } : example;
        }

        if (example.Request is not null) return example;
        var data = CurlData.Match(code.Code);
        return example with
        {
            Request = code.Code,
            RequestJson = data.Success ? Dedent(data.Groups["json"].Value) : info == "json" ? code.Code : null,
        };
    }

    /// <summary>The JSON of a curl <c>-d</c> argument without the indentation the shell command gave it.</summary>
    private static string Dedent(string text)
    {
        var lines = text.Replace("\r", "").Split('\n');
        var indent = lines.Skip(1).Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        var closing = lines.Length > 1 ? lines[lines.Length - 1] : "";
        if (closing.Trim().Length > 0) indent = Math.Min(indent, closing.Length - closing.TrimStart().Length);
        return string.Join("\n", lines.Select((l, i) => i == 0 ? l.Trim() : l.Length >= indent ? l.Substring(indent).TrimEnd() : l.Trim())).Trim();
    }

    private static HttpMethodKind ParseMethod(string method) => method.ToLowerInvariant() switch
    {
        "get" => HttpMethodKind.Get,
        "put" => HttpMethodKind.Put,
        "patch" => HttpMethodKind.Patch,
        "delete" => HttpMethodKind.Delete,
        _ => HttpMethodKind.Post,
    };

    private Endpoint BuildEndpoint(EndpointDraft draft, HashSet<string> sharedTitles, HashSet<string> operationNames)
    {
        if (draft.Method is null)
        {
            Report(DiagnosticIds.EndpointWithoutPath, DiagnosticSeverity.Warning, draft.Line, $"endpoint section '{draft.Title}' has no `**method** `/path`` line");
        }

        var title = Naming.Pascal(draft.Title);
        var qualified = sharedTitles.Contains(title) ? Naming.Pascal(draft.Resource.Replace('/', ' ')) + title : title;

        // Only a title repeated within one resource is left: a number, in page order.
        var operation = qualified;
        for (var n = 2; !operationNames.Add(operation); n++) operation = qualified + n.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var origin = draft.Resource + "/" + draft.Title;
        var site = Site.Root(origin, operation, draft.Line, null);
        return new Endpoint
        {
            Resource = draft.Resource,
            Title = draft.Title,
            OperationName = operation,
            Method = draft.Method ?? HttpMethodKind.Post,
            Path = draft.Path,
            Line = draft.Line,
            Description = draft.Description.Count == 0 ? null : string.Join("\n\n", draft.Description),
            PathParameters = draft.PathParameters.Where(IsProperty).Select(p => BuildProperty(p, site)).ToEquatableArray(),
            QueryParameters = draft.QueryParameters.Where(IsProperty).Select(p => BuildProperty(p, site)).ToEquatableArray(),
            RequestBody = draft.Body.Count == 0 ? null : ResolveFieldList(draft.Body, Site.Under(origin + " body", operation, "Request", draft.BodyLine, null)),
            Response = draft.Returns.Count == 0 ? null : ResolveFieldList(draft.Returns, Site.Under(origin + " returns", operation, "Response", draft.ReturnsLine, null)),
            Examples = draft.Examples.Where(x => x.Request is not null || x.ResponseJson is not null).ToEquatableArray(),
        };
    }

    private static bool IsProperty(DeclItem item) => StructuralKeys.SyntaxOf(item).Form == DeclForm.Property;

    /// <summary>
    /// A body or return section: a list of fields is an object (hoisted
    /// as <c>{Operation}Request</c>/<c>{Operation}Response</c>); a single bare type is that type.
    /// </summary>
    private TypeRef ResolveFieldList(List<DeclItem> items, Site site)
    {
        if (items.Count == 1 && StructuralKeys.SyntaxOf(items[0]) is { Form: not DeclForm.Property and not DeclForm.Invalid } single)
        {
            return single.Form is DeclForm.NamedObject or DeclForm.Alias ? TypeRef.Named(single.Name!) : Resolve(single.Type, items[0].Children, site);
        }

        foreach (var item in items.Where(i => !IsProperty(i) && StructuralKeys.SyntaxOf(i).Form != DeclForm.Invalid))
        {
            Report(DiagnosticIds.BrokenNesting, DiagnosticSeverity.Error, item.Line, $"`{item.Code}` is listed among the parameters of '{site.Path}' but is not a field: the list nesting is broken");
        }

        return ResolveObject(new ObjectExpr(Array.Empty<string>(), 0, hasFieldList: false), items, site, declaredName: null, site.Path);
    }
}
