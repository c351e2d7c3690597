using System.Text;
using System.Text.RegularExpressions;

namespace Realtime.Generator.Emit;

/// <summary>
/// The page's markdown descriptions as XML documentation: code spans → <c>&lt;c&gt;</c>, links →
/// <c>&lt;see href&gt;</c>, paragraphs → <c>&lt;para&gt;</c>, bullet and numbered lists → <c>&lt;list type="bullet"&gt;</c>;
/// everything else is XML-escaped text. Characters XML cannot hold (U+0000, U+FFFF, lone surrogates …) are dropped
/// and the line breaks C# knows besides <c>\n</c> (U+2028 …) become <c>\n</c>, so no description can end a
/// <c>///</c> line early or make the documentation malformed (CS1570).
/// </summary>
internal static class XmlDoc
{
    private static readonly Regex ListMarker = new(@"^(?:[-*+]|\d{1,9}[.)])\s+", RegexOptions.CultureInvariant);

    /// <summary>The XML lines of a <c>&lt;summary&gt;</c> body for <paramref name="markdown"/> (empty when it has no text).</summary>
    public static IReadOnlyList<string> Lines(string markdown)
    {
        var paragraphs = Paragraphs(Clean(markdown));
        var lines = new List<string>();
        foreach (var paragraph in paragraphs)
        {
            var items = ListItems(paragraph);
            var wrap = paragraphs.Count > 1 && items is null;
            if (wrap) lines.Add("<para>");
            if (items is not null)
            {
                lines.Add("<list type=\"bullet\">");
                lines.AddRange(items.Select(item => "<item><description>" + Inline(item) + "</description></item>"));
                lines.Add("</list>");
            }
            else
            {
                lines.AddRange(paragraph.Select(Inline));
            }

            if (wrap) lines.Add("</para>");
        }

        return lines;
    }

    /// <summary>Plain text as XML character data (escaped, invalid characters dropped, on one line).</summary>
    public static string Text(string text) => Escape(Clean(text).Replace('\n', ' '));

    /// <summary>
    /// The sentences of <paramref name="description"/> that name <paramref name="value"/> in a code span
    /// (<c>`low` will wait longer …</c>): what the page says about one enum value, or null when it says nothing.
    /// </summary>
    public static string? AboutValue(string? description, string value)
    {
        if (description is null || value.Length == 0) return null;
        var quoted = "`" + value + "`";
        var json = "`\"" + value + "\"`";
        var sentences = Sentences(Clean(description)).Where(s => s.Contains(quoted) || s.Contains(json)).ToList();
        return sentences.Count == 0 ? null : string.Join(" ", sentences);
    }

    /// <summary><paramref name="text"/> without the characters XML 1.0 cannot hold, with every line break as <c>\n</c>.</summary>
    public static string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                sb.Append('\n');
            }
            else if (c is '\u0085' or '\u2028' or '\u2029' or '\n')
            {
                sb.Append('\n');
            }
            else if (c == '\t' || (c >= '\u0020' && c <= '\uD7FF') || (c >= '\uE000' && c <= '\uFFFD'))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static List<List<string>> Paragraphs(string text)
    {
        var paragraphs = new List<List<string>>();
        var current = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                if (current.Count > 0) paragraphs.Add(current);
                current = new List<string>();
            }
            else
            {
                current.Add(line);
            }
        }

        if (current.Count > 0) paragraphs.Add(current);
        return paragraphs;
    }

    /// <summary>The items of a paragraph that is a list (its first line is an item; later lines without a marker continue the item before), else null.</summary>
    private static List<string>? ListItems(List<string> paragraph)
    {
        if (!ListMarker.IsMatch(paragraph[0])) return null;
        var items = new List<string>();
        foreach (var line in paragraph)
        {
            var marker = ListMarker.Match(line);
            if (marker.Success) items.Add(line.Substring(marker.Length));
            else items[items.Count - 1] += " " + line;
        }

        return items;
    }

    /// <summary>One line of markdown as XML: code spans, links; the rest escaped.</summary>
    private static string Inline(string line)
    {
        var sb = new StringBuilder(line.Length + 16);
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (c == '`' && CodeSpan(line, i) is { } span)
            {
                sb.Append("<c>").Append(Escape(span.Content)).Append("</c>");
                i = span.End;
            }
            else if (c == '[' && Link(line, i) is { } link)
            {
                sb.Append("<see href=\"").Append(EscapeAttribute(link.Url)).Append("\">").Append(Escape(link.Text)).Append("</see>");
                i = link.End;
            }
            else
            {
                sb.Append(Escape(c.ToString()));
                i++;
            }
        }

        return sb.ToString();
    }

    /// <summary>A code span opening at <paramref name="start"/> (a backtick run closed by a run of the same length), or null.</summary>
    private static (string Content, int End)? CodeSpan(string line, int start)
    {
        var open = start;
        while (open < line.Length && line[open] == '`') open++;
        var length = open - start;
        for (var i = open; i < line.Length;)
        {
            if (line[i] != '`')
            {
                i++;
                continue;
            }

            var run = i;
            while (i < line.Length && line[i] == '`') i++;
            if (i - run == length) return (line.Substring(open, run - open).Trim(), i);
        }

        return null;
    }

    /// <summary>An inline link <c>[text](url)</c> at <paramref name="start"/> with an absolute http(s) or relative URL, or null.</summary>
    private static (string Text, string Url, int End)? Link(string line, int start)
    {
        var close = line.IndexOf("](", start + 1, StringComparison.Ordinal);
        if (close < 0 || line.IndexOf('[', start + 1, close - start - 1) >= 0) return null;
        var end = line.IndexOf(')', close + 2);
        if (end < 0) return null;
        var url = line.Substring(close + 2, end - close - 2).Trim();
        if (url.Length == 0 || url.Any(char.IsWhiteSpace)) return null;
        var text = line.Substring(start + 1, close - start - 1).Replace("`", "");
        return (text.Length == 0 ? url : text, url, end + 1);
    }

    private static IEnumerable<string> Sentences(string text)
    {
        var flat = string.Join(" ", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
        var start = 0;
        for (var i = 0; i < flat.Length; i++)
        {
            // A sentence ends at ". " (not inside a code span, where "." is common: `gpt-4o.1`).
            if (flat[i] == '`')
            {
                var close = flat.IndexOf('`', i + 1);
                if (close > 0) i = close;
                continue;
            }

            if (flat[i] is '.' or '!' or '?' && (i + 1 == flat.Length || flat[i + 1] == ' '))
            {
                yield return flat.Substring(start, i + 1 - start).Trim();
                start = i + 1;
            }
        }

        if (start < flat.Length && flat.Substring(start).Trim() is { Length: > 0 } rest) yield return rest;
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static string EscapeAttribute(string text) => Escape(text).Replace("\"", "&quot;");
}
