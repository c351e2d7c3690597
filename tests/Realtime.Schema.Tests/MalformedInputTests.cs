using Realtime.Schema.Model;

namespace Realtime.Schema.Tests;

/// <summary>Bad input never throws: it becomes diagnostics with lines.</summary>
public class MalformedInputTests
{
    [Fact]
    public void Empty_file_is_not_a_reference_page()
    {
        var schema = SchemaParser.Parse("");
        var error = Assert.Single(schema.Errors());
        Assert.Equal(DiagnosticIds.NotAReferencePage, error.Id);
        Assert.Equal(1, error.Line);
        Assert.Empty(schema.Types);
    }

    [Fact]
    public void Prose_only_file_is_not_a_reference_page()
    {
        var schema = SchemaParser.Parse("# Notes\n\nJust some text.\n\n- a bullet\n");
        Assert.Equal(DiagnosticIds.NotAReferencePage, Assert.Single(schema.Errors()).Id);
    }

    [Fact]
    public void Random_bytes_give_diagnostics_not_exceptions()
    {
        var random = new Random(1234);
        for (var round = 0; round < 20; round++)
        {
            var bytes = new byte[4096];
            random.NextBytes(bytes);
            var text = System.Text.Encoding.Latin1.GetString(bytes);
            var schema = SchemaParser.Parse(text);
            Assert.NotEmpty(schema.Diagnostics);
            Assert.All(schema.Diagnostics, d => Assert.True(d.Line >= 1));
        }
    }

    [Fact]
    public void Random_declaration_soup_never_throws()
    {
        // Fragments of the grammar in random order and nesting: whatever comes out, nothing escapes.
        var parts = new[] { "- `", "`", "  ", "object {", "}", " or ", "array of ", "map[", "]", "\"x\"", "3 more", ", ", "name: ", "optional ", "A = ", "B object { a }", "\n", "\n\n", "### T\n", "## Domain Types\n", "# R\n", "**post** `/p`\n", "```json\n" };
        var random = new Random(42);
        for (var round = 0; round < 200; round++)
        {
            var text = string.Concat(Enumerable.Range(0, 60).Select(_ => parts[random.Next(parts.Length)]));
            var schema = SchemaParser.Parse(text);
            Assert.DoesNotContain(schema.Diagnostics, d => d.Id == DiagnosticIds.InternalError);
        }
    }

    [Fact]
    public void Truncated_page_reports_the_cut_with_its_line()
    {
        var text = RealPages.AfterMarkdown;
        // Cut in the middle of RealtimeAudioConfigInput's field list: the summary counts fields the file no longer has.
        var cut = text.IndexOf("  - `noise_reduction: optional object { type }`", text.IndexOf("- `RealtimeAudioConfigInput object {", StringComparison.Ordinal), StringComparison.Ordinal);
        var schema = SchemaParser.Parse(text.Substring(0, cut));
        Assert.Empty(schema.Errors());
        var warning = Assert.Single(schema.Warnings());
        Assert.Equal(DiagnosticIds.SummaryMismatch, warning.Id);
        var expectedLine = text.Substring(0, text.IndexOf("- `RealtimeAudioConfigInput object {", StringComparison.Ordinal)).Count(c => c == '\n') + 1;
        Assert.Equal(expectedLine, warning.Line);
        Assert.NotNull(schema.FindType("AudioTranscription"));
    }

    [Fact]
    public void Truncated_inside_a_code_fence_is_reported()
    {
        var schema = SchemaParser.Parse("# R\n\n## Domain Types\n\n### A\n\n- `A object { a }`\n\n  - `a: string`\n\n```json\n{ \"a\":");
        var warning = Assert.Single(schema.Warnings());
        Assert.Equal(DiagnosticIds.UnclosedCodeFence, warning.Id);
        Assert.Equal(11, warning.Line);
    }

    [Fact]
    public void Unknown_type_form_is_an_error_at_its_line_and_column()
    {
        var schema = SchemaParser.Parse("# R\n\n## Domain Types\n\n### A\n\n- `A object { a, b }`\n\n  - `a: string`\n\n  - `b: tuple<string, number>`\n");
        var error = Assert.Single(schema.Errors());
        Assert.Equal(DiagnosticIds.InvalidTypeExpression, error.Id);
        Assert.Equal(11, error.Line);
        Assert.Equal(14, error.Column); // the '<' after `tuple`
        Assert.Contains("tuple<string, number>", error.Message);
        Assert.Equal(new[] { "a" }, schema.Type("A").Properties.Select(p => p.JsonName));
    }

