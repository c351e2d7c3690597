using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Realtime.Api.Tests.Properties;

/// <summary>
/// A JSON tree for comparing what was read with what was written: strings decoded to UTF-16 with lone surrogates
/// kept (unlike <see cref="JsonDocument"/>, which refuses them), numbers equal by text or by value, duplicate members
/// kept in order.
/// </summary>
internal sealed record JsonTree(JsonTokenType Kind, string? Text, List<(string Name, JsonTree Value)>? Members, List<JsonTree>? Items)
{
    public static JsonTree Parse(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 256 });
        reader.Read();
        return Read(ref reader);
    }

    /// <summary>The first thing <paramref name="written"/> holds that <paramref name="input"/> does not, or null.</summary>
    public static string? Invented(JsonTree input, JsonTree written, string path)
    {
        if (input.Kind != written.Kind && !(IsBoolean(input) && IsBoolean(written)))
        {
            return $"{path}: {written.Kind} where the input has {input.Kind}";
        }

        switch (written.Kind)
        {
            case JsonTokenType.StartObject:
                foreach (var (name, value) in written.Members!)
                {
                    var candidates = input.Members!.Where(m => m.Name == name).ToList();
                    if (candidates.Count == 0)
                    {
                        return $"{path}.{name}: a member the input does not have";
                    }

                    var differences = candidates.Select(c => Invented(c.Value, value, path + "." + name)).ToList();
                    if (differences.All(d => d is not null))
                    {
                        return differences[^1];
                    }
                }

                return null;
            case JsonTokenType.StartArray:
                if (input.Items!.Count != written.Items!.Count)
                {
                    return $"{path}: {written.Items.Count} items where the input has {input.Items.Count}";
                }

                for (var i = 0; i < written.Items.Count; i++)
                {
                    if (Invented(input.Items[i], written.Items[i], $"{path}[{i}]") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case JsonTokenType.Number:
                return input.Text == written.Text || SameNumber(input.Text!, written.Text!) ? null : $"{path}: {written.Text} where the input has {input.Text}";
            default:
                return input.Text == written.Text ? null : $"{path}: {written.Text} where the input has {input.Text}";
        }
    }

    private static bool IsBoolean(JsonTree node) => node.Kind is JsonTokenType.True or JsonTokenType.False;

    private static bool SameNumber(string a, string b) =>
        double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
        && double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
        && double.IsFinite(x) && x.Equals(y);

    private static JsonTree Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var members = new List<(string, JsonTree)>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = Decode(Raw(ref reader));
                    reader.Read();
                    members.Add((name, Read(ref reader)));
                }

                return new JsonTree(JsonTokenType.StartObject, null, members, null);
            case JsonTokenType.StartArray:
                var items = new List<JsonTree>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(Read(ref reader));
                }

                return new JsonTree(JsonTokenType.StartArray, null, null, items);
            case JsonTokenType.String:
                return new JsonTree(JsonTokenType.String, Decode(Raw(ref reader)), null, null);
            case JsonTokenType.True or JsonTokenType.False:
                return new JsonTree(reader.TokenType, reader.TokenType == JsonTokenType.True ? "true" : "false", null, null);
            default:
                return new JsonTree(reader.TokenType, Encoding.UTF8.GetString(Raw(ref reader)), null, null);
        }
    }

    private static byte[] Raw(ref Utf8JsonReader reader) => reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();

    /// <summary>The UTF-16 of an escaped JSON string's bytes, lone surrogate escapes kept as lone surrogates.</summary>
    private static string Decode(byte[] escaped)
    {
        var text = new StringBuilder();
        var run = 0;
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != (byte)'\\')
            {
                continue;
            }

            text.Append(Encoding.UTF8.GetString(escaped, run, i - run));
            var e = (char)escaped[++i];
            if (e == 'u')
            {
                text.Append((char)int.Parse(Encoding.ASCII.GetString(escaped, i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 4;
            }
            else
            {
                text.Append(e switch { 'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t', _ => e });
            }

            run = i + 1;
        }

        return text.Append(Encoding.UTF8.GetString(escaped, run, escaped.Length - run)).ToString();
    }
}
