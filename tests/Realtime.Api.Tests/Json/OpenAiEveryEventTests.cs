using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI.Realtime;
using Realtime.Schema.Model;

// The OpenAI SDK marks its realtime types experimental.
#pragma warning disable OPENAI002

namespace Realtime.Api.Tests.Json;

/// <summary>
/// Wire compatibility with the official SDK (OpenAI 2.15.0) for every server and client event of the page it models:
/// it reads what we write as the same event, and we read what it writes back as the same event.
/// </summary>
public sealed class OpenAiEveryEventTests
{
    private static readonly HashSet<string> OpenAiModels = typeof(RealtimeServerUpdate).Assembly.GetTypes()
        .Where(t => t.IsPublic && !t.IsAbstract && (typeof(RealtimeServerUpdate).IsAssignableFrom(t) || typeof(RealtimeClientCommand).IsAssignableFrom(t)))
        .Select(t => t.Name)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>(variant, type value) of every event of <c>RealtimeServerEvent</c> whose type the SDK has a class for.</summary>
    public static IEnumerable<object[]> ModelledServerEvents() => Modelled("RealtimeServerEvent", ServerPrefix);

    /// <summary>(variant, type value) of every event of <c>RealtimeClientEvent</c> whose type the SDK has a class for.</summary>
    public static IEnumerable<object[]> ModelledClientEvents() => Modelled("RealtimeClientEvent", ClientPrefix);

    private const string ServerPrefix = "RealtimeServerUpdate";
    private const string ClientPrefix = "RealtimeClientCommand";

    private static IEnumerable<object[]> Modelled(string union, string prefix) => PageSchema.Decl(union).Variants
        .Select(v => v.Type.Name!)
        .Distinct()
        .Select(name => (Name: name, Type: TypeValue(name)))
        .Where(e => e.Type is not null && OpenAiModels.Contains(OpenAiName(prefix, e.Type)))
        .Select(e => new object[] { e.Name, e.Type! });

    [Fact]
    public void Most_events_of_the_page_are_modelled_by_the_sdk()
    {
        Assert.True(ModelledServerEvents().Count() >= 30, $"{ModelledServerEvents().Count()} server events the SDK models");
        Assert.True(ModelledClientEvents().Count() >= 8, $"{ModelledClientEvents().Count()} client events the SDK models");
    }

    [Theory]
    [MemberData(nameof(ModelledClientEvents))]
    public void The_sdk_reads_the_client_events_we_write_and_we_read_what_it_writes(string variant, string type)
    {
        var ours = RealtimeJson.Deserialize<RealtimeClientEvent>(Encoding.UTF8.GetBytes(WholeNumbers(PageSchema.Sample(TypeRef.Named(variant)))));
        var written = RealtimeJson.Serialize(ours);

        var theirs = ModelReaderWriter.Read<RealtimeClientCommand>(BinaryData.FromString(written))!;
        Assert.Equal(OpenAiName(ClientPrefix, type), theirs.GetType().Name);

        var sdkJson = ModelReaderWriter.Write(theirs).ToMemory();
        if (ReadUnlessSdkWroteUnknownConstant(sdkJson, () => RealtimeJson.Deserialize<RealtimeClientEvent>(sdkJson.Span)) is not { } back)
        {
            return;
        }

        Assert.Equal(ours.GetType(), back.GetType());
        Assert.Equal(type, back.Type);
    }

    [Theory]
    [MemberData(nameof(ModelledServerEvents))]
    public void The_sdk_reads_the_server_events_we_write_and_we_read_what_it_writes(string variant, string type)
    {
        var ours = RealtimeJson.DeserializeRealtimeServerEvent(Encoding.UTF8.GetBytes(WholeNumbers(PageSchema.Sample(TypeRef.Named(variant)))));
        var written = RealtimeJson.Serialize(ours);

        var theirs = ModelReaderWriter.Read<RealtimeServerUpdate>(BinaryData.FromString(written))!;
        Assert.Equal(OpenAiName(ServerPrefix, type), theirs.GetType().Name);

        var sdkJson = ModelReaderWriter.Write(theirs).ToMemory();
        if (ReadUnlessSdkWroteUnknownConstant(sdkJson, () => RealtimeJson.DeserializeRealtimeServerEvent(sdkJson.Span)) is not { } back)
        {
            return;
        }

        Assert.Equal(ours.GetType(), back.GetType());
        Assert.Equal(type, back.Type);
    }

    /// <summary>
    /// The SDK writes a content part it does not model (a system message's <c>input_text</c> inside a response) back
    /// with <c>"type":"unknown"</c>, which is not the page's constant there: our reader must refuse it with an error
    /// naming the member rather than read it as the constant (README, "Constants"). Null in that case.
    /// </summary>
    private static T? ReadUnlessSdkWroteUnknownConstant<T>(ReadOnlyMemory<byte> sdkJson, Func<T> read)
        where T : class
    {
        try
        {
            return read();
        }
        catch (JsonException ex) when (Encoding.UTF8.GetString(sdkJson.Span).Contains("\"type\":\"unknown\"", StringComparison.Ordinal))
        {
            Assert.Matches("for [A-Za-z]+\\.type but found \"unknown\"", ex.Message);
            return null;
        }
    }

    // The page types indexes and counts as "number"; the SDK reads them as integers. A whole number is valid for both.
    private static string WholeNumbers(string json)
    {
        static JsonNode? Rewrite(JsonNode? node) => node switch
        {
            JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Rewrite(p.Value)))),
            JsonArray a => new JsonArray(a.Select(Rewrite).ToArray()),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.GetValue<double>() % 1 != 0 => JsonValue.Create(1),
            _ => node?.DeepClone(),
        };

        return Rewrite(JsonNode.Parse(json))!.ToJsonString();
    }

    private static string? TypeValue(string variant) => PageSchema.Decl(variant).Properties
        .FirstOrDefault(p => p.JsonName == "type" && p.Type.Kind == TypeRefKind.Literal)?.Type.LiteralJson?.Trim('"');

    // "response.output_audio.delta" → RealtimeServerUpdateResponseOutputAudioDelta
    private static string OpenAiName(string prefix, string type) => prefix + string.Concat(type.Split('.', '_')
        .Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}
