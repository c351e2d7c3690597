using Realtime.Schema.Diff;

namespace Realtime.Schema.Tests.Diff;

/// <summary>
/// The committed schema snapshot (tests/Realtime.Schema.Tests/Snapshots/realtime-after.schema.txt) must equal the
/// rendering of the default docs page. After a docs update, review the diff this test prints and accept it with
/// <c>REALTIME_ACCEPT_SNAPSHOTS=1 dotnet test tests/Realtime.Schema.Tests --filter FullyQualifiedName~SchemaSnapshotTests</c>.
/// </summary>
public class SchemaSnapshotTests
{
    private const string AcceptVariable = "REALTIME_ACCEPT_SNAPSHOTS";

    [Fact]
    public void Committed_schema_snapshot_matches_the_default_page()
    {
        var page = DiffTestPaths.AfterPage;
        // The API's shape: what the generator emits from the page (after the analysis stage's unification).
        var rendered = SchemaSnapshot.Render(Analysis.ApiShaping.Shape(SchemaParser.Parse(File.ReadAllText(page), page)).Schema);
        var file = DiffTestPaths.SnapshotFile;

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, rendered);
            File.Delete(Path.ChangeExtension(file, ".received.txt"));
            return;
        }

        var received = Path.ChangeExtension(file, ".received.txt");
        if (!File.Exists(file))
        {
            File.WriteAllText(received, rendered);
            Assert.Fail($"no committed schema snapshot at {file}; review {received} and accept it with {AcceptVariable}=1");
        }

        var committed = File.ReadAllText(file).Replace("\r\n", "\n");
        if (committed == rendered)
        {
            File.Delete(received);
        }
        else
        {
            File.WriteAllText(received, rendered);
            Assert.Fail($"the schema of {page} differs from the committed snapshot; review, then accept with {AcceptVariable}=1:\n"
                + LineDiff.Render(committed, rendered, "committed " + Path.GetFileName(file), "rendered from " + Path.GetFileName(page)));
        }
    }

    [Fact]
    public void Snapshot_has_no_descriptions_or_line_numbers()
    {
        var page = DiffTestPaths.AfterPage;
        var schema = SchemaParser.Parse(File.ReadAllText(page), page);
        var rendered = SchemaSnapshot.Render(schema);
        var descriptions = schema.Types.SelectMany(t => t.Properties).Select(p => p.Description)
            .Where(d => d is { Length: > 40 })
            .Take(50)
            .ToList();
        Assert.NotEmpty(descriptions);
        Assert.All(descriptions, d => Assert.DoesNotContain(d!, rendered));
        Assert.Equal(rendered, SchemaSnapshot.Render(SchemaParser.Parse(File.ReadAllText(page), page)));
        Assert.Contains("object AudioTranscription\n", rendered);
        Assert.Contains("endpoint POST /realtime/translations/client_secrets", rendered);
    }
}
