using System.Globalization;
using System.Text.RegularExpressions;
using Realtime.Schema.Model;

namespace Realtime.Schema.Building;

/// <summary>
/// Which of the page's <c>number</c>s are integers. The page prints <c>number</c> for indexes and token counts as
/// for thresholds and speeds, so the builder weighs what the page itself shows about each member:
/// <list type="bullet">
/// <item>its description: "index", "number of", "milliseconds", "tokens", "timestamp", "seconds since epoch",
/// "sample rate", "bytes"/"size", "an integer" (each enough on its own);</item>
/// <item>the words of its JSON name (<c>_ms</c>, <c>_tokens</c>, <c>_at</c>, <c>index</c>, <c>code</c> …), an integer
/// literal for that JSON name in the page's JSON examples, an integral default or bound (supporting: together with a
/// name word they are enough);</item>
/// <item>counter-evidence, which always wins: a fraction for that JSON name in any example, a fractional default or
/// bound, a decimal number or the words "fraction", "ratio", "multiple of" in the description.</item>
/// </list>
/// A timestamp or a size is 64 bits, anything else (indexes, counts, milliseconds, tokens, sample rates) 32 bits
/// unless an example, default or bound does not fit.
/// </summary>
internal static class IntegerEvidence
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    private enum Meaning
    {
        Index,
        Count,
        Milliseconds,
        Tokens,
        SampleRate,
        Bytes,
        Integer,
        Timestamp,
        Size,
    }

    private static readonly (Meaning Meaning, Regex Pattern)[] DescriptionCues =
    {
        (Meaning.Timestamp, new Regex(@"\bunix\s+timestamp\b|\bseconds\s+since\s+(?:the\s+)?(?:unix\s+)?epoch\b|\btimestamp\b", Options)),
        (Meaning.Size, new Regex(@"\bsize\b[^.]*\bbytes?\b|\b(?:in|number\s+of)\s+bytes\b", Options)),
        (Meaning.Index, new Regex(@"\bindex\b", Options)),
        (Meaning.Count, new Regex(@"\bnumber\s+of\b|\bcount\s+of\b", Options)),
        (Meaning.Milliseconds, new Regex(@"\bmillisecond(?:s)?\b|\d\s*ms\b|\bin\s+ms\b", Options)),
        (Meaning.Tokens, new Regex(@"\btokens\b", Options)),
        (Meaning.SampleRate, new Regex(@"\bsampl(?:e|ing)\s+rate\b", Options)),
        (Meaning.Bytes, new Regex(@"\bbytes\b", Options)),
        (Meaning.Integer, new Regex(@"\ban?\s+integer\b|\bwhole\s+number\b", Options)),
    };

    // A decimal number ("0.5", "(0.0 to 1.0)", "[0.6, 1.2]"), not a version or a dotted name ("gpt-4.1", "1.2.3").
    private static readonly Regex DecimalNumber = new(@"(?<![\w.-])-?\d+\.\d+(?!\w|\.\d)", Options);
    private static readonly Regex FractionWords = new(@"\bfraction\b|\bratio\b|\bmultiple\s+of\b|\bpercentage\b", Options);

    // JSON examples: a member with a number, or an array of numbers.
    private static readonly Regex ExampleNumber = new(@"""(?<name>[A-Za-z_][\w]*)""\s*:\s*(?<value>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(?=\s*[,}\]])", RegexOptions.CultureInvariant);
    private static readonly Regex ExampleNumberArray = new(@"""(?<name>[A-Za-z_][\w]*)""\s*:\s*\[(?<values>\s*-?\d[\d.eE+\-\s,]*)\]", RegexOptions.CultureInvariant);

    /// <summary>What the page's JSON examples hold for each JSON name: the integer literals and whether any value is a fraction.</summary>
    private sealed class ExampleValues
    {
        public List<string> Integers { get; } = new();

        public string? Fraction { get; set; }
    }

    /// <summary>The builder's types and endpoints with every inferred integer in place, and the list of what was inferred.</summary>
    public static (List<TypeDecl> Types, List<Endpoint> Endpoints, List<IntegerInference> Inferences) Apply(IReadOnlyList<TypeDecl> types, IReadOnlyList<Endpoint> endpoints)
    {
        var examples = CollectExamples(endpoints);

        // A member whose own description says nothing (elapsed_ms: "timing metadata") but whose name says "integer"
        // takes the word of another member of the same JSON name that the page shows to be one.
        var first = Apply(types, endpoints, examples, new Dictionary<string, string>(StringComparer.Ordinal));
        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var inference in first.Inferences.Where(i => i.Evidence.Any(e => e.StartsWith("description", StringComparison.Ordinal))))
        {
            var jsonName = LastJsonName(inference.Site);
            if (!shown.ContainsKey(jsonName)) shown.Add(jsonName, inference.Site);
        }

        return Apply(types, endpoints, examples, shown);
    }

    private static (List<TypeDecl> Types, List<Endpoint> Endpoints, List<IntegerInference> Inferences) Apply(
        IReadOnlyList<TypeDecl> types, IReadOnlyList<Endpoint> endpoints, Dictionary<string, ExampleValues> examples, Dictionary<string, string> shown)
    {
        var inferences = new List<IntegerInference>();
        var newTypes = new List<TypeDecl>(types.Count);
        foreach (var original in types)
        {
            var decl = original;
            var site = decl.IsNamedOnPage ? decl.Name : decl.Origin;
            switch (decl.Kind)
            {
                case TypeDeclKind.Object:
                    newTypes.Add(decl with { Properties = decl.Properties.Select(p => InferProperty(p, site + "." + p.JsonName, examples, shown, inferences)).ToEquatableArray() });
                    break;
                case TypeDeclKind.Union when decl.Variants.Any(v => ContainsNumber(v.Type)):
                    // A union's number variant (MaxOutputTokens = number or "inf") has the union's words and JSON name.
                    var jsonName = decl.IsNamedOnPage ? NameWords(decl.Name) : LastJsonName(decl.Origin);
                    if (Weigh(jsonName, decl.Description, null, null, null, examples, shown) is { } found)
                    {
                        inferences.Add(new IntegerInference { Site = site, Width = found.Width, Evidence = found.Evidence, Line = decl.Line });
                        decl = decl with { Variants = decl.Variants.Select(v => v with { Type = Replace(v.Type, found.Width) }).ToEquatableArray() };
                    }

                    newTypes.Add(decl);
                    break;
                default:
                    newTypes.Add(decl);
                    break;
            }
        }

        var newEndpoints = endpoints.Select(endpoint =>
        {
            var root = endpoint.Resource + "/" + endpoint.Title;
            return endpoint with
            {
                PathParameters = endpoint.PathParameters.Select(p => InferProperty(p, root + "." + p.JsonName, examples, shown, inferences)).ToEquatableArray(),
                QueryParameters = endpoint.QueryParameters.Select(p => InferProperty(p, root + "." + p.JsonName, examples, shown, inferences)).ToEquatableArray(),
            };
        }).ToList();
        return (newTypes, newEndpoints, inferences);
    }

    private static PropertyDecl InferProperty(PropertyDecl property, string site, Dictionary<string, ExampleValues> examples, Dictionary<string, string> shown, List<IntegerInference> inferences)
    {
        if (!ContainsNumber(property.Type)) return property;
        var evidence = Weigh(property.JsonName, property.Description, property.Default, property.Minimum, property.Maximum, examples, shown);
        if (evidence is not { } found) return property;
        inferences.Add(new IntegerInference { Site = site, Width = found.Width, Evidence = found.Evidence, Line = property.Line });
        return property with { Type = Replace(property.Type, found.Width) };
    }

    private static bool ContainsNumber(TypeRef type) => type.Kind switch
    {
        TypeRefKind.Number => true,
        TypeRefKind.Array or TypeRefKind.Map => type.Element is { } element && ContainsNumber(element),
        _ => false,
    };

    /// <summary>The number in <paramref name="type"/> (itself, or the element of an array or map) as an integer.</summary>
    private static TypeRef Replace(TypeRef type, IntegerWidth width) => type.Kind switch
    {
        TypeRefKind.Number => width == IntegerWidth.Int32 ? TypeRef.Int32 : TypeRef.Integer,
        TypeRefKind.Array or TypeRefKind.Map when type.Element is { } element => type with { Element = Replace(element, width) },
        _ => type,
    };

    /// <summary>The evidence that a member is an integer, and its width; null when there is too little or any counter-evidence.</summary>
    private static (IntegerWidth Width, EquatableArray<string> Evidence)? Weigh(string jsonName, string? description, string? defaultJson, double? minimum, double? maximum, Dictionary<string, ExampleValues> examples, Dictionary<string, string> shown)
    {
        var text = description ?? "";

        // Counter-evidence first: any sign of a fraction settles it.
        if (DecimalNumber.IsMatch(text) || FractionWords.IsMatch(text)) return null;
        if (defaultJson is not null && IsNumberText(defaultJson) && !IsIntegerText(defaultJson)) return null;
        if (minimum is { } min && Math.Floor(min) != min) return null;
        if (maximum is { } max && Math.Floor(max) != max) return null;
        examples.TryGetValue(jsonName, out var example);
        if (example?.Fraction is not null) return null;

        var meanings = new List<Meaning>();
        var evidence = new List<string>();
        foreach (var (meaning, pattern) in DescriptionCues)
        {
            var match = pattern.Match(text);
            if (!match.Success || meanings.Contains(meaning)) continue;

            // "bytes" inside a size phrase is the size's.
            if (meaning == Meaning.Bytes && meanings.Contains(Meaning.Size)) continue;
            meanings.Add(meaning);
            evidence.Add($"description: \"{Collapse(match.Value)}\"");
        }

        var strong = meanings.Count > 0;
        var nameMeanings = NameMeanings(jsonName);
        foreach (var (word, meaning) in nameMeanings)
        {
            if (!meanings.Contains(meaning)) meanings.Add(meaning);
            evidence.Add($"name: {word}");
        }

        var supporting = new List<long>();
        if (example is not null)
        {
            foreach (var value in example.Integers.Distinct(StringComparer.Ordinal).Take(3)) evidence.Add($"example: {value}");
            supporting.AddRange(example.Integers.Select(ParseInteger).OfType<long>());
        }

        if (defaultJson is not null && IsIntegerText(defaultJson) && ParseInteger(defaultJson) is { } defaultValue)
        {
            evidence.Add($"default: {defaultJson}");
            supporting.Add(defaultValue);
        }

        if (minimum is not null || maximum is not null)
        {
            evidence.Add($"range: {Format(minimum)}..{Format(maximum)}");
            if (minimum is { } lo) supporting.Add((long)Math.Max(lo, long.MinValue));
            if (maximum is { } hi) supporting.Add((long)Math.Min(hi, long.MaxValue));
        }

        var hasSupport = example?.Integers.Count > 0 || supporting.Count > 0;
        if (!strong && nameMeanings.Count > 0 && shown.TryGetValue(jsonName, out var other))
        {
            evidence.Add($"same name: {other}");
            hasSupport = true;
        }

        if (!strong && !(nameMeanings.Count > 0 && hasSupport)) return null;

        var wide = meanings.Contains(Meaning.Timestamp) || meanings.Contains(Meaning.Size)
            || supporting.Any(v => v < int.MinValue || v > int.MaxValue);
        return (wide ? IntegerWidth.Int64 : IntegerWidth.Int32, evidence.ToEquatableArray());
    }

    /// <summary>The words of a JSON name that say "integer" (<c>audio_end_ms</c> → ms, <c>expires_at</c> → at).</summary>
    private static List<(string Word, Meaning Meaning)> NameMeanings(string jsonName)
    {
        var words = jsonName.ToLowerInvariant().Split(new[] { '_', ' ', '.' }, StringSplitOptions.RemoveEmptyEntries);
        var found = new List<(string, Meaning)>();
        for (var i = 0; i < words.Length; i++)
        {
            var last = i == words.Length - 1;
            Meaning? meaning = words[i] switch
            {
                "index" or "idx" => Meaning.Index,
                "count" or "channels" => Meaning.Count,
                "ms" => Meaning.Milliseconds,
                "tokens" => Meaning.Tokens,
                "timestamp" => Meaning.Timestamp,
                "at" when last && i > 0 => Meaning.Timestamp,
                "rate" when i > 0 && words[i - 1] == "sample" => Meaning.SampleRate,
                "bytes" => Meaning.Bytes,
                "size" => Meaning.Size,
                "code" => Meaning.Integer,
                _ => null,
            };
            if (meaning is { } m) found.Add((m == Meaning.SampleRate ? "sample_rate" : words[i], m));
        }

        return found;
    }

    /// <summary>A page union's name as JSON-name words (<c>MaxResponseOutputTokens</c> → <c>max_response_output_tokens</c>).</summary>
    private static string NameWords(string name) => Regex.Replace(name, "(?<=[a-z0-9])(?=[A-Z])", "_").ToLowerInvariant();

    private static string LastJsonName(string origin)
    {
        var dot = origin.LastIndexOf('.');
        return dot >= 0 ? origin.Substring(dot + 1) : origin;
    }

    private static Dictionary<string, ExampleValues> CollectExamples(IReadOnlyList<Endpoint> endpoints)
    {
        var values = new Dictionary<string, ExampleValues>(StringComparer.Ordinal);
        ExampleValues For(string name) => values.TryGetValue(name, out var v) ? v : values[name] = new ExampleValues();
        void Note(string name, string number)
        {
            if (IsIntegerText(number)) For(name).Integers.Add(number);
            else For(name).Fraction ??= number;
        }

        foreach (var json in endpoints.SelectMany(e => e.Examples).SelectMany(x => new[] { x.RequestJson, x.ResponseJson }).OfType<string>())
        {
            foreach (Match m in ExampleNumber.Matches(json)) Note(m.Groups["name"].Value, m.Groups["value"].Value);
            foreach (Match m in ExampleNumberArray.Matches(json))
            {
                foreach (var item in m.Groups["values"].Value.Split(','))
                {
                    if (item.Trim() is { Length: > 0 } number) Note(m.Groups["name"].Value, number);
                }
            }
        }

        return values;
    }

    private static bool IsNumberText(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>An integer as JSON writes it: digits only (<c>1.0</c> and <c>1e3</c> are written as fractions).</summary>
    private static bool IsIntegerText(string text)
    {
        var digits = text.StartsWith("-", StringComparison.Ordinal) ? text.Substring(1) : text;
        return digits.Length > 0 && digits.All(c => c >= '0' && c <= '9');
    }

    private static long? ParseInteger(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Format(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    private static string Collapse(string text) => Regex.Replace(text, @"\s+", " ").ToLowerInvariant();
}
