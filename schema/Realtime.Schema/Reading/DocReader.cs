using System.Text;
using Markdig;
using Markdig.Syntax;
using Realtime.Schema.Model;

namespace Realtime.Schema.Reading;

/// <summary>
/// Reads the reference page through Markdig's AST into <see cref="DocEntry"/>s: headings, prose, code blocks and
/// declaration trees. Text (descriptions, headings) is cut from the source by the blocks' spans rather than
/// re-rendered from inlines, so <c>&lt;…&gt;</c>, <c>*</c> and backticks in prose survive exactly.
/// </summary>
internal sealed class DocReader
{
    // Block structure only: the reader needs nothing from inline parsing but a paragraph's leading code span, which
    // TryGetLoneCodeSpan reads from the source by the CommonMark rule; skipping inlines roughly halves Markdig's time.
    private static readonly MarkdownPipeline Pipeline = BlockOnlyPipeline();

    private static MarkdownPipeline BlockOnlyPipeline()
    {
        var builder = new MarkdownPipelineBuilder();
        builder.InlineParsers.Clear();
        return builder.Build();
    }

    private readonly string _source;
    private readonly List<SchemaDiagnostic> _diagnostics;
    private readonly StringBuilder _scratch = new();

    private DocReader(string source, List<SchemaDiagnostic> diagnostics)
    {
        _source = source;
        _diagnostics = diagnostics;
    }

    public static IReadOnlyList<DocEntry> Read(string markdown, List<SchemaDiagnostic> diagnostics)
    {
        // Too-deep blocks are blanked first (one warning each): Markdig would give up on the whole page.
        markdown = NestingGuard.Flatten(markdown, diagnostics);
        var reader = new DocReader(markdown, diagnostics);
        var document = Markdown.Parse(markdown, Pipeline);
        var entries = new List<DocEntry>();
        foreach (var block in document)
        {
            reader.ReadTopLevel(block, entries);
        }

        return entries;
    }

    private void ReadTopLevel(Block block, List<DocEntry> entries)
    {
        switch (block)
        {
            case HeadingBlock heading:
                entries.Add(new HeadingEntry(heading.Line + 1, heading.Level, HeadingText(heading)));
                break;
            case FencedCodeBlock fenced:
                entries.Add(new CodeEntry(fenced.Line + 1, fenced.Info ?? "", fenced.Lines.ToString(), fenced.ClosingFencedCharCount > 0));
                break;
            case ListBlock list:
                foreach (var child in list)
                {
                    if (child is not ListItemBlock item) continue;
                    var decl = ReadItem(item);
                    if (decl is not null) entries.Add(new DeclEntry(decl));
                    else entries.Add(new ParagraphEntry(item.Line + 1, SourceText(item)));
                }

                break;
            case CodeBlock indented:
                ReportIndentedDeclarations(indented);
                entries.Add(new ParagraphEntry(indented.Line + 1, SourceText(indented)));
                break;
            default:
                entries.Add(new ParagraphEntry(block.Line + 1, SourceText(block)));
                break;
        }
    }

    /// <summary>A declaration item, or null when the item is prose (its first inline is not a lone code span).</summary>
    private DeclItem? ReadItem(ListItemBlock item)
    {
        if (item.Count == 0 || item[0] is not ParagraphBlock first || !TryGetLoneCodeSpan(first, out var code))
        {
            return null;
        }

        List<DeclItem>? children = null;
        var description = new DescriptionBuilder();
        for (var i = 1; i < item.Count; i++)
        {
            var block = item[i];
            if (block is ListBlock list)
            {
                foreach (var child in list)
                {
                    if (child is not ListItemBlock childItem) continue;
                    var decl = ReadItem(childItem);
                    if (decl is not null) (children ??= new List<DeclItem>()).Add(decl);
                    else description.Add(SourceText(childItem));
                }
            }
            else
            {
                if (block is CodeBlock and not FencedCodeBlock) ReportIndentedDeclarations((CodeBlock)block);
                description.Add(SourceText(block));
            }
        }

        return new DeclItem(code, first.Line + 1, first.Column + 1, description.ToText(), (IReadOnlyList<DeclItem>?)children ?? Array.Empty<DeclItem>());
    }

    /// <summary>The paragraphs of a description joined by blank lines; most have one, which needs no builder.</summary>
    private struct DescriptionBuilder
    {
        private string? _single;
        private StringBuilder? _many;

