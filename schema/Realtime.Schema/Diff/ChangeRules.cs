using Realtime.Schema.Model;

namespace Realtime.Schema.Diff;

/// <summary>A classification with its one-line reason.</summary>
public readonly record struct Verdict(ChangeClassification Classification, string Reason);

/// <summary>
/// The classification rules, one method per kind of change. They judge source compatibility of code written
/// against the generated C# (records with required init properties, extensible enum structs, union records with
/// converters, event dispatchers, REST methods), not wire compatibility. README "API change classification"
/// documents the same table.
/// </summary>
public static class ChangeRules
{
    private static Verdict Breaking(string reason) => new(ChangeClassification.Breaking, reason);

    private static Verdict Additive(string reason) => new(ChangeClassification.Additive, reason);

    private static Verdict Informational(string reason) => new(ChangeClassification.Informational, reason);

    public static Verdict TypeAdded(TypeDecl type) => type.EventDirection != EventDirection.None
        ? Additive("new event union: a new dispatcher; existing code is untouched")
        : Additive("new type: existing code is untouched");

    public static Verdict TypeRemoved(TypeDecl type) => Breaking($"the generated type {type.Name} disappears: code naming it stops compiling");

    public static Verdict TypeRenamed() => Breaking("the generated C# type name changes: code naming it stops compiling");

    public static Verdict KindChanged(TypeDecl before, TypeDecl after) =>
        Breaking($"{SchemaText.KindWord(before)} becomes {SchemaText.KindWord(after)}: the generated type has a different shape");

    public static Verdict PropertyAdded(PropertyDecl property) => property.IsRequired
        ? Breaking("new required property: object initialisers that do not set it stop compiling")
        : Additive("new optional property: existing initialisers and readers keep working");

    public static Verdict PropertyRemoved() => Breaking("the property disappears: code reading or setting it stops compiling");

    public static Verdict PropertyTypeChanged() => Breaking("the property's C# type changes: readers and writers of it must change");

    public static Verdict PropertyTypeRenamed() => Breaking("the property's C# type is renamed (same members): code naming the old type must change");

    public static Verdict RequiredChanged(bool nowRequired) => nowRequired
        ? Breaking("optional → required: constructors/object initialisers must now set it")
        : Breaking("required → optional: readers now get a nullable value and must handle it being absent");

    public static Verdict NullableChanged(bool nowNullable) => nowNullable
        ? Breaking("can now be null: readers must handle null (the property's type gains a null state)")
        : Breaking("can no longer be null: writers that set null stop compiling (the property's type loses its null state)");

    public static Verdict ParameterAdded(PropertyDecl parameter, bool isPathParameter) => isPathParameter || parameter.IsRequired
        ? Breaking("new required parameter: callers of the method must pass it")
        : Additive("new optional parameter: existing calls keep compiling");

    public static Verdict ParameterRemoved() => Breaking("the parameter disappears: callers passing it stop compiling");

    public static Verdict EnumMemberAdded(TypeDecl enumType) => enumType.IsOpenEnum
        ? Additive("open enum gains a known value: a new static value; any string was already accepted")
        : Additive("closed enum gains a value: additive for writers, but exhaustive switches over the values miss it");

    public static Verdict EnumMemberRemoved(TypeDecl enumType) => enumType.IsOpenEnum
        ? Breaking("open enum loses a known value: its static value disappears (the string still round-trips)")
        : Breaking("closed enum loses a value: its static value disappears and the server no longer accepts it");

    public static Verdict EnumOpened(bool nowOpen) => nowOpen
        ? Additive("closed → open enum: any string is now accepted; the known values stay")
        : Breaking("open → closed enum: only the listed values are valid now; writers sending other strings must change");

    public static Verdict EnumValueKindChanged() => Breaking("the JSON kind of the enum's values changes");

    /// <param name="isRecordUnion">All variants are objects: the union is an interface its sealed variant records implement (else a value union with Match).</param>
    public static Verdict VariantAdded(bool isRecordUnion) => isRecordUnion
        ? Additive("new variant record of a union of objects: switches over the union need a case for it")
        : Breaking("new variant of a value union: Match(...) gains a parameter, so existing calls stop compiling");

    public static Verdict VariantRemoved() => Breaking("the variant disappears: code constructing or matching it stops compiling");

    public static Verdict VariantTypeChanged() => Breaking("the variant's C# type changes: code constructing or matching it must change");

    public static Verdict VariantTagChanged() => Breaking("the variant's discriminator value changes on the wire");

    public static Verdict EventAdded(EventDirection direction) => direction == EventDirection.Client
        ? Additive("new client event: a new event record to send; existing code is untouched")
        : Additive("new server event: a new event record and handler method; handlers that ignore it keep compiling");

    public static Verdict EventRemoved(EventDirection direction) => Breaking(direction == EventDirection.Client
        ? "client event removed: code creating it stops compiling"
        : "server event removed: its record and handler method disappear");

    public static Verdict DiscriminatorChanged() => Breaking("the union's discriminator property changes: its variants are told apart differently");

    public static Verdict EventDirectionChanged() => Breaking("the union moves between client and server events: its dispatcher changes");

    public static Verdict AliasTargetChanged() => Breaking("the aliased type changes: code using the alias sees a different C# type");

    public static Verdict EndpointAdded() => Additive("new endpoint: a new client method");

    public static Verdict EndpointRemoved() => Breaking("the endpoint disappears: its client method is gone");

    public static Verdict EndpointMoved() => Breaking("method or path changes: callers hit a different route (and the generated method may change)");

    public static Verdict OperationRenamed() => Breaking("the generated method name changes: callers stop compiling");

    public static Verdict ResourceChanged() => Breaking("the endpoint moves to another resource: its method moves to another client");

    public static Verdict RequestBodyChanged(TypeRef? before, TypeRef? after) => (before, after) switch
    {
        (null, _) => Breaking("the method gains a request body parameter"),
        (_, null) => Breaking("the method loses its request body parameter"),
        _ => Breaking("the request body type changes: callers build a different type"),
    };

    public static Verdict ResponseChanged() => Breaking("the response type changes: callers read a different type");

    public static Verdict DeprecationChanged(bool wasDeprecated, bool isDeprecated) => (wasDeprecated, isDeprecated) switch
    {
        (false, true) => Informational("newly deprecated: the generated member gets [Obsolete], a CS0618 warning at each use (an error under warnings-as-errors)"),
        (true, false) => Informational("no longer deprecated: [Obsolete] is removed"),
        _ => Informational("deprecation note changed: the [Obsolete] message changes"),
    };

    public static Verdict DescriptionOnly(string aspect) => aspect switch
    {
        "default" => Informational("documented default changed: values sent by the server may differ, the API shape does not"),
        "bounds" => Informational("documented bounds changed: validation may differ, the API shape does not"),
        "title" => Informational("heading changed; the generated method name stays"),
        _ => Informational("description changed: XML docs only"),
    };
}
