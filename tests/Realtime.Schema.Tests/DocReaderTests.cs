using Realtime.Schema.Model;
using Realtime.Schema.Reading;

namespace Realtime.Schema.Tests;

public class DocReaderTests
{
    private static IReadOnlyList<DocEntry> Read(string markdown)
    {
        var diagnostics = new List<SchemaDiagnostic>();
        var entries = DocReader.Read(markdown, diagnostics);
        Assert.Empty(diagnostics);
        return entries;
    }

    [Fact]
    public void Declarations_carry_one_based_lines_columns_descriptions_and_children()
    {
        var entries = Read("# Title\n\n### Thing\n\n- `Thing object { a }`\n\n  About the <thing> and *stars*,\n  over two lines.\n\n  - `a: string`\n\n    The a.\n");
        Assert.Equal(new[] { 1, 3, 5 }, entries.Select(e => e.Line));
        var item = Assert.IsType<DeclEntry>(entries[2]).Item;
        Assert.Equal("Thing object { a }", item.Code);
        Assert.Equal(5, item.Line);
        Assert.Equal(3, item.Column);
        Assert.Equal("About the <thing> and *stars*,\nover two lines.", item.Description);
        var child = Assert.Single(item.Children);
        Assert.Equal(10, child.Line);
        Assert.Equal(5, child.Column);
        Assert.Equal("The a.", child.Description);
    }

    [Fact]
    public void Prose_list_items_inside_a_declaration_join_its_description()
    {
        var entries = Read("- `mode: \"a\"`\n\n  Modes.\n\n  - `a`: the first mode.\n\n  - `\"a\"`\n");
        var item = Assert.IsType<DeclEntry>(Assert.Single(entries)).Item;
        Assert.Equal("Modes.\n\n- `a`: the first mode.", item.Description);
        Assert.Equal("\"a\"", Assert.Single(item.Children).Code);
    }

    [Fact]
    public void Headings_paragraphs_and_code_fences_are_entries()
    {
        var entries = Read("# Widgets\n\n## Make widget\n\n**post** `/widgets`\n\n```http\ncurl -d '{}'\n```\n");
        Assert.Equal("Widgets", Assert.IsType<HeadingEntry>(entries[0]).Text);
        Assert.Equal(2, Assert.IsType<HeadingEntry>(entries[1]).Level);
        Assert.Equal("**post** `/widgets`", Assert.IsType<ParagraphEntry>(entries[2]).Text);
        var code = Assert.IsType<CodeEntry>(entries[3]);
        Assert.Equal("http", code.Info);
        Assert.Equal("curl -d '{}'", code.Code);
        Assert.Equal(7, code.Line);
        Assert.True(code.IsClosed);
    }

    [Fact]
    public void Crlf_line_endings_read_the_same()
    {
        var entries = Read("- `a: string`\r\n\r\n  Text\r\n  more.\r\n");
        var item = Assert.IsType<DeclEntry>(Assert.Single(entries)).Item;
        Assert.Equal("Text\nmore.", item.Description);
    }

    [Theory]
    [InlineData("- `a: string`", "a: string")]
    [InlineData("- `` q: \"`\" ``", "q: \"`\"")]
    [InlineData("- ``  two  ``", " two ")]
    [InlineData("- `wrapped\n  summary`", "wrapped summary")]
    public void Code_span_content_follows_the_commonmark_rules(string markdown, string code)
    {
        var item = Assert.IsType<DeclEntry>(Assert.Single(Read(markdown))).Item;
        Assert.Equal(code, item.Code);
    }

    [Theory]
    [InlineData("- `a` and `b`")]
    [InlineData("- `a`: the first")]
    [InlineData("- plain text")]
    [InlineData("- ``unclosed`")]
    public void Items_that_are_not_a_lone_code_span_are_prose(string markdown)
    {
        Assert.IsType<ParagraphEntry>(Assert.Single(Read(markdown)));
    }
}