        public void Add(string paragraph)
        {
            if (paragraph.Length == 0) return;
            if (_single is null && _many is null)
            {
                _single = paragraph;
                return;
            }

            _many ??= new StringBuilder(_single);
            _single = null;
            _many.Append("\n\n").Append(paragraph);
        }

        public readonly string? ToText() => _many?.ToString() ?? _single;
    }

    /// <summary>
    /// True when the paragraph is exactly one code span (the declaration summary): an opening run of n backticks whose
    /// matching closing run of exactly n ends the paragraph. Content as CommonMark defines it: line endings become
    /// spaces, and one space is stripped from each side when both sides have one.
    /// </summary>
    private bool TryGetLoneCodeSpan(ParagraphBlock paragraph, out string code)
    {
        code = "";

        // Most paragraphs are prose: decide on the first character before cutting any text. The text comes from the
        // source span because Markdig releases a paragraph's lines once it has been processed.
        var start = paragraph.Span.Start;
        if (start < 0 || start >= _source.Length || _source[start] != '`') return false;
        var text = SourceText(paragraph);
        var open = 0;
        while (open < text.Length && text[open] == '`') open++;
        if (open == 0) return false;
        var i = open;
        while (i < text.Length)
        {
            if (text[i] != '`')
            {
                i++;
                continue;
            }

            var runStart = i;
            while (i < text.Length && text[i] == '`') i++;
            if (i - runStart != open) continue;
            if (i != text.Length) return false;
            var content = text.Substring(open, runStart - open).Replace('\n', ' ');
            if (content.Length >= 2 && content[0] == ' ' && content[content.Length - 1] == ' ' && content.Trim().Length > 0)
            {
                content = content.Substring(1, content.Length - 2);
            }

            code = content;
            return true;
        }

        return false;
    }

    /// <summary>A list item indented so deep that Markdig reads it as an indented code block: the nesting is broken.</summary>
    private void ReportIndentedDeclarations(CodeBlock block)
    {
        foreach (var line in block.Lines.Lines)
        {
            if (line.Slice.Text is null) break;
            var text = line.Slice.ToString().TrimStart();
            if (text.StartsWith("- `", StringComparison.Ordinal))
            {
                _diagnostics.Add(new SchemaDiagnostic
                {
                    Id = DiagnosticIds.BrokenNesting,
                    Severity = DiagnosticSeverity.Error,
                    Line = line.Line + 1,
                    Message = "list item is indented too deep for its parent and reads as a code block (broken list nesting)",
                });
            }

        }
    }

    private string HeadingText(HeadingBlock heading)
    {
        var text = SourceText(heading);
        var start = 0;
        while (start < text.Length && text[start] == '#') start++;
        var end = text.Length;
        while (end > start && (text[end - 1] == '#' || char.IsWhiteSpace(text[end - 1]))) end--;
        return text.Substring(start, end - start).Trim();
    }

    /// <summary>The block's source text, each line trimmed of its indentation and trailing whitespace, without leading or trailing blank lines.</summary>
    private string SourceText(Block block)
    {
        var start = block.Span.Start;
        var end = Math.Min(block.Span.End, _source.Length - 1);
        if (start < 0 || end < start) return "";
        var newline = _source.IndexOf('\n', start, end - start + 1);
        if (newline < 0) return TrimmedLine(start, end + 1);

        var sb = _scratch.Clear();
        var lineStart = start;
        var pendingBlankLines = 0;
        while (lineStart <= end)
        {
            var lineEnd = _source.IndexOf('\n', lineStart, end - lineStart + 1);
            if (lineEnd < 0) lineEnd = end + 1;
            var s = lineStart;
            var e = lineEnd;
            while (s < e && (_source[s] == ' ' || _source[s] == '\t')) s++;
            while (e > s && char.IsWhiteSpace(_source[e - 1])) e--;
            if (e == s) pendingBlankLines++;
            else
            {
                if (sb.Length > 0) sb.Append('\n', pendingBlankLines + 1);
                pendingBlankLines = 0;
                sb.Append(_source, s, e - s);
            }

            lineStart = lineEnd + 1;
        }

        return sb.ToString();
    }

    private string TrimmedLine(int start, int end)
    {
        while (start < end && (_source[start] == ' ' || _source[start] == '\t')) start++;
        while (end > start && char.IsWhiteSpace(_source[end - 1])) end--;
        return _source.Substring(start, end - start);
    }
}
