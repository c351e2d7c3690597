using System.Globalization;
using Realtime.Schema.Analysis;
using Realtime.Schema.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Realtime.Schema.Lock;

/// <summary>
/// The lock file: YAML (YamlDotNet) with a comment header and a format version, types sorted by name, their members,
/// values and variants sorted too, so that a regeneration's lock diff reads as the API change it is. Reading never
/// throws: an unreadable or invalid file is a list of problems at their lines.
/// </summary>
public static class ApiLockYaml
{
    /// <summary>The comment every written lock starts with.</summary>
    public const string Header =
        "# The API lock of the generated C# API (written by `realtime-codegen lock`): every public type and member name,\n" +
        "# the sites of the reference page each one stands for, and a fingerprint of its shape. Regeneration keeps these\n" +
        "# names; a name it cannot keep is a breaking change reported at its page line. Review changes to this file as API changes.\n";

    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithQuotingNecessaryStrings()
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .DisableAliases()
        .Build();

    public static string Write(ApiLock apiLock) => Header + Serializer.Serialize(new LockDto
    {
        Format = apiLock.Format,
        Page = apiLock.Page,
        Types = apiLock.Types.Select(t => new TypeDto
        {
            Name = t.Name,
            Kind = t.Kind,
            Sites = t.Sites.ToList(),
            Fingerprint = t.Fingerprint,
            Members = t.Members.Select(m => new MemberDto { Json = m.Json, Name = m.Name, Type = m.Type }).ToList(),
            Values = t.Values.Select(v => new ValueDto { Value = v.Value, Name = v.Name }).ToList(),
            Variants = t.Variants.Select(v => new VariantDto { Type = v.Type, Tag = v.Tag }).ToList(),
        }).ToList(),
        Client = apiLock.Client.Length == 0 ? null : apiLock.Client,
        Operations = apiLock.Operations.Select(o => new OperationDto { Route = o.Route, Name = o.Name, Site = o.Site }).ToList(),
    });

    /// <summary>Reads a lock file; any problem (YAML syntax, a missing or unknown key, a newer format, a site locked twice) is reported with its line and gives no lock.</summary>
    public static LockReadResult Read(string text)
    {
        var reader = new Reader();
        var apiLock = reader.Read(text);
        return reader.Problems.Count > 0
            ? new LockReadResult(null, reader.Problems.ToEquatableArray())
            : new LockReadResult(apiLock, EquatableArray<LockFileProblem>.Empty);
    }

    private sealed class Reader
    {
        private static readonly string[] Kinds = { "object", "union", "enum" };

        public List<LockFileProblem> Problems { get; } = new();

