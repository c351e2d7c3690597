using System.Text.Json;
using Realtime.Codegen.Cli;
using Realtime.Schema.Analysis;
using Realtime.Schema.Model;

namespace Realtime.Schema.Tests;

/// <summary>The maintainer commands, run in-process with captured output.</summary>
public class CliTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = Program.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Stats_json_has_exactly_the_documented_keys_and_the_asserted_counts()
    {
        var (exit, output, _) = Run("stats", TestPaths.AfterPage, "--json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(
            new[] { "objects", "unions", "enums", "enumMembers", "properties", "clientEvents", "serverEvents", "endpoints", "examples", "diagnostics", "unifications", "integers" },
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(new[] { "error", "warning", "info" }, root.GetProperty("diagnostics").EnumerateObject().Select(p => p.Name));
        var expected = ExpectedCounts.After;
        Assert.Equal(expected.Objects, root.GetProperty("objects").GetInt32());
        Assert.Equal(expected.Unions, root.GetProperty("unions").GetInt32());
        Assert.Equal(expected.Enums, root.GetProperty("enums").GetInt32());
        Assert.Equal(expected.EnumMembers, root.GetProperty("enumMembers").GetInt32());
        Assert.Equal(expected.Properties, root.GetProperty("properties").GetInt32());
        Assert.Equal(expected.ClientEvents, root.GetProperty("clientEvents").GetInt32());
        Assert.Equal(expected.ServerEvents, root.GetProperty("serverEvents").GetInt32());
        Assert.Equal(expected.Endpoints, root.GetProperty("endpoints").GetInt32());
        Assert.Equal(expected.Examples, root.GetProperty("examples").GetInt32());
        Assert.Equal(0, root.GetProperty("diagnostics").GetProperty("error").GetInt32());
        Assert.Equal(3, root.GetProperty("diagnostics").GetProperty("warning").GetInt32());

        // The unification listing: the same as the analysis stage's, one entry per site.
        var unifications = root.GetProperty("unifications");
        var listed = unifications.GetProperty("sites").EnumerateArray()
            .Select(u => (u.GetProperty("site").GetString()!, u.GetProperty("kind").GetString()!, u.GetProperty("from").GetString()!, u.GetProperty("to").GetString()!))
            .ToList();
        Assert.Equal(RealPages.AfterShaped.Unifications.Select(u => (u.Site, u.Kind.ToString(), u.From, u.To)), listed);
        Assert.Equal(listed.Count, new[] { "equalToNamed", "subsetOfNamed", "mergedCopies" }.Sum(k => unifications.GetProperty(k).GetInt32()));
        Assert.Contains(listed, u => u.Item4 == "AudioTranscription" && u.Item2 == "SubsetOfNamed");

        // The integer listing: every inferred member with its C# kind and evidence, as the builder found them.
        var integers = root.GetProperty("integers").EnumerateArray()
            .Select(i => (i.GetProperty("site").GetString()!, i.GetProperty("kind").GetString()!, i.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()!).ToList()))
            .ToList();
        Assert.Equal(RealPages.AfterShaped.Schema.IntegerInferences.Select(i => (i.Site, i.Width == IntegerWidth.Int32 ? "int" : "long")), integers.Select(i => (i.Item1, i.Item2)));
        Assert.All(integers, i => Assert.NotEmpty(i.Item3));
        Assert.Contains(integers, i => i.Item1 == "ResponseAudioDeltaEvent.output_index" && i.Item2 == "int");
    }

    [Fact]
    public void Stats_text_on_the_before_page()
    {
        var (exit, output, error) = Run("stats", TestPaths.BeforePage);
        Assert.Equal(0, exit);
        Assert.Contains($"objects        {ExpectedCounts.Before.Objects}", output);
        Assert.Contains("diagnostics    0 errors, 0 warnings", output);
        Assert.Matches(@"integers       \d+ members the page prints as number \(\d+ int, \d+ long\)", output);
        Assert.Matches(@"\n    int  ResponseAudioDeltaEvent\.content_index \(line \d+\): description: ""index""", output);
        Assert.Equal("", error);
    }

    [Fact]
    public void Stats_exits_1_when_the_page_has_errors()
    {
        var path = WriteTemp("# R\n\n## Domain Types\n\n### A\n\n- `A object { a }`\n\n  - `a: ???`\n");
        var (exit, _, error) = Run("stats", path);
        Assert.Equal(1, exit);
        Assert.Contains("(9,", error);
        Assert.Contains("RTCG002", error);
    }

    [Fact]
    public void Schema_writes_yaml_that_loads_back()
    {
        var output = Path.Combine(Path.GetTempPath(), $"schema-{Guid.NewGuid():N}.yaml");
        try
        {
            var (exit, _, error) = Run("schema", TestPaths.Fixture("unions.md"), "-o", output);
            Assert.Equal(0, exit);
            Assert.Contains("wrote", error);
            // The API's shape, with the page's and the stage's findings; the unification listing is for review only.
            var page = TestPaths.ParseFixture("unions.md");
            var shaped = ApiShaping.Shape(page);
            var expected = shaped.Schema with { Diagnostics = Realtime.Generator.ApiGeneration.Findings(page, shaped).ToEquatableArray() };
            Assert.Equal(expected, SchemaYaml.Deserialize(File.ReadAllText(output)));
            Assert.Contains("unifications:", File.ReadAllText(output));
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void Schema_to_stdout()
    {
        var (exit, output, _) = Run("schema", TestPaths.Fixture("objects.md"));
        Assert.Equal(0, exit);
        Assert.StartsWith("title: Gadgets", output);
    }

    [Theory]
    [InlineData("stats")]
    [InlineData("schema")]
    public void Missing_file_is_a_clear_error_with_exit_2(string command)
    {
        var (exit, output, error) = Run(command, "/no/such/dir/realtime.md");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("the file does not exist", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void Not_a_reference_page_is_exit_2()
    {
        var (exit, _, error) = Run("stats", WriteTemp("# Shopping\n\n- milk\n- eggs\n"));
        Assert.Equal(2, exit);
        Assert.Contains("not an API reference page", error);
    }

    [Fact]
    public void Directory_instead_of_file_is_exit_2()
    {
        var (exit, _, error) = Run("schema", Path.GetTempPath());
        Assert.Equal(2, exit);
        Assert.Contains("directory", error);
    }

    [Fact]
    public void Default_docs_path_is_used_when_none_is_given()
    {
        Assert.True(File.Exists(DocsInput.ResolvePath(null)), DocsInput.ResolvePath(null));
        var (exit, output, _) = Run("stats", "--json");
        Assert.Equal(0, exit);
        Assert.StartsWith("{\"objects\":", output);
    }

    [Fact]
    public void Bad_arguments_and_unknown_commands_are_exit_2_with_usage()
    {
        Assert.Equal(2, Run("stats", "--bogus").Exit);
        Assert.Equal(2, Run("schema", "a.md", "-o").Exit);
        var (exit, _, error) = Run("frobnicate");
        Assert.Equal(2, exit);
        Assert.Contains("usage: realtime-codegen stats", error);
        Assert.Equal(2, Run().Exit);
        Assert.Equal(0, Run("--help").Exit);
    }

    private static string WriteTemp(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"page-{Guid.NewGuid():N}.md");
        File.WriteAllText(path, text);
        return path;
    }
}
