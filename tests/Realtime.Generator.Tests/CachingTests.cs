using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Realtime.Generator.Tests.Infrastructure;
using Realtime.Schema.Model;

namespace Realtime.Generator.Tests;

/// <summary>The incremental pipeline caches: unrelated edits reuse every step, docs edits re-run.</summary>
public class CachingTests
{
    private static readonly string DocsPath = TestPaths.Fixture("events.md");

    [Fact]
    public void UnrelatedCSharpEdit_LeavesEveryStepCachedOrUnchanged()
    {
        var compilation = GeneratorHarness.CreateCompilation(false, "namespace App; public class Thing { }");
        var driver = GeneratorHarness.CreateDriver([new InMemoryText(DocsPath, File.ReadAllText(DocsPath))]);
        driver = driver.RunGenerators(compilation);
        Assert.NotEmpty(driver.GetRunResult().GeneratedTrees);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText("namespace App; public class Thing { public int Count { get; set; } }", GeneratorHarness.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var steps = result.TrackedSteps;
        foreach (var name in TrackingNames.All)
        {
            Assert.True(steps.ContainsKey(name), $"step {name} was not tracked");
        }

        var rerun = steps
            .Where(s => TrackingNames.All.Contains(s.Key))
            .SelectMany(s => s.Value.SelectMany(step => step.Outputs.Select(o => (s.Key, o.Reason))))
            .Where(x => x.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .ToList();
        Assert.True(rerun.Count == 0, "steps that re-ran: " + string.Join(", ", rerun));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void UnrelatedCSharpEdit_WithALock_LeavesEveryStepCachedOrUnchanged()
    {
        var compilation = GeneratorHarness.CreateCompilation(false, "namespace App; public class Thing { }");
        var driver = GeneratorHarness.CreateDriver([new InMemoryText(DocsPath, File.ReadAllText(DocsPath))], locks: [new InMemoryText("/project/api.lock.yaml", LockOf(File.ReadAllText(DocsPath)))]);
        driver = driver.RunGenerators(compilation);
        Assert.NotEmpty(driver.GetRunResult().GeneratedTrees);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App; public class Other { }", GeneratorHarness.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var rerun = result.TrackedSteps
            .Where(s => TrackingNames.All.Contains(s.Key))
            .SelectMany(s => s.Value.SelectMany(step => step.Outputs.Select(o => (s.Key, o.Reason))))
            .Where(x => x.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .ToList();
        Assert.True(rerun.Count == 0, "steps that re-ran: " + string.Join(", ", rerun));
        Assert.Contains(TrackingNames.LockFile, result.TrackedSteps.Keys);
        Assert.Contains(TrackingNames.Shaped, result.TrackedSteps.Keys);
    }

    [Fact]
    public void LockEdit_ReshapesWithoutReparsing()
    {
        var markdown = File.ReadAllText(DocsPath);
        var compilation = GeneratorHarness.CreateCompilation(false, "namespace App; public class Thing { }");
        var lockText = new InMemoryText("/project/api.lock.yaml", LockOf(markdown));
        var driver = GeneratorHarness.CreateDriver([new InMemoryText(DocsPath, markdown)], locks: [lockText]);
        driver = driver.RunGenerators(compilation);

        var ghost = new InMemoryText(lockText.Path, lockText.GetText().ToString() + "- name: Ghost\n  kind: object\n  sites:\n  - Ghost\n");
        driver = driver.ReplaceAdditionalText(lockText, ghost);
        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.All(result.TrackedSteps[TrackingNames.Parsed].SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.Contains(result.TrackedSteps[TrackingNames.LockFile].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(result.TrackedSteps[TrackingNames.Shaped].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        // The shaped schema is the same (Shape keeps the page's names), so no file is emitted again.
        Assert.All(result.TrackedSteps[TrackingNames.Emitted].SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.Contains(result.Diagnostics, d => d.Id == Realtime.Schema.DiagnosticIds.LockedTypeGone);
    }

    private static string LockOf(string markdown) =>
        Realtime.Schema.Lock.ApiLockYaml.Write(Realtime.Schema.Lock.ApiLocks.Create(Realtime.Schema.Analysis.ApiShaping.Shape(ApiGeneration.Parse(markdown, DocsPath))));

    [Fact]
    public void DocsEdit_ReparsesAndReEmits()
    {
        var original = File.ReadAllText(DocsPath);
        var compilation = GeneratorHarness.CreateCompilation(false, "namespace App; public class Thing { }");
        var originalText = new InMemoryText(DocsPath, original);
        var driver = GeneratorHarness.CreateDriver([originalText]);
        driver = driver.RunGenerators(compilation);

        var editedText = new InMemoryText(DocsPath, original.Replace("Soil moisture between 0 and 1.", "Soil moisture as a fraction."));
        Assert.NotEqual(original, editedText.GetText().ToString());
        driver = driver.ReplaceAdditionalText(originalText, editedText);
        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[TrackingNames.Parsed].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        // Only the files whose models changed are emitted again; the others come from the cache.
        var emitted = result.TrackedSteps[TrackingNames.Emitted].SelectMany(s => s.Outputs).ToList();
        Assert.Contains(emitted, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(emitted, o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        Assert.Contains(result.GeneratedSources, s => s.SourceText.ToString().Contains("Soil moisture as a fraction."));
    }

    [Fact]
    public void ModelTypes_HoldNoRoslynSymbolsSyntaxOrCompilations()
    {
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Compilation), typeof(SemanticModel), typeof(Location), typeof(Microsoft.CodeAnalysis.Text.SourceText) };
        var roots = typeof(RealtimeGenerator).Assembly.GetTypes()
            .Concat(typeof(ApiSchema).Assembly.GetTypes())
            .Where(IsRecord)
            .ToList();
        Assert.Contains(roots, t => t.Name == "ParsedDocs");

        var seen = new HashSet<Type>();
        var queue = new Queue<Type>(roots);
        while (queue.Count > 0)
        {
            var type = queue.Dequeue();
            if (!seen.Add(type) || type.IsPrimitive || type == typeof(string))
            {
                continue;
            }

            Assert.False(forbidden.Any(f => f.IsAssignableFrom(type)), $"{type} is reachable from a pipeline model");
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                queue.Enqueue(field.FieldType.IsArray ? field.FieldType.GetElementType()! : field.FieldType);
                foreach (var argument in field.FieldType.IsGenericType ? field.FieldType.GetGenericArguments() : [])
                {
                    queue.Enqueue(argument);
                }
            }
        }
    }

    // Records have a compiler-generated EqualityContract property.
    private static bool IsRecord(Type type) =>
        type.GetProperty("EqualityContract", BindingFlags.Instance | BindingFlags.NonPublic) is not null;
}