        public ApiLock? Read(string text)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException e)
            {
                Problems.Add(new LockFileProblem(Math.Max(1, (int)e.Start.Line), Math.Max(1, (int)e.Start.Column), "not valid YAML: " + e.Message));
                return null;
            }

            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Problems.Add(new LockFileProblem(1, 1, "a lock file is one YAML mapping with 'format', 'page', 'types' (and 'client', 'operations')"));
                return null;
            }

            var fields = Fields(root, "format", "page", "types", "client", "operations");
            var formatNode = Required(root, fields, "format");
            if (formatNode is not null)
            {
                var format = Scalar(formatNode, "format");
                if (format is not null && !(int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version == ApiLock.CurrentFormat))
                {
                    Problems.Add(At(formatNode, $"lock format '{format}' is not one this tool reads (format {ApiLock.CurrentFormat}); regenerate the lock with this version of realtime-codegen"));
                    return null;
                }
            }

            var types = new List<LockedType>();
            var lockedSites = new Dictionary<string, string>(StringComparer.Ordinal);
            if (fields.TryGetValue("types", out var typesNode))
            {
                foreach (var item in Sequence(typesNode, "types"))
                {
                    if (ReadType(item, lockedSites) is { } type)
                    {
                        if (types.Any(t => t.Name == type.Name)) Problems.Add(At(item, $"type '{type.Name}' is locked twice"));
                        types.Add(type);
                    }
                }
            }

            var operations = Items(fields, "operations", item => ReadRecord(item, "an operation", new[] { "route", "name", "site" }, v => new LockedOperation(v["route"]!, v["name"]!, v["site"]!)));
            return new ApiLock
            {
                Page = fields.TryGetValue("page", out var page) ? Scalar(page, "page") ?? "" : "",
                Types = types.ToEquatableArray(),
                Client = fields.TryGetValue("client", out var client) ? Scalar(client, "client") ?? "" : "",
                Operations = operations.ToEquatableArray(),
            };
        }

        private LockedType? ReadType(YamlNode node, Dictionary<string, string> lockedSites)
        {
            if (node is not YamlMappingNode map)
            {
                Problems.Add(At(node, "a locked type is a mapping with 'name', 'kind' and 'sites'"));
                return null;
            }

            var fields = Fields(map, "name", "kind", "sites", "fingerprint", "members", "values", "variants");
            var name = RequiredScalar(map, fields, "name");
            var kind = RequiredScalar(map, fields, "kind");
            if (name is not null && !CSharpNames.IsIdentifier(name)) Problems.Add(At(fields["name"], $"'{name}' is not a C# type name"));
            if (kind is not null && !Kinds.Contains(kind)) Problems.Add(At(fields["kind"], $"kind must be object, union or enum, not '{kind}'"));
            var sites = new List<string>();
            if (Required(map, fields, "sites") is { } sitesNode)
            {
                foreach (var siteNode in Sequence(sitesNode, "sites"))
                {
                    if (Scalar(siteNode, "a site") is not { } site) continue;
                    if (name is not null && lockedSites.TryGetValue(site, out var other) && other != name)
                    {
                        Problems.Add(At(siteNode, $"site '{site}' is locked to both '{other}' and '{name}'"));
                    }

                    if (name is not null) lockedSites[site] = name;
                    sites.Add(site);
                }

                if (sites.Count == 0) Problems.Add(At(sitesNode, $"type '{name}' has no sites: a locked name must stand for a part of the page"));
            }

            var members = Items(fields, "members", item => ReadRecord(item, "a member", new[] { "json", "name", "type" }, v => new LockedMember(v["json"]!, v["name"]!, v["type"]!)));
            var values = Items(fields, "values", item => ReadRecord(item, "an enum value", new[] { "value", "name" }, v => new LockedEnumValue(v["value"]!, v["name"]!)));
            var variants = Items(fields, "variants", item => ReadRecord(item, "a variant", new[] { "type" }, v => new LockedVariant(v["type"]!, v.TryGetValue("tag", out var tag) ? tag : null), "tag"));
            if (name is null || kind is null) return null;
            return new LockedType
            {
                Name = name,
                Kind = kind,
                Sites = sites.ToEquatableArray(),
                Fingerprint = fields.TryGetValue("fingerprint", out var fingerprint) ? Scalar(fingerprint, "fingerprint") ?? "" : "",
                Members = members.ToEquatableArray(),
                Values = values.ToEquatableArray(),
                Variants = variants.ToEquatableArray(),
            };
        }

        private List<T> Items<T>(Dictionary<string, YamlNode> fields, string key, Func<YamlNode, T?> read)
            where T : class => fields.TryGetValue(key, out var node)
            ? Sequence(node, key).Select(read).Where(x => x is not null).Select(x => x!).ToList()
            : new List<T>();

        /// <summary>A mapping of scalars with the <paramref name="required"/> keys (and the <paramref name="optional"/> ones).</summary>
        private T? ReadRecord<T>(YamlNode node, string what, string[] required, Func<Dictionary<string, string?>, T> create, params string[] optional)
            where T : class
        {
            if (node is not YamlMappingNode map)
            {
                Problems.Add(At(node, $"{what} is a mapping with {string.Join(", ", required.Select(r => "'" + r + "'"))}"));
                return null;
            }

            var fields = Fields(map, required.Concat(optional).ToArray());
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            var complete = true;
            foreach (var key in required)
            {
                var value = RequiredScalar(map, fields, key);
                complete &= value is not null;
                values[key] = value;
            }

            foreach (var key in optional.Where(fields.ContainsKey)) values[key] = Scalar(fields[key], key);
            return complete ? create(values) : null;
        }

        /// <summary>The mapping's entries by key; an unknown key (a typo would otherwise be ignored) is a problem.</summary>
        private Dictionary<string, YamlNode> Fields(YamlMappingNode map, params string[] known)
        {
            var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var entry in map.Children)
            {
                var key = (entry.Key as YamlScalarNode)?.Value;
                if (key is null || !known.Contains(key)) Problems.Add(At(entry.Key, $"unknown key '{key ?? entry.Key.ToString()}' (expected {string.Join(", ", known)})"));
                else fields[key] = entry.Value;
            }

            return fields;
        }

        private YamlNode? Required(YamlMappingNode map, Dictionary<string, YamlNode> fields, string key)
        {
            if (fields.TryGetValue(key, out var node)) return node;
            Problems.Add(At(map, $"'{key}' is missing"));
            return null;
        }

        private string? RequiredScalar(YamlMappingNode map, Dictionary<string, YamlNode> fields, string key) =>
            Required(map, fields, key) is { } node ? Scalar(node, key) : null;

        private string? Scalar(YamlNode node, string what)
        {
            if (node is YamlScalarNode { Value: { } value }) return value;
            Problems.Add(At(node, $"{what} must be a single value"));
            return null;
        }

        private IEnumerable<YamlNode> Sequence(YamlNode node, string what)
        {
            if (node is YamlSequenceNode sequence) return sequence.Children;
            if (node is YamlScalarNode { Value: null or "" }) return Array.Empty<YamlNode>();
            Problems.Add(At(node, $"'{what}' must be a list"));
            return Array.Empty<YamlNode>();
        }

        private static LockFileProblem At(YamlNode node, string message) => new(Math.Max(1, (int)node.Start.Line), Math.Max(1, (int)node.Start.Column), message);
    }

    // The written shape; property order is the file's key order.
    private sealed class LockDto
    {
        [YamlMember(Order = 0)] public int Format { get; set; }

        [YamlMember(Order = 1)] public string Page { get; set; } = "";

        [YamlMember(Order = 2)] public List<TypeDto> Types { get; set; } = new();

        [YamlMember(Order = 3)] public string? Client { get; set; }

        [YamlMember(Order = 4)] public List<OperationDto> Operations { get; set; } = new();
    }

    private sealed class OperationDto
    {
        [YamlMember(Order = 0)] public string Route { get; set; } = "";

        [YamlMember(Order = 1)] public string Name { get; set; } = "";

        [YamlMember(Order = 2)] public string Site { get; set; } = "";
    }

    private sealed class TypeDto
    {
        [YamlMember(Order = 0)] public string Name { get; set; } = "";

        [YamlMember(Order = 1)] public string Kind { get; set; } = "";

        [YamlMember(Order = 2)] public List<string> Sites { get; set; } = new();

        [YamlMember(Order = 3)] public string Fingerprint { get; set; } = "";

        [YamlMember(Order = 4)] public List<MemberDto> Members { get; set; } = new();

        [YamlMember(Order = 5)] public List<ValueDto> Values { get; set; } = new();

        [YamlMember(Order = 6)] public List<VariantDto> Variants { get; set; } = new();
    }

    private sealed class MemberDto
    {
        [YamlMember(Order = 0)] public string Json { get; set; } = "";

        [YamlMember(Order = 1)] public string Name { get; set; } = "";

        [YamlMember(Order = 2)] public string Type { get; set; } = "";
    }

    private sealed class ValueDto
    {
        [YamlMember(Order = 0)] public string Value { get; set; } = "";

        [YamlMember(Order = 1)] public string Name { get; set; } = "";
    }

    private sealed class VariantDto
    {
        [YamlMember(Order = 0)] public string Type { get; set; } = "";

        [YamlMember(Order = 1)] public string? Tag { get; set; }
    }
}
