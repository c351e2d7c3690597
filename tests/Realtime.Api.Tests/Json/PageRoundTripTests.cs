using Realtime.Schema.Model;
using Xunit.Abstractions;

namespace Realtime.Api.Tests.Json;

/// <summary>The generated Realtime.Api against the real page: its examples and every event type round-trip.</summary>
public sealed class PageRoundTripTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> EventVariants() => PageSchema.Schema.Types
        .Where(t => t.EventDirection != EventDirection.None)
        .SelectMany(u => u.Variants.Select(v => new object[] { u.Name, v.Type.Name! }))
        .DistinctBy(x => $"{x[0]}/{x[1]}");

    [Theory]
    [MemberData(nameof(EventVariants))]
    public void Every_event_type_reads_as_its_type_and_round_trips(string union, string variant)
    {
        var json = PageSchema.Sample(TypeRef.Named(variant));
        var (value, written) = PageSchema.RoundTrip(union, json);
        var actual = value.GetType().Name == variant
            ? variant
            : value.GetType().GetProperty("Value")?.GetValue(value)?.GetType().Name; // wrapped in a second union
        Assert.Equal(variant, actual);
        JsonAssert.Equivalent(json, written);
    }

    [Fact]
    public void The_page_has_server_and_client_event_unions_with_all_their_events()
    {
        var server = PageSchema.Decl("RealtimeServerEvent");
        var client = PageSchema.Decl("RealtimeClientEvent");
        Assert.Equal(EventDirection.Server, server.EventDirection);
        Assert.Equal(EventDirection.Client, client.EventDirection);
        Assert.True(server.Variants.Count >= 40, $"{server.Variants.Count} server events");
        Assert.True(client.Variants.Count >= 10, $"{client.Variants.Count} client events");
        Assert.True(PageSchema.GeneratedType("RealtimeServerEvent").IsAbstract);
        Assert.NotNull(PageSchema.GeneratedType("UnknownRealtimeServerEvent"));
    }

    [Fact]
    public void Every_json_payload_example_on_the_page_round_trips_through_its_type()
    {
        var checkedExamples = 0;
        foreach (var endpoint in PageSchema.Schema.Endpoints)
        {
            foreach (var example in endpoint.Examples)
            {
                foreach (var (json, type) in new[] { (example.RequestJson, endpoint.RequestBody), (example.ResponseJson, endpoint.Response) })
                {
                    if (string.IsNullOrWhiteSpace(json) || type is not { Kind: TypeRefKind.Named, Name: { } name })
                    {
                        continue;
                    }

                    using var document = System.Text.Json.JsonDocument.Parse(json);
                    if (PageSchema.Disagreement(document.RootElement, type) is { } path)
                    {
                        // The example contradicts its own schema (the page's examples are partly reconstructed):
                        // the typed reader must say so clearly rather than guess.
                        output.WriteLine($"{endpoint.OperationName} → {name} (line {example.Line}): example disagrees with the schema at {path}");
                        Assert.ThrowsAny<System.Text.Json.JsonException>(() => PageSchema.RoundTrip(name, json));
                        continue;
                    }

                    output.WriteLine($"{endpoint.OperationName} → {name} (line {example.Line})");
                    var (_, written) = PageSchema.RoundTrip(name, json);
                    JsonAssert.Equivalent(json, written);
                    checkedExamples++;
                }
            }
        }

        Assert.True(checkedExamples >= 4, $"only {checkedExamples} examples checked");
    }
}
