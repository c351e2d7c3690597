using Realtime.Schema.Lock;

namespace Realtime.Schema.Diff;

/// <summary>
/// The writer the JSON report goes through. The CLI implements it over System.Text.Json's <c>Utf8JsonWriter</c>
/// (this netstandard2.0 library stays free of a JSON dependency the generator would have to ship beside it).
/// </summary>
public interface IJsonReportWriter
{
    void StartObject(string? name = null);

    void EndObject();

    void StartArray(string name);

    void EndArray();

    /// <summary>A string property; null writes JSON <c>null</c>.</summary>
    void String(string name, string? value);

    void Number(string name, int value);

    void StringValue(string value);
}

/// <summary>
/// The machine-readable report's content and order: a summary, then the structural changes and the
/// description-only changes as two arrays, each in the diff's total order, every field always present
/// (null when it does not apply). Same pages, same bytes.
/// </summary>
public static class DiffJsonReport
{
    public const int FormatVersion = 1;

    /// <summary>Writes the report; <c>lock</c> is null without <paramref name="lockFindings"/>, else the lock's name, the count and each finding.</summary>
    public static void Write(SchemaDiffResult diff, string beforeName, string afterName, IJsonReportWriter writer, LockFindings? lockFindings = null)
    {
        writer.StartObject();
        writer.Number("formatVersion", FormatVersion);
        writer.String("before", beforeName);
        writer.String("after", afterName);
        writer.StartObject("summary");
        writer.Number("changes", diff.Changes.Count);
        writer.Number("breaking", diff.Count(ChangeClassification.Breaking));
        writer.Number("additive", diff.Count(ChangeClassification.Additive));
        writer.Number("informational", diff.Count(ChangeClassification.Informational));
        writer.Number("descriptionOnly", diff.DescriptionChanges.Count());
        writer.EndObject();
        WriteLockFindings(writer, lockFindings);
        WriteChanges(writer, "changes", diff.StructuralChanges);
        WriteChanges(writer, "descriptionChanges", diff.DescriptionChanges);
        writer.EndObject();
    }

    private static void WriteLockFindings(IJsonReportWriter writer, LockFindings? findings)
    {
        if (findings is null)
        {
            writer.String("lock", null);
            return;
        }

        writer.StartObject("lock");
        writer.String("path", findings.LockName);
        writer.Number("breaking", findings.Diagnostics.Count);
        writer.StartArray("findings");
        foreach (var diagnostic in findings.Diagnostics)
        {
            writer.StartObject();
            writer.String("id", diagnostic.Id);
            writer.Number("line", diagnostic.Line);
            writer.String("message", diagnostic.Message);
            writer.EndObject();
        }

        writer.EndArray();
        writer.EndObject();
    }

    private static void WriteChanges(IJsonReportWriter writer, string name, IEnumerable<SchemaChange> changes)
    {
        writer.StartArray(name);
        foreach (var change in changes)
        {
            writer.StartObject();
            writer.String("group", change.Group);
            writer.String("target", DiffMarkdownReport.TargetWord(change.Target));
            writer.String("kind", DiffMarkdownReport.KindWord(change.Kind));
            writer.String("path", change.Path);
            writer.String("site", change.Site);
            writer.String("aspect", change.Aspect);
            writer.String("before", change.Before);
            writer.String("after", change.After);
            writer.Number("beforeLine", change.BeforeLine);
            writer.Number("afterLine", change.AfterLine);
            writer.String("classification", DiffMarkdownReport.Word(change.Classification));
            writer.String("reason", change.Reason);
            writer.StartArray("details");
            foreach (var detail in change.Details) writer.StringValue(detail);
            writer.EndArray();
            writer.EndObject();
        }

        writer.EndArray();
    }
}
