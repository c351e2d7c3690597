using System.Globalization;
using System.Text;
using Realtime.Schema.Lock;

namespace Realtime.Schema.Diff;

/// <summary>
/// The maintainer's report: counts, the breaking changes at a glance, then every structural change grouped by the
/// page type (or endpoint) it belongs to, then the description-only changes apart. Never repeats the page's prose.
/// </summary>
public static class DiffMarkdownReport
{
    /// <summary>The report; with <paramref name="lockFindings"/>, a section listing what the after page breaks under that lock.</summary>
    public static string Render(SchemaDiffResult diff, string beforeName, string afterName, LockFindings? lockFindings = null)
    {
        var sb = new StringBuilder();
        sb.Append("# API changes: `").Append(beforeName).Append("` → `").Append(afterName).Append("`\n\n");
        sb.Append(Summary(diff)).Append("\n");
        if (lockFindings is not null) AppendLockFindings(sb, lockFindings);
        if (diff.IsEmpty)
        {
            sb.Append("\nNo changes.\n");
            return sb.ToString();
        }

        var structural = diff.StructuralChanges.ToList();
        var breaking = structural.Where(c => c.Classification == ChangeClassification.Breaking).ToList();
        if (breaking.Count > 0)
        {
            sb.Append("\n## Breaking changes at a glance\n\n");
            foreach (var change in breaking)
            {
                sb.Append("- ").Append(Headline(change)).Append('\n');
            }
        }

        var groups = structural.GroupBy(c => c.Group).ToList();
        AppendGroups(sb, "Types", groups.Where(g => !IsEndpointGroup(g)));
        AppendGroups(sb, "Endpoints", groups.Where(IsEndpointGroup));

        var descriptions = diff.DescriptionChanges.ToList();
        if (descriptions.Count > 0)
        {
            sb.Append("\n## Description-only changes (").Append(descriptions.Count.ToString(CultureInfo.InvariantCulture)).Append(")\n\n");
            sb.Append("Nothing a compiler sees; review the XML docs in the regenerated code.\n\n");
            foreach (var change in descriptions)
            {
                sb.Append("- ").Append(Headline(change)).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary><c>42 changes: 3 breaking, 30 additive, 9 informational (9 description-only).</c></summary>
    public static string Summary(SchemaDiffResult diff)
    {
        var inv = CultureInfo.InvariantCulture;
        return string.Format(inv, "**{0} changes**: {1} breaking, {2} additive, {3} informational ({4} description-only).",
            diff.Changes.Count, diff.Count(ChangeClassification.Breaking), diff.Count(ChangeClassification.Additive),
            diff.Count(ChangeClassification.Informational), diff.DescriptionChanges.Count());
    }

    private static void AppendLockFindings(StringBuilder sb, LockFindings findings)
    {
        var count = findings.Diagnostics.Count.ToString(CultureInfo.InvariantCulture);
        sb.Append("\n## Breaking under the lock `").Append(findings.LockName).Append("` (").Append(count).Append(")\n\n");
        if (findings.Diagnostics.IsEmpty)
        {
            sb.Append("Every locked name is kept.\n");
            return;
        }

        sb.Append("Locked names the regenerated C# cannot keep (after page lines):\n\n");
        foreach (var diagnostic in findings.Diagnostics)
        {
            sb.Append("- **").Append(diagnostic.Id).Append("** line ").Append(diagnostic.Line.ToString(CultureInfo.InvariantCulture)).Append(": ")
                .Append(diagnostic.Message.Replace("`", "'")).Append('\n');
        }
    }

    private static bool IsEndpointGroup(IGrouping<string, SchemaChange> group) => SchemaIndex.IsEndpointLabel(group.Key);

    private static void AppendGroups(StringBuilder sb, string title, IEnumerable<IGrouping<string, SchemaChange>> groups)
    {
        var list = groups.OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (list.Count == 0) return;
        sb.Append("\n## ").Append(title).Append("\n");
        foreach (var group in list)
        {
            var counts = string.Join(", ", group.GroupBy(c => c.Classification).OrderBy(g => g.Key)
                .Select(g => g.Count().ToString(CultureInfo.InvariantCulture) + " " + Word(g.Key)));
            sb.Append("\n### `").Append(group.Key).Append("` (").Append(counts).Append(")\n\n");
            foreach (var change in group.OrderBy(c => c.Classification).ThenBy(c => c, Comparer<SchemaChange>.Create(SchemaDiff.Order)))
            {
                sb.Append("- ").Append(Headline(change)).Append('\n');
                sb.Append("  ").Append(change.Reason).Append('\n');
                foreach (var detail in change.Details)
                {
                    sb.Append("  - `").Append(detail.Replace("`", "'")).Append("`\n");
                }
            }
        }
    }

    /// <summary>One line: classification, what, where, lines.</summary>
    public static string Headline(SchemaChange change)
    {
        var sb = new StringBuilder();
        sb.Append("**").Append(Word(change.Classification)).Append("** ").Append(TargetWord(change.Target)).Append(" `").Append(change.Path).Append('`');
        switch (change.Kind)
        {
            case ChangeKind.Added:
                sb.Append(" added");
                if (change.After is not null) sb.Append(": `").Append(change.After).Append('`');
                break;
            case ChangeKind.Removed:
                sb.Append(" removed");
                if (change.Before is not null) sb.Append(" (was `").Append(change.Before).Append("`)");
                break;
            default:
                if (change.Aspect == "description")
                {
                    // Descriptions are never quoted; the detail says how much changed.
                    sb.Append(": description changed");
                    if (change.Details.Count > 0) sb.Append(" (").Append(change.Details[0]).Append(')');
                }
                else
                {
                    sb.Append(": ").Append(change.Aspect).Append(" `").Append(change.Before).Append("` → `").Append(change.After).Append('`');
                }

                break;
        }

        if (change.Site is not null) sb.Append(", inline at `").Append(change.Site).Append('`');
        sb.Append(' ').Append(Lines(change));
        return sb.ToString();
    }

    private static string Lines(SchemaChange change)
    {
        var inv = CultureInfo.InvariantCulture;
        if (change.BeforeLine > 0 && change.AfterLine > 0) return string.Format(inv, "(line {0} → {1})", change.BeforeLine, change.AfterLine);
        if (change.AfterLine > 0) return string.Format(inv, "(after: line {0})", change.AfterLine);
        if (change.BeforeLine > 0) return string.Format(inv, "(before: line {0})", change.BeforeLine);
        return "";
    }

    public static string Word(ChangeClassification classification) => classification switch
    {
        ChangeClassification.Breaking => "breaking",
        ChangeClassification.Additive => "additive",
        _ => "informational",
    };

    public static string TargetWord(ChangeTarget target) => target switch
    {
        ChangeTarget.Type => "type",
        ChangeTarget.Property => "property",
        ChangeTarget.EnumMember => "enum value",
        ChangeTarget.UnionVariant => "variant",
        ChangeTarget.Event => "event",
        ChangeTarget.Endpoint => "endpoint",
        _ => "parameter",
    };

    public static string KindWord(ChangeKind kind) => kind switch
    {
        ChangeKind.Added => "added",
        ChangeKind.Removed => "removed",
        ChangeKind.Changed => "changed",
        _ => "description",
    };
}
