namespace Realtime.Schema;

/// <summary>The ids of the diagnostics the parser reports (the generator reports the same ids).</summary>
public static class DiagnosticIds
{
    /// <summary>Error: the text is not a reference page (no title, no declarations).</summary>
    public const string NotAReferencePage = "RTCG001";

    /// <summary>Error: a declaration summary that does not parse as a type expression.</summary>
    public const string InvalidTypeExpression = "RTCG002";

    /// <summary>Warning: a summary (<c>object { a, b, N more }</c>, <c>"x" or N more</c>, <c>A or B or N more</c>) disagrees with its children.</summary>
    public const string SummaryMismatch = "RTCG003";

    /// <summary>Info: a referenced type the page never expands; it is modelled as any JSON.</summary>
    public const string UndefinedType = "RTCG004";

    /// <summary>Error: an item that cannot appear where it is (a property among union variants, a literal among fields …): the list nesting is broken.</summary>
    public const string BrokenNesting = "RTCG005";

    /// <summary>Warning: an object whose fields are neither listed as children nor a known type.</summary>
    public const string UnexpandedObject = "RTCG006";

    /// <summary>Warning: an endpoint section without a <c>**method** `/path`</c> line.</summary>
    public const string EndpointWithoutPath = "RTCG007";

    /// <summary>Warning: a code fence left open at the end of the file (truncated input).</summary>
    public const string UnclosedCodeFence = "RTCG008";

    /// <summary>Warning: the same type name declared twice with different structures; the first wins.</summary>
    public const string ConflictingDeclaration = "RTCG009";

    /// <summary>Info: how many inline types the analysis stage unified with a page type or with their copies (one finding per page).</summary>
    public const string Unified = "RTCG010";

    /// <summary>Warning: a type's C# name is taken (by another type ignoring case, or by a type the generated code uses); it gets its kind's word or a number.</summary>
    public const string TypeRenamed = "RTCG011";

    /// <summary>Warning: a block nested deeper than the reader follows (quotes, lists); it is skipped and the rest of the page is read.</summary>
    public const string NestingTooDeep = "RTCG012";

    /// <summary>Info: how many members the page prints as <c>number</c> the builder reads as integers (one finding per page; the list is in <c>realtime-codegen stats</c>).</summary>
    public const string IntegersInferred = "RTCG013";

    /// <summary>Info: a member the page lists as required that the page's own JSON example of its type leaves out; it is read as optional.</summary>
    public const string RequiredAbsentFromExample = "RTCG014";

    /// <summary>Error: the maintainer overlay is unreadable or invalid (reported at its line in the overlay); no overlay is applied.</summary>
    public const string InvalidOverlay = "RTCG030";

    /// <summary>Warning: an overlay action whose target is not on the page (a stale entry), or whose update does not apply there.</summary>
    public const string StaleOverlayAction = "RTCG031";

    /// <summary>Error: the API lock file is unreadable or invalid (reported at its line in the lock file); no lock is applied.</summary>
    public const string InvalidLockFile = "RTCG020";

    /// <summary>Error: a locked type's sites are all gone from the page (a breaking change under the lock).</summary>
    public const string LockedTypeGone = "RTCG021";

    /// <summary>Error: a locked member's JSON property is gone from its type, or the member's C# name changed.</summary>
    public const string LockedMemberGone = "RTCG022";

    /// <summary>Error: a locked enum value is gone.</summary>
    public const string LockedEnumValueGone = "RTCG023";

    /// <summary>Error: a locked union variant is gone.</summary>
    public const string LockedVariantGone = "RTCG024";

    /// <summary>Error: a locked type name now names another part of the page, so a locked site got another name.</summary>
    public const string LockedNameTaken = "RTCG025";

    /// <summary>Error: a locked site's type is generated under another name (or none), a locked type changed kind, or a locked member's type name changed.</summary>
    public const string LockedNameNotKept = "RTCG026";

    /// <summary>Error: a bug in the parser itself (reported instead of thrown).</summary>
    public const string InternalError = "RTCG099";
}
