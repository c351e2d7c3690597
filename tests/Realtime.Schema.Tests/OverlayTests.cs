using Realtime.Codegen.Cli;
using Realtime.Schema.Analysis;
using Realtime.Schema.Model;
using Realtime.Schema.Overlay;

namespace Realtime.Schema.Tests;

/// <summary>The maintainer overlay: each update kind applied, stale actions, errors at their lines, and the CLI option.</summary>
public class OverlayTests
{
    private const string Page = """
        # Lamps

        ## Domain Types

        ### Shade

        - `Shade object { color }`

          - `color: string`

        ### Lamp

        - `Lamp object { code, level, shade, glow }`

          - `code: number`

          - `level: optional number`

            The brightness level.

          - `shade: object { color }`

            - `color: string`

          - `glow: optional object { color }`

            - `color: string`
        """;

    private static readonly ApiSchema Schema = SchemaParser.Parse(Page, "lamps.md");

    private static ShapedApi Shape(string overlayYaml)
    {
        var read = ApiOverlayYaml.Read(overlayYaml);
        Assert.Empty(read.Problems);
        return ApiShaping.Shape(Schema, new ShapingOptions { Overlay = read.Overlay });
    }

    private static string Overlay(string actions) => "overlay: 1.0.0\ninfo:\n  title: Lamps overlay\n  version: 1.0.0\nactions:\n" + actions;

    [Fact]
    public void Without_an_overlay_the_page_decides()
    {
        var shaped = ApiShaping.Shape(Schema);
        var lamp = shaped.Schema.Types.Single(t => t.Name == "Lamp");
        Assert.Equal(TypeRef.Number, lamp.Properties[0].Type);
        Assert.Equal(TypeRef.Named("Shade"), lamp.Properties[2].Type);
        Assert.Equal(new[] { "Code", "Level", "Shade", "Glow" }, CSharpNames.ObjectMemberNames(lamp));
    }

    [Fact]
    public void Type_name_nullable_required_and_remove_update_a_member()
    {
        var shaped = Shape(Overlay("""
              - target: Lamp.code
                update:
                  type: int32
                  name: ErrorCode
                  required: false
              - target: Lamp.level
                update:
                  type: int64
                  nullable: true
              - target: Lamp.glow
                remove: true
            """));
        var lamp = shaped.Schema.Types.Single(t => t.Name == "Lamp");
        Assert.Equal(new[] { "code", "level", "shade" }, lamp.Properties.Select(p => p.JsonName));
        Assert.Equal((TypeRef.Int32, false), (lamp.Properties[0].Type, lamp.Properties[0].IsRequired));
        Assert.Equal((TypeRef.Integer, true), (lamp.Properties[1].Type, lamp.Properties[1].IsNullable));
        Assert.Equal(new[] { "ErrorCode", "Level", "Shade" }, CSharpNames.ObjectMemberNames(lamp));
        Assert.Empty(shaped.OverlayFindings);
    }

    [Fact]
    public void A_page_type_is_renamed_everywhere_it_is_used()
    {
        var shaped = Shape(Overlay("""
              - target: Shade
                update:
                  name: LampShade
            """));
        Assert.DoesNotContain(shaped.Schema.Types, t => t.Name == "Shade");
        Assert.Contains(shaped.Schema.Types, t => t.Name == "LampShade" && t.IsNamedOnPage);
        Assert.Equal(TypeRef.Named("LampShade"), shaped.Schema.Types.Single(t => t.Name == "Lamp").Properties[2].Type);
    }

    [Fact]
    public void Unify_false_keeps_an_inline_sites_own_type_and_name_renames_it()
    {
        var shaped = Shape(Overlay("""
              - target: Lamp.shade
                update:
                  unify: false
                  name: LampShadeCopy
            """));
        var lamp = shaped.Schema.Types.Single(t => t.Name == "Lamp");
        Assert.Equal(TypeRef.Named("LampShadeCopy"), lamp.Properties[2].Type);
        Assert.Contains(shaped.Schema.Types, t => t.Name == "LampShadeCopy" && !t.IsNamedOnPage);
        Assert.DoesNotContain(shaped.Unifications, u => u.Site == "Lamp.shade");
        Assert.Contains(shaped.Unifications, u => u.Site == "Lamp.glow" && u.To == "Shade");
    }

