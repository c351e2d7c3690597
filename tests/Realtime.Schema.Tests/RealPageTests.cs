using System.Text.RegularExpressions;
using Realtime.Schema.Model;

namespace Realtime.Schema.Tests;

/// <summary>
/// The real reference page, both versions, read from ../shared at test time. Expected names and type strings are
/// recomputed from the raw markdown lines by plain text scans (independent of the Markdig reader and the builder).
/// </summary>
public class RealPageTests
{
    public static TheoryData<string> Pages => new() { "after", "before" };

    [Theory]
    [MemberData(nameof(Pages))]
    public void No_errors_and_only_the_known_summary_warnings(string page)
    {
        var schema = RealPages.Schema(page);
        Assert.Empty(schema.Errors());
        Assert.Equal("Realtime", schema.Title);
        var warnings = schema.Warnings();
        if (page == "before")
        {
            Assert.Empty(warnings);
            return;
        }

        // SOURCES.md: the three expansions of RealtimeSessionCreateResponse list 15 of its 16 fields.
        Assert.Equal(3, warnings.Length);
        var lines = RealPages.AfterMarkdown.Split('\n');
        Assert.All(warnings, w =>
        {
            Assert.Equal(DiagnosticIds.SummaryMismatch, w.Id);
            Assert.Contains("counts 16 fields but 15 are listed", w.Message);
            Assert.Contains("`RealtimeSessionCreateResponse object { id, object, type, 13 more }`", lines[w.Line - 1]);
        });
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_domain_type_heading_is_a_named_type(string page)
    {
        var schema = RealPages.Schema(page);
        var declared = DomainTypeDeclarations(RealPages.Markdown(page));
        Assert.True(declared.Count > 100, $"only {declared.Count} ### declarations found");
        foreach (var (name, line) in declared)
        {
            var type = schema.Type(name);
            Assert.True(type.IsNamedOnPage, name);
            Assert.Equal(line, type.Line);
        }
    }

    [Theory]
    [InlineData("after", "RealtimeClientEvent", EventDirection.Client)]
    [InlineData("after", "RealtimeServerEvent", EventDirection.Server)]
    [InlineData("after", "RealtimeTranslationClientEvent", EventDirection.Client)]
    [InlineData("after", "RealtimeTranslationServerEvent", EventDirection.Server)]
    [InlineData("before", "RealtimeClientEvent", EventDirection.Client)]
    [InlineData("before", "RealtimeServerEvent", EventDirection.Server)]
    public void Every_event_of_an_event_union_has_its_type_string(string page, string union, EventDirection direction)
    {
        var schema = RealPages.Schema(page);
        var events = schema.Type(union);
        Assert.Equal(direction, events.EventDirection);
        Assert.Equal("type", events.Discriminator);
        var expected = UnionVariantTypes(RealPages.Markdown(page), union);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(e => e.Name), events.Variants.Select(v => v.Type.Name));
        Assert.Equal(expected.Select(e => e.Type), events.Variants.Select(v => v.DiscriminatorValue));
        foreach (var variant in events.Variants)
        {
            var target = schema.Type(variant.Type.Name!);
            Assert.Equal(TypeRef.StringLiteral(variant.DiscriminatorValue!), target.Property("type").Type);
        }
    }

