using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Realtime.Generator.Emit;
using Realtime.Generator.Tests.Infrastructure;

namespace Realtime.Generator.Tests.Compatibility;

/// <summary>Compiles a set of emitted files, as <c>realtime-codegen emit</c> writes them, into an assembly on disk.</summary>
public static class EmittedAssembly
{
    /// <summary>
    /// Compiles <paramref name="files"/> (warnings as errors, nullable on, against .NET 10 and Realtime.Runtime alone) to
    /// <paramref name="directory"/>/<paramref name="assemblyName"/>.dll and returns its path; compile errors fail the test.
    /// </summary>
    public static string Compile(IEnumerable<EmittedFile> files, string directory, string assemblyName = "Realtime.Api")
    {
        var compilation = CSharpCompilation.Create(
            assemblyName,
            files.Select(f => CSharpSyntaxTree.ParseText(f.Source, GeneratorHarness.ParseOptions, path: f.HintName)),
            GeneratorHarness.References(),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                deterministic: true));

        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, assemblyName + ".dll");
        using (var stream = File.Create(path))
        {
            var result = compilation.Emit(stream);
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(result.Success, $"{errors.Count} compile errors, first:\n" + string.Join("\n", errors.Take(20)));
        }

        return path;
    }
}
