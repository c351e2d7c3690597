using Realtime.Api.Tests.Json;

namespace Realtime.Api.Tests.Session;

/// <summary>Every client event the page defines goes through the connection's typed send and reaches the server as that event.</summary>
public class EveryClientEventTests
{
    [Fact]
    public async Task Every_conversation_client_event_of_the_page_is_sent_typed()
    {
        await using var kit = await SessionTestKit.StartAsync();
        var events = Samples<RealtimeClientEvent>("RealtimeClientEvent");
        Assert.DoesNotContain(events, e => e is UnknownRealtimeClientEvent);
        foreach (var clientEvent in events)
        {
            await kit.Connection.SendAsync(clientEvent, kit.Timeout);
        }

        Assert.Equal(events.Select(e => e.Type), await ServerReceivedAsync(kit, events.Count));
    }

    /// <summary>One typed instance of each variant of the page's union <paramref name="union"/>, read from a generated sample.</summary>
    internal static List<T> Samples<T>(string union)
        where T : IRealtimeJsonModel<T>
    {
        var variants = PageSchema.Decl(union).Variants;
        Assert.NotEmpty(variants);
        return variants.Select(v => RealtimeJson.Deserialize<T>(PageSchema.Sample(v.Type))).ToList();
    }

    internal static async Task<IReadOnlyCollection<string>> ServerReceivedAsync(SessionTestKit kit, int count)
    {
        while (kit.ServerSide.ReceivedEventTypes.Count < count)
        {
            await Task.Delay(10, kit.Timeout);
        }

        return kit.ServerSide.ReceivedEventTypes;
    }
}