    [Fact]
    public void An_action_whose_target_is_not_on_the_page_is_a_stale_warning_at_its_line()
    {
        var shaped = Shape(Overlay("""
              - target: Lamp.code
                update:
                  type: int32
              - target: Lamp.wattage
                update:
                  type: int32
              - target: Shade.color
                update:
                  type: int64
            """));
        Assert.Equal(TypeRef.Int32, shaped.Schema.Types.Single(t => t.Name == "Lamp").Properties[0].Type);
        Assert.Collection(
            shaped.OverlayFindings,
            stale =>
            {
                Assert.Equal((DiagnosticIds.StaleOverlayAction, DiagnosticSeverity.Warning, 9), (stale.Id, stale.Severity, stale.Line));
                Assert.Contains("`Lamp.wattage`", stale.Message);
                Assert.Contains("stale", stale.Message);
            },
            inapplicable =>
            {
                Assert.Equal(12, inapplicable.Line);
                Assert.Contains("applies to a number member", inapplicable.Message);
            });
    }

    [Theory]
    [InlineData("overlay: 1.0.0\nactions:\n  - target: Lamp.code\n    update:\n      type: float\n", 5, "unknown type `float`")]
    [InlineData("overlay: 1.0.0\nactions:\n  - target: Lamp.code\n    update:\n      colour: red\n", 5, "unknown key `colour`")]
    [InlineData("overlay: 1.0.0\nactions:\n  - target: Lamp.code\n    update:\n      nullable: maybe\n", 5, "`nullable` must be true or false")]
    [InlineData("overlay: 1.0.0\nactions:\n  - target: Lamp.code\n    update:\n      name: 2fast\n", 5, "not a C# identifier")]
    [InlineData("overlay: 1.0.0\nactions:\n  - update:\n      type: int32\n", 3, "no `target`")]
    [InlineData("overlay: 2.0.0\nactions: []\n", 1, "unsupported overlay version")]
    [InlineData("actions: []\n", 1, "missing `overlay: 1.0.0`")]
    [InlineData("overlay: 1.0.0\nactions:\n  - target: [unclosed\n", 4, "not valid YAML")]
    public void Errors_are_diagnostics_at_their_line_and_nothing_is_applied(string yaml, int line, string message)
    {
        var read = ApiOverlayYaml.Read(yaml);
        Assert.Null(read.Overlay);
        var problem = Assert.Single(read.Problems);
        Assert.Equal((DiagnosticIds.InvalidOverlay, DiagnosticSeverity.Error), (problem.Id, problem.Severity));
        Assert.Contains(message, problem.Message);
        Assert.Equal(line, problem.Line);
    }

    [Fact]
    public void The_cli_applies_the_overlay_and_reports_stale_entries_and_errors_with_the_overlay_path()
    {
        var page = WriteTemp(Page, ".md");
        var overlay = WriteTemp(Overlay("  - target: Lamp.code\n    update:\n      type: int32\n  - target: Lamp.gone\n    remove: true\n"), ".yaml");
        var output = Path.Combine(Path.GetTempPath(), "overlay-" + Guid.NewGuid().ToString("N"));
        foreach (var args in new[]
        {
            new[] { "emit", page, "-o", output, "--overlay", overlay },
            new[] { "schema", page, "--overlay", overlay },
            new[] { "stats", page, "--overlay", overlay },
            new[] { "lock", page, "--overlay", overlay },
            new[] { "diff", page, page, "--overlay", overlay },
        })
        {
            var (exit, stdout, stderr) = Run(args);
            Assert.True(exit == 0, $"{args[0]}: {stderr}");
            Assert.Contains($"{overlay}(9,1): warning RTCG031:", stderr);
            if (args[0] == "schema") Assert.Contains("type: int32", stdout);
            if (args[0] == "lock") Assert.Contains("type: int32", stdout);
        }

        Assert.Contains("public required int Code", File.ReadAllText(Path.Combine(output, "Realtime.Api.Lamp.g.cs")));

        var bad = WriteTemp("overlay: 1.0.0\nactions:\n  - target: Lamp.code\n    update:\n      type: float\n", ".yaml");
        var (badExit, _, badError) = Run("stats", page, "--overlay", bad);
        Assert.Equal(2, badExit);
        Assert.Contains($"{bad}(5,13): error RTCG030: unknown type `float`", badError);
        Assert.Equal(2, Run("stats", page, "--overlay", bad + ".missing").Exit);
    }

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = Program.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string WriteTemp(string text, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), "realtime-overlay-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllText(path, text);
        return path;
    }
}
