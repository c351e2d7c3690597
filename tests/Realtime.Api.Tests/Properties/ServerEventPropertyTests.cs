using System.Text;
using System.Text.Json;
using CsCheck;
using Realtime.Api.Tests.Json;
using Realtime.Schema.Model;

namespace Realtime.Api.Tests.Properties;

/// <summary>
/// Mutated real server events (a sample of every server event of the page, mutated in bytes, strings, numbers,
/// surrogate escapes, duplicate members and truncation): the receive path never throws anything but
/// <see cref="JsonException"/> (which the connection turns into a malformed item whose type lookup never throws);
/// anything accepted writes back, re-reads and writes the same bytes again; and what is written holds nothing the
/// input did not (every written member is one of the input's, with an equal value).
/// </summary>
public class ServerEventPropertyTests
{
    private static readonly byte[][] Corpus = PageSchema.Schema.Types
        .Where(t => t.Name == "RealtimeServerEvent")
        .SelectMany(u => u.Variants.Select(v => v.Type))
        .Select(type => Encoding.UTF8.GetBytes(PageSchema.Sample(type)))
        .ToArray();

    private static readonly string[] Insertions =
    [
        "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u0000", "\\\"", "\"x_extra\":9007199254740993,", "\"x_extra\":\"\\udfff\",",
        "9007199254740993", "-9223372036854775809", "1e400", "1e-400", "-0", "0.1", "null", "true", "[]", "{}", ",", ":", "\"",
        "\"event_id\":\"duplicate\",", "\"type\":\"response.done\",", "\u00e9", "\ud83d\ude00",
    ];

    private static readonly byte[] ReplacementBytes = "\"\\{}[],:0123456789e-+.ntfu \t\n"u8.ToArray().Concat(new byte[] { 0x00, 0x7F, 0xC3, 0xE2, 0xF0, 0xFF, 0x80 }).ToArray();

    private static readonly Gen<byte[]> Mutated =
        Gen.Int[0, Corpus.Length - 1].SelectMany(i => Mutation(Corpus[i]));

    private static Gen<byte[]> Mutation(byte[] json) => Gen.OneOf(
        // Replace one byte.
        Gen.Select(Gen.Int[0, json.Length - 1], Gen.Int[0, ReplacementBytes.Length - 1], (at, b) => Replace(json, at, 1, [ReplacementBytes[b]])),
        // Insert a token, escape or member somewhere.
        Gen.Select(Gen.Int[0, json.Length], Gen.Int[0, Insertions.Length - 1], (at, s) => Replace(json, at, 0, Encoding.UTF8.GetBytes(Insertions[s]))),
        // Insert inside a string value (after an opening quote that follows a colon).
        Gen.Int[0, Insertions.Length - 1].Select(s => InsideString(json, Insertions[s])),
        // Replace a number with an extreme one.
        Gen.Select(Gen.Int[0, json.Length - 1], Gen.Int[0, 10], (at, n) => ReplaceNumber(json, at, n)),
        // Delete a range, or truncate.
        Gen.Select(Gen.Int[0, json.Length - 1], Gen.Int[1, 16], (at, n) => Replace(json, at, Math.Min(n, json.Length - at), [])),
        Gen.Int[0, json.Length - 1].Select(at => json[..at]),
        // Duplicate a slice (members, values, delimiters).
        Gen.Select(Gen.Int[0, json.Length - 1], Gen.Int[1, 40], Gen.Int[0, json.Length], (at, n, to) => Replace(json, to, 0, json.AsSpan(at, Math.Min(n, json.Length - at)).ToArray())),
        // An unknown member before the closing brace.
        Gen.Int[0, Insertions.Length - 1].Select(s => Replace(json, json.Length - 1, 0, Encoding.UTF8.GetBytes(",\"x_" + s + "\":\"" + Insertions[s].Replace("\"", "", StringComparison.Ordinal) + "\""))));

    [Fact]
    public void Mutated_server_events_never_throw_and_what_is_accepted_writes_back_faithfully()
    {
        Assert.NotEmpty(Corpus);
        Mutated.Sample(Check, seed: PropertyRun.Seed, iter: long.MaxValue, time: PropertyRun.Seconds, threads: 1, print: b => Convert.ToBase64String(b) + " " + Encoding.UTF8.GetString(b));
    }

    [Fact]
    public void Every_unmutated_sample_is_accepted_and_written_back()
    {
        foreach (var json in Corpus)
        {
            Check(json);
            RealtimeJson.DeserializeRealtimeServerEvent(json);
        }
    }

    private static void Check(byte[] input)
    {
        RealtimeServerEvent read;
        try
        {
            read = RealtimeJson.DeserializeRealtimeServerEvent(input);
        }
        catch (JsonException)
        {
            // What the connection does with it: the malformed item, whose type lookup must not throw either.
            _ = MalformedMessage.FindType(input, MalformedMessageReason.InvalidJson);
            return;
        }

        var written = JsonRuntime.SerializeToUtf8Bytes(read);
        var reread = RealtimeJson.DeserializeRealtimeServerEvent(written);
        var rewritten = JsonRuntime.SerializeToUtf8Bytes(reread);
        Assert.True(written.AsSpan().SequenceEqual(rewritten), $"written again differently:\n{Encoding.UTF8.GetString(written)}\n{Encoding.UTF8.GetString(rewritten)}");
        Assert.Equal(read.GetType(), reread.GetType());

        var difference = JsonTree.Invented(JsonTree.Parse(input), JsonTree.Parse(written), "$");
        Assert.True(difference is null, $"written JSON invents {difference}\ninput:   {Encoding.UTF8.GetString(input)}\nwritten: {Encoding.UTF8.GetString(written)}");
    }

    private static byte[] Replace(byte[] json, int at, int count, byte[] with) => [.. json.AsSpan(0, at), .. with, .. json.AsSpan(at + count)];

    private static byte[] InsideString(byte[] json, string insertion)
    {
        var at = json.AsSpan().IndexOf(":\""u8);
        return at < 0 ? json : Replace(json, at + 2, 0, Encoding.UTF8.GetBytes(insertion));
    }

    private static byte[] ReplaceNumber(byte[] json, int from, int which)
    {
        string[] numbers = ["9007199254740993", "-9007199254740993", "1e400", "1e-400", "-0", "0.5", "123456789012345678901234567890", "2.5e-320", "-1", "1E+2", "0"];
        var start = json.AsSpan(from).IndexOfAnyInRange((byte)'0', (byte)'9');
        if (start < 0)
        {
            return json;
        }

        start += from;
        var end = start;
        while (end < json.Length && (char.IsAsciiDigit((char)json[end]) || json[end] is (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+' or (byte)'-'))
        {
            end++;
        }

        return Replace(json, start, end - start, Encoding.UTF8.GetBytes(numbers[which]));
    }
}
