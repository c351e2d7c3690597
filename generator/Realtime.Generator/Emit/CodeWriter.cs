using System.Text;

namespace Realtime.Generator.Emit;

/// <summary>An indented text writer for generated C# (4 spaces per level, <c>\n</c> line endings).</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _sb = new();
    private int _indent;

    public CodeWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _sb.Append(' ', _indent * 4).Append(text);
        }

        _sb.Append('\n');
        return this;
    }

    /// <summary>Writes <c>{</c> and indents.</summary>
    public CodeWriter Open(string? header = null)
    {
        if (header is not null)
        {
            Line(header);
        }

        Line("{");
        _indent++;
        return this;
    }

    /// <summary>Outdents and writes <c>}</c> (plus <paramref name="suffix"/>).</summary>
    public CodeWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    /// <summary>A <c>/// &lt;summary&gt;</c> block from a markdown description (see <see cref="XmlDoc"/>); nothing when it has no text.</summary>
    public CodeWriter Summary(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return this;
        }

        var lines = XmlDoc.Lines(markdown!);
        if (lines.Count == 0)
        {
            return this;
        }

        Line("/// <summary>");
        foreach (var line in lines)
        {
            Line("/// " + line);
        }

        return Line("/// </summary>");
    }

    /// <summary>Plain text as XML character data for a documentation comment (see <see cref="XmlDoc.Text"/>).</summary>
    public static string EscapeXml(string text) => XmlDoc.Text(text);

    public override string ToString() => _sb.ToString();
}
