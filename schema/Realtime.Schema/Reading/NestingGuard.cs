using Realtime.Schema.Model;

namespace Realtime.Schema.Reading;

/// <summary>
/// Keeps pathological nesting away from Markdig: a line whose block containers (quote markers, list markers, list
/// indentation) would nest deeper than <see cref="MaxDepth"/> is blanked before parsing, and each run of such lines is
/// one warning at its first line. Markdig stops with an exception at its own depth limit (losing the whole page) and
/// spends time quadratic in the depth before that; the guard is one pass over the text, and the rest of the page is
/// read as usual. Blanking keeps every other character where it was, so lines and offsets stay the page's own.
/// </summary>
internal static class NestingGuard
{
    /// <summary>
    /// The deepest container nesting a line may open (Markdig counts a list level as two: list and item). The
    /// reference pages nest about 20 deep; Markdig's own limit is 128.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary><paramref name="markdown"/> with every too-deep line blanked (or the same string when none is).</summary>
    public static string Flatten(string markdown, List<SchemaDiagnostic> diagnostics)
    {
        char[]? flattened = null;
        var inFence = false;
        var fenceChar = '\0';
        var fenceLength = 0;
        var inSkippedRun = false;
        var lineNumber = 0;
        for (var start = 0; start < markdown.Length;)
        {
            lineNumber++;
            var end = markdown.IndexOf('\n', start);
            if (end < 0) end = markdown.Length;
            var (depth, content) = Depth(markdown, start, end);

            // Fenced code (JSON examples) may be indented deep: it is text, not nesting. A fence line is seen after its containers.
            if (IsFence(markdown, content, end, out var c, out var length) && (!inFence || (c == fenceChar && length >= fenceLength)))
            {
                if (inFence) inFence = false;
                else if (depth <= MaxDepth)
                {
                    (inFence, fenceChar, fenceLength) = (true, c, length);
                }
            }
            else if (inFence)
            {
                depth = 0;
            }

            if (depth > MaxDepth)
            {
                flattened ??= markdown.ToCharArray();
                for (var i = start; i < end; i++)
                {
                    if (flattened[i] != '\r') flattened[i] = ' ';
                }

                if (!inSkippedRun)
                {
                    diagnostics.Add(new SchemaDiagnostic
                    {
                        Id = DiagnosticIds.NestingTooDeep,
                        Severity = DiagnosticSeverity.Warning,
                        Line = lineNumber,
                        Message = $"this block nests deeper than {MaxDepth} levels (quotes, lists); it is skipped up to its next shallower line",
                    });
                }
            }

            inSkippedRun = depth > MaxDepth || (inSkippedRun && IsBlank(markdown, start, end));
            start = end + 1;
        }

        return flattened is null ? markdown : new string(flattened);
    }

    /// <summary>
    /// How deep a line's containers nest: one per <c>&gt;</c>, two per list marker (<c>-</c>, <c>*</c>, <c>+</c>,
    /// <c>1.</c>, <c>1)</c> followed by a space), one per column of indentation (a list level indents two columns and
    /// opens two containers); and where its content starts.
    /// </summary>
    private static (int Depth, int Content) Depth(string text, int start, int end)
    {
        var depth = 0;
        var i = start;
        while (i < end)
        {
            var c = text[i];
            if (c == ' ')
            {
                depth++;
                i++;
            }
            else if (c == '\t')
            {
                depth += 4;
                i++;
            }
            else if (c == '>')
            {
                depth++;
                i++;
            }
            else if (c is '-' or '*' or '+' && i + 1 < end && text[i + 1] is ' ' or '\t')
            {
                depth += 2;
                i += 2;
            }
            else if (c is >= '0' and <= '9' && OrderedMarkerLength(text, i, end) is > 0 and var length)
            {
                depth += 2;
                i += length;
            }
            else
            {
                break;
            }

            if (depth > MaxDepth) break;
        }

        return (depth, i);
    }

    private static int OrderedMarkerLength(string text, int i, int end)
    {
        var j = i;
        while (j < end && j - i < 9 && text[j] is >= '0' and <= '9') j++;
        return j < end - 1 && text[j] is '.' or ')' && text[j + 1] is ' ' or '\t' ? j + 2 - i : 0;
    }

    private static bool IsFence(string text, int content, int end, out char fenceChar, out int length)
    {
        fenceChar = content < end ? text[content] : '\0';
        length = 0;
        if (fenceChar is not ('`' or '~')) return false;
        while (content + length < end && text[content + length] == fenceChar) length++;
        return length >= 3;
    }

    private static bool IsBlank(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (!char.IsWhiteSpace(text[i])) return false;
        }

        return true;
    }
}
