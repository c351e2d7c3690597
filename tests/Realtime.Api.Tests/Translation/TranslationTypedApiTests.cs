using Realtime.Api.Tests.Session;

namespace Realtime.Api.Tests.Translation;

/// <summary>The translation session's events (a page without them builds the other tests: see the project file).</summary>
public class TranslationTypedApiTests
{
    [Fact]
    public async Task Every_translation_client_event_of_the_page_is_sent_typed()
    {
        await using var kit = await SessionTestKit.StartAsync(configure: o => o with { Kind = RealtimeSessionKind.Translation });
        // session.close ends the session: send it last.
        var events = EveryClientEventTests.Samples<RealtimeTranslationClientEvent>("RealtimeTranslationClientEvent").OrderBy(e => e is RealtimeTranslationSessionCloseEvent).ToList();
        Assert.DoesNotContain(events, e => e is UnknownRealtimeTranslationClientEvent);
        foreach (var clientEvent in events)
        {
            await kit.Connection.SendAsync(clientEvent, kit.Timeout);
        }

        Assert.Equal(events.Select(e => e.Type), await EveryClientEventTests.ServerReceivedAsync(kit, events.Count));
    }

    [Theory]
    [InlineData(typeof(RealtimeTranslationInputAudioBufferAppendEvent), "Audio")]
    [InlineData(typeof(RealtimeTranslationOutputAudioDeltaEvent), "Delta")]
    public void Audio_carrying_fields_of_translation_events_are_pooled_base64_data_not_strings(Type eventType, string property)
    {
        Assert.Equal(typeof(Base64Data), eventType.GetProperty(property)!.PropertyType);
    }
}
