using Realtime.Schema.Model;

namespace Realtime.Schema.Lock;

// The API lock: what a shipped version of the generated API named, and which part of the page each name stands for.
// `realtime-codegen lock` writes it (YAML, see ApiLockYaml); the analysis stage pins every locked site to its locked
// name (ApiLockPins) and reports each locked name the new page no longer lets it keep (ApiLockCheck).

/// <summary>Every generated public type of one shipped API, sorted by name.</summary>
public sealed record ApiLock
{
    /// <summary>The version of the lock file format this model reads and writes.</summary>
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;

    /// <summary>The page's title (<c>Realtime</c>), for the reviewer.</summary>
    public string Page { get; init; } = "";

    public EquatableArray<LockedType> Types { get; init; } = EquatableArray<LockedType>.Empty;

    /// <summary>The REST client's class name, or empty when the page has no endpoints.</summary>
    public string Client { get; init; } = "";

    /// <summary>The REST client's methods, by route.</summary>
    public EquatableArray<LockedOperation> Operations { get; init; } = EquatableArray<LockedOperation>.Empty;
}

/// <summary>
/// A REST endpoint's route (<c>POST /realtime/client_secrets</c>), the C# name of its client method, and its site
/// (<c>Realtime/Client Secrets/Create client secret</c>: the root of its parameters', body's and response's sites).
/// </summary>
public sealed record LockedOperation(string Route, string Name, string Site);

/// <summary>One generated type: its C# name, the sites it stands for, its shape's fingerprint and its members.</summary>
public sealed record LockedType
{
    public string Name { get; init; } = "";

    /// <summary><c>object</c>, <c>union</c> or <c>enum</c>.</summary>
    public string Kind { get; init; } = "";

    /// <summary>The sites (dotted JSON paths from a page type or endpoint) the type stands for, sorted.</summary>
    public EquatableArray<string> Sites { get; init; } = EquatableArray<string>.Empty;

    /// <summary>A stable hash of the shape (member JSON names and types, enum values, variants): not of prose or lines.</summary>
    public string Fingerprint { get; init; } = "";

    /// <summary>Object: its properties, by JSON name.</summary>
    public EquatableArray<LockedMember> Members { get; init; } = EquatableArray<LockedMember>.Empty;

    /// <summary>Enum: its values, by value.</summary>
    public EquatableArray<LockedEnumValue> Values { get; init; } = EquatableArray<LockedEnumValue>.Empty;

    /// <summary>Union: its variants, by tag then type.</summary>
    public EquatableArray<LockedVariant> Variants { get; init; } = EquatableArray<LockedVariant>.Empty;
}

/// <summary>A property: its JSON name, its C# name and its type in the page's notation with the C# type names (<c>array of Foo</c>).</summary>
public sealed record LockedMember(string Json, string Name, string Type);

/// <summary>An enum value and the C# name of its static member.</summary>
public sealed record LockedEnumValue(string Value, string Name);

/// <summary>A union variant: its type (page notation) and its discriminator value when the union has one.</summary>
public sealed record LockedVariant(string Type, string? Tag);

/// <summary>A problem in a lock file, at its 1-based line and column.</summary>
public sealed record LockFileProblem(int Line, int Column, string Message)
{
    public override string ToString() => $"{Line}:{Column}: {Message}";
}

/// <summary>What reading a lock file gives: the lock, or (when it is unreadable or invalid) the problems and no lock.</summary>
public sealed record LockReadResult(ApiLock? Lock, EquatableArray<LockFileProblem> Problems);