    [Fact]
    public void Event_union_sizes()
    {
        Assert.Equal(11, RealPages.After.Type("RealtimeClientEvent").Variants.Count);
        Assert.Equal(46, RealPages.After.Type("RealtimeServerEvent").Variants.Count);
        Assert.Equal(3, RealPages.After.Type("RealtimeTranslationClientEvent").Variants.Count);
        Assert.Equal(7, RealPages.After.Type("RealtimeTranslationServerEvent").Variants.Count);
        Assert.Equal(
            new[] { "RealtimeClientEvent", "RealtimeServerEvent", "RealtimeTranslationClientEvent", "RealtimeTranslationServerEvent" },
            RealPages.After.Types.Where(t => t.EventDirection != EventDirection.None).Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(2, RealPages.Before.Types.Count(t => t.EventDirection != EventDirection.None));
    }

    [Fact]
    public void AudioTranscription_after_has_delay_and_gpt_realtime_whisper()
    {
        var schema = RealPages.After;
        var transcription = schema.Type("AudioTranscription");
        Assert.Equal(new[] { "delay", "language", "model", "prompt" }, transcription.Properties.Select(p => p.JsonName));
        var delay = schema.TypeOf(transcription.Property("delay"));
        Assert.Equal(TypeDeclKind.Enum, delay.Kind);
        Assert.False(delay.IsOpenEnum);
        Assert.Equal(new[] { "minimal", "low", "medium", "high", "xhigh" }, delay.MemberValues());
        var model = schema.TypeOf(transcription.Property("model"));
        Assert.True(model.IsOpenEnum);
        Assert.Contains("gpt-realtime-whisper", model.MemberValues());
        Assert.Contains("whisper-1", model.MemberValues());
    }

    [Fact]
    public void AudioTranscription_before_has_neither()
    {
        var schema = RealPages.Before;
        var transcription = schema.Type("AudioTranscription");
        Assert.Equal(new[] { "language", "model", "prompt" }, transcription.Properties.Select(p => p.JsonName));
        var model = schema.TypeOf(transcription.Property("model"));
        Assert.True(model.IsOpenEnum);
        Assert.DoesNotContain("gpt-realtime-whisper", model.MemberValues());
        Assert.Contains("whisper-1", model.MemberValues());
    }

    [Fact]
    public void RealtimeReasoningEffort_exists_only_after()
    {
        var effort = RealPages.After.Type("RealtimeReasoningEffort");
        Assert.Equal(TypeDeclKind.Enum, effort.Kind);
        Assert.Equal(new[] { "minimal", "low", "medium", "high", "xhigh" }, effort.MemberValues());
        Assert.Null(RealPages.Before.FindType("RealtimeReasoningEffort"));
    }

    [Fact]
    public void Spot_checks_of_shapes_on_the_after_page()
    {
        var schema = RealPages.AfterShaped.Schema;
        var formats = schema.Type("RealtimeAudioFormats");
        Assert.Equal("type", formats.Discriminator);
        Assert.Equal(new[] { "audio/pcm", "audio/pcmu", "audio/pcma" }, formats.Variants.Select(v => v.DiscriminatorValue));
        Assert.Equal(TypeRef.NumberLiteral("24000"), schema.Type("PcmAudioFormat").Property("rate").Type);

        var item = schema.Type("ConversationItem");
        Assert.Equal("type", item.Discriminator);
        Assert.Equal("role", item.SubDiscriminator);
        Assert.Equal(new[] { "system", "user", "assistant" }, item.Variants.Take(3).Select(v => v.SubDiscriminatorValue));

        var input = schema.Type("RealtimeAudioConfigInput");
        Assert.True(input.Property("turn_detection").IsNullable);
        Assert.True(input.Property("transcription").IsNullable);
        Assert.Equal(TypeRef.Named("AudioTranscription"), input.Property("transcription").Type);

        var vad = schema.Type("ServerVad");
        Assert.Equal("0.5", vad.Property("threshold").Default);
        Assert.Equal((0.0, 1.0), (vad.Property("threshold").Minimum, vad.Property("threshold").Maximum));

        var voice = schema.TypeOf(schema.Type("RealtimeAudioConfigOutput").Property("voice"));
        Assert.Equal(TypeDeclKind.Union, voice.Kind);
        Assert.Equal("Id", voice.Variants[1].Type.Name);
        Assert.Contains("marin", schema.Type(voice.Variants[0].Type.Name!).MemberValues());

        var allowed = schema.TypeOf(schema.Type("McpTool").Property("allowed_tools"));
        Assert.Equal(new[] { "McpAllowedTools", "McpToolFilter" }, allowed.Variants.Select(v => v.Type.Name));
        Assert.Equal(TypeRef.Named("RealtimeToolsConfig"), schema.Type("RealtimeResponseCreateParams").Property("tools").Type);
        Assert.Equal(new[] { "Auto", "TracingConfiguration" }, schema.Type("RealtimeTracingConfig").Variants.Select(v => v.Type.Name));
        Assert.Equal(TypeRefKind.Map, schema.Type("ResponsePrompt").Property("variables").Type.Kind);
        Assert.Equal(TypeRef.Named("ConversationItemRetrieved"), schema.Type("RealtimeServerEvent").Variants.Select(v => v.Type).Single(t => t.Name == "ConversationItemRetrieved"));
    }

    [Fact]
    public void Endpoints_of_every_resource_section()
    {
        var schema = RealPages.AfterShaped.Schema;
        var expected = Regex.Matches(RealPages.AfterMarkdown, @"^\*\*(post|get|put|patch|delete)\*\* `([^`]+)`", RegexOptions.Multiline)
            .Select(m => m.Groups[2].Value).ToArray();
        Assert.Equal(8, expected.Length);
        Assert.Equal(expected, schema.Endpoints.Select(e => e.Path));
        Assert.Equal(
            new[] { "CreateClientSecret", "AcceptCall", "HangUpCall", "ReferCall", "RejectCall", "CreateTranslationClientSecret", "CreateSession", "CreateTranscriptionSession" },
            schema.Endpoints.Select(e => e.OperationName));
        Assert.All(schema.Endpoints, e => Assert.Equal(HttpMethodKind.Post, e.Method));

        var create = schema.FindEndpoint("CreateClientSecret")!;
        Assert.Equal("Realtime/Client Secrets", create.Resource);
        Assert.Equal(TypeRef.Named("ClientSecretCreateResponse"), create.Response);
        Assert.Equal(new[] { "expires_after", "session" }, schema.Type(create.RequestBody!.Name!).Properties.Select(p => p.JsonName));
        Assert.Equal(2, create.Examples.Count);
        Assert.Equal("{}", create.Examples[0].RequestJson);
        Assert.StartsWith("{", create.Examples[0].ResponseJson);

        var accept = schema.FindEndpoint("AcceptCall")!;
        Assert.Equal("Realtime/Calls", accept.Resource);
        Assert.Equal("call_id", Assert.Single(accept.PathParameters).JsonName);
        Assert.Equal(TypeRef.Named("RealtimeSessionCreateRequest"), accept.RequestBody);

        var translation = schema.FindEndpoint("CreateTranslationClientSecret")!;
        Assert.Equal("Realtime/Translations/Client Secrets", translation.Resource);
        Assert.Equal(TypeRef.Named("RealtimeTranslationClientSecretCreateRequest"), translation.RequestBody);
        Assert.Equal(TypeRef.Named("RealtimeTranslationClientSecretCreateResponse"), translation.Response);

        Assert.Equal(TypeRef.Named("SessionCreateResponse"), schema.FindEndpoint("CreateSession")!.Response);
        Assert.Null(schema.FindEndpoint("HangUpCall")!.RequestBody);
        Assert.Equal(16, schema.Endpoints.Sum(e => e.Examples.Count));
    }

    [Fact]
    public void Counts_after()
    {
        var stats = Realtime.Codegen.Cli.SchemaStats.Of(RealPages.AfterShaped, Realtime.Generator.ApiGeneration.Findings(RealPages.After, RealPages.AfterShaped).ToList());
        Assert.Equal(ExpectedCounts.After, stats with { Unifications = default, Integers = default });
    }

    [Fact]
    public void Counts_before()
    {
        var stats = Realtime.Codegen.Cli.SchemaStats.Of(RealPages.BeforeShaped, Realtime.Generator.ApiGeneration.Findings(RealPages.Before, RealPages.BeforeShaped).ToList());
        Assert.Equal(ExpectedCounts.Before, stats with { Unifications = default, Integers = default });
    }

    [Fact]
    public void Every_type_reference_resolves_and_names_are_unique()
    {
        foreach (var schema in new[] { RealPages.After, RealPages.Before })
        {
            var names = schema.Types.Select(t => t.Name).ToList();
            Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
            var refs = schema.Types.SelectMany(t => t.Properties.Select(p => p.Type).Concat(t.Variants.Select(v => v.Type)).Concat(t.AliasOf is null ? Array.Empty<TypeRef>() : new[] { t.AliasOf }))
                .Concat(schema.Endpoints.SelectMany(e => new[] { e.RequestBody, e.Response }.OfType<TypeRef>()));
            foreach (var reference in refs)
            {
                var target = reference;
                while (target.Kind is TypeRefKind.Array or TypeRefKind.Map) target = target.Element!;
                if (target.Kind == TypeRefKind.Named) Assert.NotNull(schema.FindType(target.Name!));
            }
        }
    }

    /// <summary>Each <c>###</c> under a <c>## Domain Types</c> and the name of the item declared right under it, with its line.</summary>
    private static List<(string Name, int Line)> DomainTypeDeclarations(string markdown)
    {
        var lines = markdown.Split('\n');
        var result = new List<(string, int)>();
        var inDomain = false;
        var expectDeclaration = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.StartsWith("# ", StringComparison.Ordinal) || line.StartsWith("## ", StringComparison.Ordinal)) { inDomain = line == "## Domain Types"; expectDeclaration = false; }
            else if (line.StartsWith("### ", StringComparison.Ordinal)) expectDeclaration = inDomain;
            else if (expectDeclaration && line.StartsWith("- `", StringComparison.Ordinal))
            {
                var name = Regex.Match(line, @"^- `([A-Za-z0-9_]+)").Groups[1].Value;
                result.Add((name, i + 1));
                expectDeclaration = false;
            }
        }