    [Fact]
    public void Field_nested_under_a_literal_set_is_broken_nesting()
    {
        var schema = SchemaParser.Parse("# R\n\n## Domain Types\n\n### A\n\n- `A object { mode }`\n\n  - `mode: \"x\" or \"y\"`\n\n    - `\"x\"`\n\n    - `\"y\"`\n\n    - `size: number`\n");
        var error = Assert.Single(schema.Errors());
        Assert.Equal(DiagnosticIds.BrokenNesting, error.Id);
        Assert.Equal(15, error.Line);
    }

    [Fact]
    public void Literal_among_fields_is_broken_nesting()
    {
        var schema = SchemaParser.Parse("# R\n\n## Domain Types\n\n### A\n\n- `A object { a }`\n\n  - `a: string`\n\n  - `\"stray\"`\n");
        var error = Assert.Single(schema.Errors());
        Assert.Equal(DiagnosticIds.BrokenNesting, error.Id);
        Assert.Equal(11, error.Line);
    }

    [Fact]
    public void Field_at_the_top_of_a_type_section_is_broken_nesting()
    {
        var schema = SchemaParser.Parse("# R\n\n## Domain Types\n\n### A\n\n- `A object { a }`\n\n- `a: string`\n");
        var errors = schema.Errors();
        Assert.Contains(errors, e => e.Id == DiagnosticIds.BrokenNesting && e.Line == 9);
    }

    [Fact]
    public void Item_indented_too_deep_is_broken_nesting()
    {
        // After a blank line, eight spaces under a two-space item read as an indented code block.
        var schema = SchemaParser.Parse("# R\n\n## Domain Types\n\n### A\n\n- `A object { a }`\n\n          - `a: string`\n");
        var error = Assert.Single(schema.Errors());
        Assert.Equal(DiagnosticIds.BrokenNesting, error.Id);
        Assert.Equal(9, error.Line);
    }

    [Fact]
    public void Reference_never_expanded_is_info_and_any_json()
    {
        var schema = SchemaParser.Parse("# R\n\n## Domain Types\n\n### A\n\n- `A object { meta }`\n\n  - `meta: optional Metadata`\n");
        var info = Assert.Single(schema.Diagnostics);
        Assert.Equal((DiagnosticIds.UndefinedType, DiagnosticSeverity.Info, 9), (info.Id, info.Severity, info.Line));
        Assert.Equal(TypeRef.Unknown, schema.Type("Metadata").AliasOf);
    }

    [Fact]
    public void Endpoint_without_method_line_is_a_warning()
    {
        var schema = SchemaParser.Parse("# R\n\n# Things\n\n## Make thing\n\nMakes a thing.\n\n### Body Parameters\n\n- `name: string`\n");
        var warning = Assert.Single(schema.Warnings());
        Assert.Equal((DiagnosticIds.EndpointWithoutPath, 5), (warning.Id, warning.Line));
    }

    [Fact]
    public void Diagnostics_are_sorted_by_line()
    {
        var schema = SchemaParser.Parse("# R\n\n## Domain Types\n\n### A\n\n- `A object { a, b, c }`\n\n  - `a: ???`\n\n  - `b: string`\n\n```json\n");
        Assert.Equal(schema.Diagnostics.Select(d => d.Line).OrderBy(l => l), schema.Diagnostics.Select(d => d.Line));
        Assert.True(schema.Diagnostics.Count >= 3);
    }

    [Fact]
    public void Same_name_declared_with_different_fields_is_info_and_the_first_declaration_wins()
    {
        var schema = SchemaParser.Parse("# R\n\n## Domain Types\n\n### A\n\n- `A = B or C`\n\n  - `B object { x }`\n\n    - `x: string`\n\n  - `C object { y }`\n\n    - `y: string`\n\n### D\n\n- `D = B or E`\n\n  - `B object { x }`\n\n    - `x: number`\n\n  - `E object { w }`\n\n    - `w: string`\n");
        var info = Assert.Single(schema.Diagnostics);
        Assert.Equal((DiagnosticIds.ConflictingDeclaration, DiagnosticSeverity.Info), (info.Id, info.Severity));
        Assert.Equal(new[] { "x" }, schema.Type("B").Properties.Select(p => p.JsonName));
        Assert.Equal(TypeRef.String, schema.Type("B").Property("x").Type);
        Assert.Equal(21, info.Line);
        Assert.Equal(new[] { "B", "E" }, schema.Type("D").Variants.Select(v => v.Type.Name));
    }
}
