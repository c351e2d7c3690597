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

    /// <summary>A <c>/// &lt;summary&gt;</c> block from free text (escaped, one line per source line); nothing when empty.</summary>
    public CodeWriter Summary(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return this;
        }

        Line("/// <summary>");
        foreach (var line in text!.Replace("\r\n", "\n").Split('\n'))
        {
            var trimmed = line.TrimEnd();
            Line(trimmed.Length == 0 ? "///" : "/// " + EscapeXml(trimmed));
        }

        return Line("/// </summary>");
    }

    public static string EscapeXml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    public override string ToString() => _sb.ToString();
}