        return result;
    }

    /// <summary>The variants listed under a union's <c>###</c> declaration (items two spaces deep) and the <c>type</c> literal of each.</summary>
    private static List<(string Name, string Type)> UnionVariantTypes(string markdown, string union)
    {
        var lines = markdown.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith($"- `{union} = ", StringComparison.Ordinal));
        var result = new List<(string, string)>();
        if (start < 0) return result;
        string? current = null;
        for (var i = start + 1; i < lines.Length && !lines[i].StartsWith("#", StringComparison.Ordinal); i++)
        {
            var variant = Regex.Match(lines[i], @"^  - `([A-Za-z0-9_]+) object \{");
            if (variant.Success) { current = variant.Groups[1].Value; continue; }
            var type = Regex.Match(lines[i], "^    - `type: \"([^\"]+)\"`");
            if (type.Success && current is not null) { result.Add((current, type.Groups[1].Value)); current = null; }
        }

        return result;
    }
}

/// <summary>What <c>stats</c> counts on each page: the API's shape (after unification), the page's and the stage's findings.</summary>
internal static class ExpectedCounts
{
    public static readonly Realtime.Codegen.Cli.SchemaStats After = new(
        Objects: 166, Unions: 23, Enums: 30, EnumMembers: 139, Properties: 690, ClientEvents: 13, ServerEvents: 50,
        Endpoints: 8, Examples: 16, Errors: 0, Warnings: 3, Infos: 5);

    public static readonly Realtime.Codegen.Cli.SchemaStats Before = new(
        Objects: 146, Unions: 21, Enums: 27, EnumMembers: 111, Properties: 630, ClientEvents: 11, ServerEvents: 46,
        Endpoints: 7, Examples: 14, Errors: 0, Warnings: 0, Infos: 5);
}
