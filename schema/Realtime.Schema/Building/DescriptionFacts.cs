using System.Globalization;
using System.Text.RegularExpressions;
using Realtime.Schema.Model;

namespace Realtime.Schema.Building;

/// <summary>
/// Facts a description states in prose: the value can be (set to) <c>null</c>, a default, numeric bounds,
/// deprecation. Only plain, unambiguous phrasings are taken; anything else is left to the prose.
/// </summary>
internal readonly struct DescriptionFacts
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;

    // "can be set to `null`", "Set to null to disable", "must be `null`", "pass `null`". Statements about another
    // field ("the value of `x` will be `null`") do not count.
    private static readonly Regex NullablePhrase = new(@"\b(?:set\s+to|be|pass)\s+`?null`?(?![\w-])", Options);
    private static readonly Regex OtherFieldNull = new(@"\bof\s+`[^`]+`\s+will\s+be\s+`?null", Options);

    // "Defaults to `auto`", "defaults to 0.5", "This default to 600 seconds", "Defaults to 300ms"; not "`auto` will
    // default to `high`", which says what one value means rather than what an absent field is.
    private static readonly Regex DefaultPhrase = new(@"(?<!\bwill\s+)\bdefaults?\s+(?:is\s+|to\s+)(?:`(?<code>[^`]+)`|(?<num>-?\d+(?:\.\d+)?)(?![\d.]*\d)(?:\s*(?:ms|s|seconds?|milliseconds?)\b)?)", Options);
    private static readonly Regex DefaultIsPhrase = new(@"(?<num>-?\d+(?:\.\d+)?)\s+is\s+the\s+default\b", Options);

    // "(0.0 to 1.0)", "between 1 and 4096", "between `10` and `7200`".
    private static readonly Regex RangePhrase = new(@"\(\s*(?<min>-?\d+(?:\.\d+)?)\s+to\s+(?<max>-?\d+(?:\.\d+)?)\s*\)|\bbetween\s+`?(?<min>-?\d+(?:\.\d+)?)`?\s+and\s+`?(?<max>-?\d+(?:\.\d+)?)`?", Options);
    private static readonly Regex MinimumPhrase = new(@"(?<num>-?\d+(?:\.\d+)?)\s+is\s+the\s+minimum\b|\bminimum(?:\s+value)?\s+(?:is|of)\s+`?(?<num>-?\d+(?:\.\d+)?)", Options);
    private static readonly Regex MaximumPhrase = new(@"(?<num>-?\d+(?:\.\d+)?)\s+is\s+the\s+maximum\b|\bmaximum(?:\s+value)?\s+(?:is|of)\s+`?(?<num>-?\d+(?:\.\d+)?)`?(?!\s*(?:characters|tokens|items))", Options);

    // "Deprecated: …", "**Deprecated** …", "This field is deprecated …".
    private static readonly Regex DeprecatedPhrase = new(@"(?:^|\n)\s*(?:\*\*)?deprecated\b[^\n]*|(?<=^|[.\n]\s*)[^.\n]*?\b(?:is|are|has been|have been)\s+deprecated\b[^.\n]*\.?", Options);

    public bool IsNullable { get; init; }

    public string? Default { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public string? Deprecated { get; init; }

    public static DescriptionFacts Analyze(string? description, bool numeric)
    {
        if (string.IsNullOrEmpty(description) || description!.Length == 0) return default;
        var text = description!;

        // Each phrase is looked for only when its key word is there: most descriptions state none of them.
        double? min = null, max = null;
        string? defaultValue = null;
        if (numeric && HasDigit(text))
        {
            var range = RangePhrase.Match(text);
            if (range.Success)
            {
                min = ParseNumber(range.Groups["min"].Value);
                max = ParseNumber(range.Groups["max"].Value);
            }

            if (Contains(text, "minimum") && MinimumPhrase.Match(text) is { Success: true } minimum) min = ParseNumber(minimum.Groups["num"].Value);
            if (Contains(text, "maximum") && MaximumPhrase.Match(text) is { Success: true } maximum) max = ParseNumber(maximum.Groups["num"].Value);
        }

        if (Contains(text, "default"))
        {
            var defaultMatch = DefaultPhrase.Match(text);
            if (defaultMatch.Success)
            {
                defaultValue = defaultMatch.Groups["code"].Success ? CodeToJson(defaultMatch.Groups["code"].Value) : defaultMatch.Groups["num"].Value;
            }
            else if (numeric && DefaultIsPhrase.Match(text) is { Success: true } defaultIs)
            {
                defaultValue = defaultIs.Groups["num"].Value;
            }
        }

        var deprecated = Contains(text, "deprecated") ? DeprecatedPhrase.Match(text) : Match.Empty;
        return new DescriptionFacts
        {
            IsNullable = Contains(text, "null") && NullablePhrase.IsMatch(text) && !OtherFieldNull.IsMatch(text),
            Default = defaultValue,
            Minimum = min,
            Maximum = max,
            Deprecated = deprecated.Success ? deprecated.Value.Trim() : null,
        };
    }

    private static bool Contains(string text, string word) => text.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0;

    private static bool HasDigit(string text)
    {
        foreach (var c in text)
        {
            if (c >= '0' && c <= '9') return true;
        }

        return false;
    }

    /// <summary>A backticked default as JSON: numbers, <c>true</c>/<c>false</c>/<c>null</c>, arrays/objects as written, anything else a string.</summary>
    private static string CodeToJson(string code)
    {
        var trimmed = code.Trim();
        if (ParseNumber(trimmed) is not null || trimmed is "true" or "false" or "null") return trimmed;
        if (trimmed.StartsWith("[", StringComparison.Ordinal) || trimmed.StartsWith("{", StringComparison.Ordinal)) return trimmed.Replace("\\\"", "\"");
        if (trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[trimmed.Length - 1] == '"') return trimmed;
        return JsonText.Quote(trimmed);
    }

    private static double? ParseNumber(string text) =>
        double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;
}
