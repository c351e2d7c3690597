namespace Realtime.Schema.Analysis;

/// <summary>
/// Just enough JSON for the page's examples (the schema library ships inside the compiler and takes no JSON package):
/// objects become name → value dictionaries, arrays lists, strings strings, every other value a <see cref="Scalar"/>. Anything that is
/// not one complete JSON value is no value.
/// </summary>
internal static class ExampleJson
{
    /// <summary>A number, boolean or null; the walkers only need to know it is not an object, array or string.</summary>
    public sealed class Scalar
    {
        public static readonly Scalar Instance = new();
    }

    private const int MaxDepth = 64;

    public static bool TryParse(string text, out object? value)
    {
        var position = 0;
        value = null;
        try
        {
            value = Value(text, ref position, 0);
            Skip(text, ref position);
            return value is not null && position == text.Length;
        }
        catch (FormatException)
        {
            value = null;
            return false;
        }
    }

    private static object Value(string text, ref int i, int depth)
    {
        if (depth > MaxDepth) throw new FormatException();
        Skip(text, ref i);
        if (i >= text.Length) throw new FormatException();
        switch (text[i])
        {
            case '{':
                i++;
                var members = new Dictionary<string, object>(StringComparer.Ordinal);
                Skip(text, ref i);
                if (i < text.Length && text[i] == '}') { i++; return members; }
                while (true)
                {
                    Skip(text, ref i);
                    var name = String(text, ref i);
                    Skip(text, ref i);
                    Expect(text, ref i, ':');
                    members[name] = Value(text, ref i, depth + 1);
                    Skip(text, ref i);
                    if (i < text.Length && text[i] == ',') { i++; continue; }
                    Expect(text, ref i, '}');
                    return members;
                }
            case '[':
                i++;
                var elements = new List<object>();
                Skip(text, ref i);
                if (i < text.Length && text[i] == ']') { i++; return elements; }
                while (true)
                {
                    elements.Add(Value(text, ref i, depth + 1));
                    Skip(text, ref i);
                    if (i < text.Length && text[i] == ',') { i++; continue; }
                    Expect(text, ref i, ']');
                    return elements;
                }
            case '"':
                return String(text, ref i);
            default:
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '-' or '+' or '.')) i++;
                if (i == start) throw new FormatException();
                return Scalar.Instance;
        }
    }

    private static string String(string text, ref int i)
    {
        Expect(text, ref i, '"');
        var result = new System.Text.StringBuilder();
        while (i < text.Length && text[i] != '"')
        {
            if (text[i] == '\\')
            {
                if (i + 1 >= text.Length) throw new FormatException();
                var escaped = text[i + 1];
                if (escaped == 'u')
                {
                    if (i + 6 > text.Length) throw new FormatException();
                    result.Append((char)Convert.ToInt32(text.Substring(i + 2, 4), 16));
                    i += 6;
                    continue;
                }

                result.Append(escaped switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'b' => '\b', 'f' => '\f', _ => escaped });
                i += 2;
                continue;
            }

            result.Append(text[i++]);
        }

        Expect(text, ref i, '"');
        return result.ToString();
    }

    private static void Expect(string text, ref int i, char c)
    {
        if (i >= text.Length || text[i] != c) throw new FormatException();
        i++;
    }

    private static void Skip(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
    }
}
