using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Realtime.Generator.Emit;
using Realtime.Generator.Tests.Infrastructure;

namespace Realtime.Generator.Tests.Emit;

/// <summary>Compiles emitted files (plus test probes) in memory with warnings as errors, and loads the result.</summary>
public static class EmitCompiler
{
    /// <summary>Compiler errors (warnings count: the compilation treats them as errors), formatted with the file's hint name.</summary>
    public static IReadOnlyList<string> Errors(IEnumerable<EmittedFile> files, bool net8 = false, params string[] extraSources) =>
        Errors(files, net8, GeneratorHarness.ParseOptions, extraSources);

    /// <inheritdoc cref="Errors(IEnumerable{EmittedFile}, bool, string[])"/>
    public static IReadOnlyList<string> Errors(IEnumerable<EmittedFile> files, bool net8, CSharpParseOptions parseOptions, params string[] extraSources)
    {
        var compilation = Create(files, net8, extraSources, parseOptions);
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{d.Location.SourceTree?.FilePath}({d.Location.GetLineSpan().StartLinePosition.Line + 1}): {d.Id} {d.GetMessage()}")
            .ToList();
    }

    /// <summary>Compiles and loads; throws with the diagnostics when the code does not compile cleanly.</summary>
    public static Assembly Load(IEnumerable<EmittedFile> files, params string[] extraSources)
    {
        var compilation = Create(files, false, extraSources, GeneratorHarness.ParseOptions);
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(30)
                .Select(d => $"{d.Location.SourceTree?.FilePath}({d.Location.GetLineSpan().StartLinePosition.Line + 1}): {d.Id} {d.GetMessage()}");
            throw new InvalidOperationException("Emitted code does not compile:\n" + string.Join("\n", errors));
        }

        stream.Position = 0;
        return new AssemblyLoadContext("emit-test-" + Guid.NewGuid().ToString("N"), isCollectible: true).LoadFromStream(stream);
    }

    /// <summary>
    /// Compiles to <paramref name="directory"/>/<paramref name="assemblyName"/>.dll (against .NET 10 and Realtime.Runtime
    /// alone, as a consumer of <c>emit</c> would) and returns its path; fails the test when the code does not compile cleanly.
    /// </summary>
    public static string Save(IEnumerable<EmittedFile> files, string directory, string assemblyName)
    {
        var compilation = Create(files, false, [], GeneratorHarness.ParseOptions, assemblyName);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, assemblyName + ".dll");
        using var stream = File.Create(path);
        var result = compilation.Emit(stream);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(result.Success, $"{errors.Count} compile errors, first:\n" + string.Join("\n", errors.Take(20)));
        return path;
    }

    private static CSharpCompilation Create(IEnumerable<EmittedFile> files, bool net8, string[] extraSources, CSharpParseOptions parseOptions, string? assemblyName = null)
    {
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Source, parseOptions, path: f.HintName))
            .Concat(extraSources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parseOptions, path: $"Probe{i}.cs")));
        return GeneratorHarness.CreateCompilation(net8).AddSyntaxTrees(trees).WithAssemblyName(assemblyName ?? "Emitted" + Guid.NewGuid().ToString("N"));
    }

    /// <summary>Calls a public static method of a probe class in the loaded assembly.</summary>
    public static object? Call(this Assembly assembly, string typeName, string method, params object?[] args)
    {
        var type = assembly.GetType(typeName, throwOnError: true)!;
        var info = type.GetMethod(method, BindingFlags.Public | BindingFlags.Static)
            ?? throw new MissingMethodException(typeName, method);
        try
        {
            return info.Invoke(null, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }
}
