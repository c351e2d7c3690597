using Realtime.Schema.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Realtime.Schema.Overlay;

/// <summary>
/// Reads a maintainer overlay (see <see cref="ApiOverlay"/>). Every problem — text that is not YAML, a missing or
/// unknown key, a type name other than <c>int32</c>/<c>int64</c>/<c>number</c>, a value of the wrong kind — is an
/// error at its line (<c>RTCG030</c>), and an overlay with any problem is not applied.
/// </summary>
public static class ApiOverlayYaml
{
    private static readonly string[] ActionKeys = { "target", "description", "update", "remove" };
    private static readonly string[] UpdateKeys = { "type", "name", "nullable", "required", "unify" };

    public static OverlayReadResult Read(string yaml)
    {
        var problems = new List<SchemaDiagnostic>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml ?? ""));
        }
        catch (YamlException e)
        {
            problems.Add(Problem((int)e.Start.Line, (int)e.Start.Column, "not valid YAML: " + e.Message));
            return new OverlayReadResult(null, problems.ToEquatableArray());
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            problems.Add(Problem(1, 1, "an overlay is a mapping with `overlay: 1.0.0`, `info` and `actions`"));
            return new OverlayReadResult(null, problems.ToEquatableArray());
        }

        var title = "";
        var actions = new List<OverlayAction>();
        var sawVersion = false;
        foreach (var entry in root.Children)
        {
            switch (Key(entry.Key))
            {
                case "overlay":
                    sawVersion = true;
                    if (Scalar(entry.Value) is not { } version || !version.StartsWith("1.", StringComparison.Ordinal))
                    {
                        problems.Add(At(entry.Value, "unsupported overlay version (this tool reads `overlay: 1.0.0`)"));
                    }

                    break;
                case "info":
                    if (entry.Value is YamlMappingNode info)
                    {
                        title = info.Children.Where(c => Key(c.Key) == "title").Select(c => Scalar(c.Value)).FirstOrDefault() ?? "";
                    }
                    else
                    {
                        problems.Add(At(entry.Value, "`info` must be a mapping (title, version)"));
                    }

                    break;
                case "actions":
                    if (entry.Value is YamlSequenceNode list)
                    {
                        foreach (var item in list.Children) ReadAction(item, actions, problems);
                    }
                    else
                    {
                        problems.Add(At(entry.Value, "`actions` must be a list"));
                    }

                    break;
                default:
                    if (!Key(entry.Key).StartsWith("x-", StringComparison.Ordinal)) problems.Add(At(entry.Key, $"unknown key `{Key(entry.Key)}` (expected overlay, info, actions)"));
                    break;
            }
        }

        if (!sawVersion) problems.Add(At(root, "missing `overlay: 1.0.0`"));
        return problems.Count > 0
            ? new OverlayReadResult(null, problems.ToEquatableArray())
            : new OverlayReadResult(new ApiOverlay { Title = title, Actions = actions.ToEquatableArray() }, EquatableArray<SchemaDiagnostic>.Empty);
    }

    private static void ReadAction(YamlNode node, List<OverlayAction> actions, List<SchemaDiagnostic> problems)
    {
        if (node is not YamlMappingNode map)
        {
            problems.Add(At(node, "an action is a mapping with `target` and `update` or `remove`"));
            return;
        }

        var action = new OverlayAction { Line = Line(node) };
        var before = problems.Count;
        var hasChange = false;
        foreach (var entry in map.Children)
        {
            var key = Key(entry.Key);
            switch (key)
            {
                case "target":
                    action = action with { Target = Scalar(entry.Value) ?? "" };
                    if (action.Target.Length == 0) problems.Add(At(entry.Value, "`target` must be a site (`Type`, `Type.member`, `Type.path.to.inline`)"));
                    break;
                case "description":
                    break;
                case "remove":
                    hasChange = true;
                    action = action with { Remove = Bool(entry.Value, key, problems) ?? false };
                    break;
                case "update":
                    hasChange = true;
                    if (entry.Value is not YamlMappingNode update)
                    {
                        problems.Add(At(entry.Value, "`update` must be a mapping of type, name, nullable, required, unify"));
                        break;
                    }

                    foreach (var change in update.Children)
                    {
                        var name = Key(change.Key);
                        action = name switch
                        {
                            "type" => action with { Type = TypeOf(change.Value, problems) },
                            "name" => action with { Name = Identifier(change.Value, problems) },
                            "nullable" => action with { Nullable = Bool(change.Value, name, problems) },
                            "required" => action with { Required = Bool(change.Value, name, problems) },
                            "unify" => action with { Unify = Bool(change.Value, name, problems) },
                            _ => Unknown(change.Key, name, UpdateKeys, problems, action),
                        };
                    }

                    break;
                default:
                    Unknown(entry.Key, key, ActionKeys, problems, action);
                    break;
            }
        }

        if (action.Target.Length == 0 && problems.Count == before) problems.Add(At(node, "the action has no `target`"));
        if (!hasChange && problems.Count == before) problems.Add(At(node, "the action has neither `update` nor `remove`"));
        actions.Add(action);
    }

    private static OverlayAction Unknown(YamlNode keyNode, string key, string[] known, List<SchemaDiagnostic> problems, OverlayAction action)
    {
        problems.Add(At(keyNode, $"unknown key `{key}` (expected {string.Join(", ", known)})"));
        return action;
    }

    private static TypeRef? TypeOf(YamlNode node, List<SchemaDiagnostic> problems)
    {
        switch (Scalar(node))
        {
            case "int32": return TypeRef.Int32;
            case "int64": return TypeRef.Integer;
            case "number": return TypeRef.Number;
            case var other:
                problems.Add(At(node, $"unknown type `{other}` (expected int32, int64 or number)"));
                return null;
        }
    }

    private static string? Identifier(YamlNode node, List<SchemaDiagnostic> problems)
    {
        var name = Scalar(node);
        if (name is not null && Analysis.CSharpNames.IsIdentifier(name)) return name;
        problems.Add(At(node, $"`{name}` is not a C# identifier"));
        return null;
    }

    private static bool? Bool(YamlNode node, string key, List<SchemaDiagnostic> problems)
    {
        switch (Scalar(node))
        {
            case "true": return true;
            case "false": return false;
            default:
                problems.Add(At(node, $"`{key}` must be true or false"));
                return null;
        }
    }

    private static string Key(YamlNode node) => Scalar(node) ?? "";

    private static string? Scalar(YamlNode node) => node is YamlScalarNode scalar ? scalar.Value : null;

    private static int Line(YamlNode node) => Math.Max(1, (int)node.Start.Line);

    private static SchemaDiagnostic At(YamlNode node, string message) => Problem((int)node.Start.Line, (int)node.Start.Column, message);

    private static SchemaDiagnostic Problem(int line, int column, string message) => new()
    {
        Id = DiagnosticIds.InvalidOverlay,
        Severity = DiagnosticSeverity.Error,
        Line = Math.Max(1, line),
        Column = Math.Max(1, column),
        Message = message,
    };
}
