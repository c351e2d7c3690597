using System.Diagnostics;
using Realtime.Schema.Model;
using Realtime.Schema.Reading;

namespace Realtime.Schema.Tests;

/// <summary>
/// A pathologically nested block (a line of 128 quote markers, a list nested 64 or 2,000 deep) costs one warning at
/// its line; the rest of the page is still read, and reading stays linear in the page size.
/// </summary>
public class DeepNestingTests
{
    private static string Quotes(int depth) => string.Concat(Enumerable.Repeat("> ", depth)) + "deep\n";

    private static string NestedList(int depth) =>
        string.Concat(Enumerable.Range(0, depth).Select(i => new string(' ', 2 * i) + $"- level {i}\n"));

    private static string InlineMarkers(int depth) => string.Concat(Enumerable.Repeat("- ", depth)) + "x\n";

    private static readonly (string Name, string Block)[] Blocks =
    [
        ("quotes", Quotes(128)),
        ("list64", NestedList(64)),
        ("markers", InlineMarkers(200)),
        ("list2000", NestedList(2000)),
    ];

    [Fact]
    public void The_real_page_with_deep_blocks_inserted_still_gives_all_its_types()
    {
        var lines = RealPages.AfterMarkdown.Split('\n').ToList();
        var expected = RealPages.After.Types.Select(t => t.Name).ToList();

        // Before each of a few top-level headings (a block there cannot change what the sections declare).
        var headings = lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("### ", StringComparison.Ordinal)).Select(x => x.i).ToList();
        var at = new[] { headings[1], headings[headings.Count / 2], headings[^1] };
        var inserted = new List<int>();
        var offset = 0;
        foreach (var (index, block) in at.Zip(Blocks.Take(3).Select(b => b.Block)))
        {
            var blockLines = block.TrimEnd('\n').Split('\n');
            lines.InsertRange(index + offset, blockLines.Append(""));
            inserted.Add(index + offset + 1);
            offset += blockLines.Length + 1;
        }

        var schema = SchemaParser.Parse(string.Join('\n', lines), "deep.md");

        Assert.DoesNotContain(schema.Diagnostics, d => d.Id == DiagnosticIds.InternalError);
        Assert.Equal(expected, schema.Types.Select(t => t.Name));
        var deep = schema.Diagnostics.Where(d => d.Id == DiagnosticIds.NestingTooDeep).ToList();
        Assert.Equal(inserted.Count, deep.Count);
        // Each at its block: the quote line itself, the first too-deep item of the list, the marker line.
        Assert.Equal(inserted[0], deep[0].Line);
        Assert.Equal(inserted[1] + NestingGuard.MaxDepth / 2, deep[1].Line);
        Assert.Equal(inserted[2], deep[2].Line);
    }

    [Theory]
    [InlineData("quotes")]
    [InlineData("list64")]
    [InlineData("markers")]
    [InlineData("list2000")]
    public void A_deep_block_costs_one_warning_and_the_declarations_around_it_are_read(string name)
    {
        var block = Blocks.Single(b => b.Name == name).Block;
        var page = "# Realtime\n\n## Domain Types\n\n### Lamp\n\n- `Lamp object { on }`\n\n  A lamp.\n\n  - `on: boolean`\n\n    Lit.\n\n"
            + block + "\n### Shade\n\n- `Shade object { color }`\n\n  A shade.\n\n  - `color: string`\n\n    Its color.\n";

        var schema = SchemaParser.Parse(page);

        Assert.Equal(["Lamp", "Shade"], schema.Types.Select(t => t.Name));
        Assert.Single(schema.Diagnostics, d => d.Id == DiagnosticIds.NestingTooDeep);
        Assert.DoesNotContain(schema.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void What_Markdig_sees_never_nests_deeper_than_the_limit_and_keeps_every_offset()
    {
        // Three deep blocks, each ended by a shallow line: three warnings.
        var page = NestedList(2000) + "text\n" + Quotes(5000) + "text\n" + InlineMarkers(3000) + "```json\n" + new string(' ', 400) + "{}\n```\n";
        var diagnostics = new List<SchemaDiagnostic>();

        var flattened = NestingGuard.Flatten(page, diagnostics);

        Assert.Equal(page.Length, flattened.Length);
        Assert.Equal(page.Count(c => c == '\n'), flattened.Count(c => c == '\n'));
        var lines = flattened.Split('\n');
        // Every list line deeper than the limit is blank; the shallow ones are untouched; fenced code is text.
        Assert.All(lines.Take(2000).Skip(NestingGuard.MaxDepth / 2), l => Assert.True(string.IsNullOrWhiteSpace(l)));
        Assert.Equal(NestedList(NestingGuard.MaxDepth / 2).Split('\n')[..^1], lines[..(NestingGuard.MaxDepth / 2)]);
        Assert.Contains(new string(' ', 400) + "{}", lines);
        Assert.Equal(3, diagnostics.Count);
    }

    [Fact]
    public void A_page_nested_2000_deep_is_read_in_a_moment()
    {
        // Before the guard this took 11–37 s and ended in RTCG099; the bound is two orders of magnitude above what it takes now.
        var page = "# R\n\n## Domain Types\n\n### Deep\n\n" + string.Concat(Enumerable.Range(0, 2000).Select(i => new string(' ', 2 * i) + $"- `f{i}: object {{ f{i + 1} }}`\n\n"));
        var clock = Stopwatch.StartNew();

        var schema = SchemaParser.Parse(page);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.DoesNotContain(schema.Diagnostics, d => d.Id == DiagnosticIds.InternalError);
        Assert.Single(schema.Diagnostics, d => d.Id == DiagnosticIds.NestingTooDeep);
    }
}
