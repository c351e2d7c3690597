using Realtime.Schema.Model;

namespace Realtime.Schema.Analysis;

/// <summary>
/// The words a page uses, for splitting a run of letters in a type name into words (<c>Mcphttp</c> → <c>Mcp</c>
/// <c>Http</c>): the words of its wire text (JSON names split at <c>_</c>, literal and enum values split at
/// non-alphanumerics) are the pieces a run may split into; a run that the page writes as a word of its own anywhere
/// (prose included) is a word and stays whole.
/// </summary>
public sealed class PageWords
{
    /// <summary>No words: names are only cased, never split.</summary>
    public static readonly PageWords None = new(new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));

    private readonly HashSet<string> _pieces;
    private readonly HashSet<string> _words;

    private PageWords(HashSet<string> pieces, HashSet<string> words)
    {
        _pieces = pieces;
        _words = words;
    }

    /// <summary>The words of <paramref name="schema"/>'s wire text and prose (lower case).</summary>
    public static PageWords Of(ApiSchema schema)
    {
        var pieces = new HashSet<string>(StringComparer.Ordinal);
        var words = new HashSet<string>(StringComparer.Ordinal);
        void Wire(string? text)
        {
            if (text is null) return;
            foreach (var word in LetterRuns(text, splitAtDigits: true)) pieces.Add(word);
            Prose(text);
        }

        void Prose(string? text)
        {
            if (text is null) return;
            foreach (var word in LetterRuns(text, splitAtDigits: false)) words.Add(word);
        }

        void Properties(IEnumerable<PropertyDecl> properties)
        {
            foreach (var property in properties)
            {
                Wire(property.JsonName);
                Literal(property.Type);
                Prose(property.Description);
            }
        }

        void Literal(TypeRef? type)
        {
            for (; type is not null; type = type.Element)
            {
                if (type.Kind == TypeRefKind.Literal && type.LiteralJson is { } json) Wire(json);
            }
        }

        foreach (var decl in schema.Types)
        {
            Prose(decl.Description);
            Properties(decl.Properties);
            foreach (var member in decl.Members)
            {
                Wire(member.Value);
                Prose(member.Description);
            }

            foreach (var variant in decl.Variants)
            {
                Wire(variant.DiscriminatorValue);
                Wire(variant.SubDiscriminatorValue);
                Literal(variant.Type);
                Prose(variant.Description);
            }
        }

        foreach (var endpoint in schema.Endpoints)
        {
            Prose(endpoint.Description);
            Prose(endpoint.Title);
            Properties(endpoint.PathParameters);
            Properties(endpoint.QueryParameters);
        }

        return new PageWords(pieces, words);
    }

    /// <summary>True when the page writes <paramref name="word"/> (any case) as a word of its own.</summary>
    public bool IsWord(string word) => _words.Contains(word.ToLowerInvariant()) || _pieces.Contains(word.ToLowerInvariant());

    /// <summary>
    /// <paramref name="run"/> (letters only) as two or more of the page's wire words, the split with the fewest pieces
    /// (then the longest first piece); null when the page writes the run itself as a word or it has no such split.
    /// </summary>
    public IReadOnlyList<string>? Split(string run)
    {
        var lower = run.ToLowerInvariant();
        if (_pieces.Count == 0 || IsWord(lower)) return null;

        // best[i]: the fewest pieces covering lower[i..], with the longest first piece among equals (linear in pieces tried).
        var count = new int[lower.Length + 1];
        var next = new int[lower.Length + 1];
        for (var i = lower.Length - 1; i >= 0; i--)
        {
            count[i] = int.MaxValue;
            for (var end = lower.Length; end >= i + MinPiece; end--)
            {
                if (count[end] == int.MaxValue || !_pieces.Contains(lower.Substring(i, end - i))) continue;
                if (count[end] + 1 < count[i])
                {
                    count[i] = count[end] + 1;
                    next[i] = end;
                }
            }
        }

        if (count[0] == int.MaxValue || count[0] < 2) return null;
        var result = new List<string>();
        for (var i = 0; i < lower.Length; i = next[i]) result.Add(lower.Substring(i, next[i] - i));
        return result;
    }

    // Two-letter pieces ("id", "in", "to") would split too many real words.
    private const int MinPiece = 3;

    private static IEnumerable<string> LetterRuns(string text, bool splitAtDigits)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inRun = i < text.Length && (IsAsciiLetter(text[i]) || (!splitAtDigits && start >= 0 && char.IsDigit(text[i])));
            if (inRun && start < 0) start = i;
            else if (!inRun && start >= 0)
            {
                yield return text.Substring(start, i - start).ToLowerInvariant();
                start = -1;
            }
        }
    }

    private static bool IsAsciiLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');
}
