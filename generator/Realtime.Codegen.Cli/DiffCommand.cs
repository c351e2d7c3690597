using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Realtime.Schema;
using Realtime.Schema.Analysis;
using Realtime.Schema.Diff;
using Realtime.Schema.Lock;
using Realtime.Schema.Model;

namespace Realtime.Codegen.Cli;

/// <summary>
/// <c>realtime-codegen diff &lt;before.md&gt; &lt;after.md&gt; [--format markdown|json] [--fail-on breaking|any|none] [--lock FILE]</c>:
/// the API change report between two versions of a reference page; with <c>--lock</c>, also what the after page breaks
/// in C# under that lock (each locked name it cannot keep). Exit code 0, or 1 when <c>--fail-on</c> is triggered
/// (breaking: any breaking change or locked name not kept; any: any change at all, description-only included), 2 for
/// bad input (a missing or invalid lock file too).
/// </summary>
public static class DiffCommand
{
    public const string Usage = "usage: realtime-codegen diff <before.md> <after.md> [--format markdown|json] [--fail-on breaking|any|none] [--lock FILE] [--overlay FILE]";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (!OverlayInput.TryTake(ref args, stderr, out var shaping, out var overlayPath)) return 2;
        if (args.Any(a => a is "-h" or "--help"))
        {
            stdout.WriteLine(Usage);
            return 0;
        }

        if (!TryParseArguments(args, out var options, out var error))
        {
            stderr.WriteLine("error: " + error);
            stderr.WriteLine(Usage);
            return 2;
        }

        if (!DiffPageLoader.TryLoad(options.BeforePath, stderr, out var before) || !DiffPageLoader.TryLoad(options.AfterPath, stderr, out var after))
        {
            return 2;
        }

        // Both pages are compared as the API they generate: shaped, and under the lock when one is given.
        ApiLock? apiLock = null;
        if (options.LockPath is not null && !LockInput.TryLoad(options.LockPath, stderr, out apiLock)) return 2;
        var shapedAfter = ApiShaping.Shape(after, apiLock, shaping);
        OverlayInput.WriteFindings(shapedAfter, overlayPath, stderr);
        var lockFindings = options.LockPath is null ? null : LockFindings.From(options.LockPath.Replace('\\', '/'), shapedAfter);
        var diff = SchemaDiff.Compare(ApiShaping.Shape(before, apiLock, shaping).Schema, shapedAfter.Schema);
        var beforeName = options.BeforePath.Replace('\\', '/');
        var afterName = options.AfterPath.Replace('\\', '/');
        stdout.Write(options.Json ? DiffJson.Render(diff, beforeName, afterName, lockFindings) : DiffMarkdownReport.Render(diff, beforeName, afterName, lockFindings));

        var lockBreaks = lockFindings?.Diagnostics.Count ?? 0;
        var failed = options.FailOn switch
        {
            "breaking" => diff.HasBreaking || lockBreaks > 0,
            "any" => !diff.IsEmpty || lockBreaks > 0,
            _ => false,
        };
        if (failed)
        {
            stderr.WriteLine($"diff: --fail-on {options.FailOn} triggered ({diff.Count(ChangeClassification.Breaking)} breaking of {diff.Changes.Count} changes"
                + (lockFindings is null ? ")" : $"; {lockBreaks} locked names not kept)"));
        }

        return failed ? 1 : 0;
    }

    private sealed record Options(string BeforePath, string AfterPath, bool Json, string FailOn, string? LockPath);

    private static bool TryParseArguments(IReadOnlyList<string> args, out Options options, out string error)
    {
        options = new Options("", "", false, "none", null);
        var positional = new List<string>();
        var format = "markdown";
        var failOn = "none";
        string? lockPath = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? value = null;
            var name = arg;
            var eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                name = arg.Substring(0, eq);
                value = arg.Substring(eq + 1);
            }

            switch (name)
            {
                case "--format":
                case "--fail-on":
                case "--lock":
                    if (value is null)
                    {
                        if (i + 1 >= args.Count)
                        {
                            error = $"{name} needs a value";
                            return false;
                        }

                        value = args[++i];
                    }

                    if (name == "--format") format = value;
                    else if (name == "--lock") lockPath = value;
                    else failOn = value;
                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal))
                    {
                        error = $"unknown option '{arg}'";
                        return false;
                    }

                    positional.Add(arg);
                    break;
            }
        }

        if (format is not ("markdown" or "json"))
        {
            error = $"--format must be markdown or json, not '{format}'";
            return false;
        }

        if (failOn is not ("breaking" or "any" or "none"))
        {
            error = $"--fail-on must be breaking, any or none, not '{failOn}'";
            return false;
        }

        if (positional.Count != 2)
        {
            error = $"expected two pages (before and after), got {positional.Count}";
            return false;
        }

        options = new Options(positional[0], positional[1], format == "json", failOn, lockPath);
        error = "";
        return true;
    }
}

/// <summary>Reads and parses a reference page for <c>diff</c> and <c>snapshot</c> (<see cref="DocsInput"/>), and prints the page's errors.</summary>
internal static class DiffPageLoader
{
    public static bool TryLoad(string path, TextWriter stderr, out ApiSchema schema)
    {
        if (!DocsInput.TryLoad(path, stderr, out schema, out _)) return false;
        var errors = schema.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        foreach (var diagnostic in errors.Take(10))
        {
            stderr.WriteLine($"{path}({diagnostic.Line},{diagnostic.Column}): error {diagnostic.Id}: {diagnostic.Message}");
        }

        if (errors.Count > 10) stderr.WriteLine($"{path}: … {errors.Count - 10} more errors");
        return true;
    }
}

/// <summary>The JSON report as indented UTF-8 from <see cref="Utf8JsonWriter"/>; content and order come from <see cref="DiffJsonReport"/>.</summary>
public static class DiffJson
{
    public static string Render(SchemaDiffResult diff, string beforeName, string afterName, LockFindings? lockFindings = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            DiffJsonReport.Write(diff, beforeName, afterName, new Utf8JsonReportWriter(writer), lockFindings);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private sealed class Utf8JsonReportWriter(Utf8JsonWriter writer) : IJsonReportWriter
    {
        public void StartObject(string? name = null)
        {
            if (name is null) writer.WriteStartObject();
            else writer.WriteStartObject(name);
        }

        public void EndObject() => writer.WriteEndObject();

        public void StartArray(string name) => writer.WriteStartArray(name);

        public void EndArray() => writer.WriteEndArray();

        public void String(string name, string? value)
        {
            if (value is null) writer.WriteNull(name);
            else writer.WriteString(name, value);
        }

        public void Number(string name, int value) => writer.WriteNumber(name, value);

        public void StringValue(string value) => writer.WriteStringValue(value);
    }
}
