using System.ComponentModel;

namespace Realtime.Api;

/// <summary>
/// How an optional constant member (<c>object: "realtime.item"</c>, a content part's <c>type</c>) is written: a record
/// made in code states its constant (the default), a record read from JSON writes it back exactly as it was read, so a
/// round trip never adds it. Not part of the record's equality.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum WirePresence : byte
{
    /// <summary>Present with the constant's value, or made in code: written.</summary>
    Value,

    /// <summary>Read from JSON that did not have it: not written.</summary>
    Absent,

    /// <summary>Read as an explicit <c>null</c>: written back as <c>null</c>.</summary>
    Null,
}
