using Realtime.Generator.Emit;

namespace Realtime.Generator.Tests.Emit;

public sealed class NamingTests
{
    [Theory]
    [InlineData("event_id", "EventId")]
    [InlineData("type", "Type")]
    [InlineData("audio/pcm", "AudioPcm")]
    [InlineData("gpt-4o-mini-transcribe-2025-12-15", "Gpt4oMiniTranscribe2025_12_15")]
    [InlineData("gpt-realtime-1.5", "GptRealtime1_5")]
    [InlineData("item.input_audio_transcription.logprobs", "ItemInputAudioTranscriptionLogprobs")]
    [InlineData("24000", "_24000")]
    [InlineData("", "Empty")]
    [InlineData("--", "Empty")]
    public void Pascal_case_member_names(string json, string expected) => Assert.Equal(expected, Naming.ToPascalCase(json));

    [Theory]
    [InlineData("call_id", "callId")]
    [InlineData("object", "@object")]
    [InlineData("event", "@event")]
    [InlineData("24000", "_24000")]
    public void Camel_case_parameters_escape_keywords(string json, string expected) => Assert.Equal(expected, Naming.ToCamelCase(json));

    [Fact]
    public void Collisions_get_numeric_suffixes_and_avoid_reserved_names()
    {
        Assert.Equal(["Type", "Type2", "Value2", "Other"], Naming.MakeUnique(["Type", "Type", "Value", "Other"], ["Value"]));
    }

    [Fact]
    public void String_literals_escape_quotes_backslashes_and_non_ascii()
    {
        Assert.Equal("\"a\\\"b\\\\c\\u00e9\\n\"", Naming.StringLiteral("a\"b\\c\u00e9\n"));
        Assert.Equal("\"x\"u8", Naming.Utf8Literal("x"));
    }
}
