using Realtime.Schema.Model;

namespace Realtime.Schema.Lock;

/// <summary>What breaks in C# under a lock: the lock check's findings on a page, for the diff report.</summary>
public sealed record LockFindings(string LockName, EquatableArray<SchemaDiagnostic> Diagnostics)
{
    private static readonly HashSet<string> CheckIds = new(StringComparer.Ordinal)
    {
        DiagnosticIds.LockedTypeGone, DiagnosticIds.LockedMemberGone, DiagnosticIds.LockedEnumValueGone,
        DiagnosticIds.LockedVariantGone, DiagnosticIds.LockedNameTaken, DiagnosticIds.LockedNameNotKept,
    };

    /// <summary>The lock check's findings among a shaped API's diagnostics.</summary>
    public static LockFindings From(string lockName, Analysis.ShapedApi shaped) =>
        new(lockName, shaped.Diagnostics.Where(d => CheckIds.Contains(d.Id)).ToEquatableArray());
}
