using Realtime.Generator.Emit;
using Realtime.Generator.Tests.Infrastructure;
using Realtime.Schema;
using Xunit.Abstractions;

namespace Realtime.Generator.Tests.Emit;

/// <summary>The emitters over the real reference page (read from ../shared at test time).</summary>
public sealed class RealPageEmitTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<EmittedFile>> Files = new(() =>
        ApiEmitter.EmitAll(SchemaParser.Parse(File.ReadAllText(TestPaths.DocsPath), TestPaths.DocsPath), new EmitOptions()));

    [Fact]
    public void Real_page_output_compiles_warning_free_on_net10_and_net8()
    {
        // REALTIME_EMIT_DUMP=<dir> writes the emitted files for inspection.
        if (Environment.GetEnvironmentVariable("REALTIME_EMIT_DUMP") is { Length: > 0 } dump)
        {
            Directory.CreateDirectory(dump);
            foreach (var file in Files.Value)
            {
                File.WriteAllText(Path.Combine(dump, file.HintName), file.Source);
            }
        }

        var names = Files.Value.Select(f => f.HintName).ToHashSet();
        Assert.True(names.Count > 150, $"only {names.Count} files emitted");
        Assert.Contains("Realtime.Api.RealtimeServerEvent.g.cs", names);
        Assert.Contains("Realtime.Api.RealtimeClientEventDispatcher.g.cs", names);
        Assert.Contains("Realtime.Api.AudioTranscription.g.cs", names);

        foreach (var net8 in new[] { false, true })
        {
            var errors = EmitCompiler.Errors(Files.Value, net8);
            foreach (var e in errors.Take(40))
            {
                output.WriteLine(e);
            }

            Assert.Empty(errors);
        }
    }
}
