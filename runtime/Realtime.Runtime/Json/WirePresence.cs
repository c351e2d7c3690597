using System.ComponentModel;

namespace Realtime.Api;

/// <summary>
/// Whether an optional constant member (<c>object: "realtime.item"</c>) was on the wire, so that a generated record
/// writes it back exactly as read and never invents it. Not part of the record's equality.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum WirePresence : byte
{
    /// <summary>Not in the JSON (or not read from JSON): not written.</summary>
    Absent,

    /// <summary>Present as an explicit <c>null</c>: written back as <c>null</c>.</summary>
    Null,

    /// <summary>Present with the constant's value: written back.</summary>
    Value,
}
