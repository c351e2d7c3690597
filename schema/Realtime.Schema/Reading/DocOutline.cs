namespace Realtime.Schema.Reading;

// What the reader hands the builder: the page as a flat sequence of headings, paragraphs, code blocks and
// declaration trees, each with its 1-based line. No Markdig types leak past the reader.

internal abstract class DocEntry
{
    protected DocEntry(int line) => Line = line;

    /// <summary>1-based line in the markdown.</summary>
    public int Line { get; }
}

internal sealed class HeadingEntry : DocEntry
{
    public HeadingEntry(int line, int level, string text) : base(line)
    {
        Level = level;
        Text = text;
    }

    public int Level { get; }

    public string Text { get; }
}

internal sealed class ParagraphEntry : DocEntry
{
    public ParagraphEntry(int line, string text) : base(line) => Text = text;

    /// <summary>The paragraph's source text, lines trimmed of indentation.</summary>
    public string Text { get; }
}

internal sealed class CodeEntry : DocEntry
{
    public CodeEntry(int line, string info, string code, bool closed) : base(line)
    {
        Info = info;
        Code = code;
        IsClosed = closed;
    }

    /// <summary>The fence's info string (<c>http</c>, <c>json</c>).</summary>
    public string Info { get; }

    public string Code { get; }

    /// <summary>False when the file ended inside the fence.</summary>
    public bool IsClosed { get; }
}

/// <summary>A top-level declaration list item and its subtree.</summary>
internal sealed class DeclEntry : DocEntry
{
    public DeclEntry(DeclItem item) : base(item.Line) => Item = item;

    public DeclItem Item { get; }
}

/// <summary>A list item whose first inline is a code span: a declaration (type, property, variant or literal member).</summary>
internal sealed class DeclItem
{
    public DeclItem(string code, int line, int column, string? description, IReadOnlyList<DeclItem> children)
    {
        Code = code;
        Line = line;
        Column = column;
        Description = description;
        Children = children;
    }

    /// <summary>The code span's text: the declaration summary.</summary>
    public string Code { get; }

    public int Line { get; }

    /// <summary>1-based column of the code span.</summary>
    public int Column { get; }

    /// <summary>The prose under the item, rebuilt from the source text; null when there is none.</summary>
    public string? Description { get; }

    /// <summary>The nested declaration items, in page order.</summary>
    public IReadOnlyList<DeclItem> Children { get; }

    /// <summary>The parsed summary, filled in lazily by the builder.</summary>
    internal Syntax.DeclSyntax? Syntax { get; set; }

    public override string ToString() => $"{Line}: {Code}";
}
