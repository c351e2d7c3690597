using Realtime.Schema.Model;

namespace Realtime.Generator.Emit;

/// <summary>
/// Emits a name the page gives an array (<c>RealtimeToolsConfig = array of RealtimeToolsConfigUnion</c>) as a sealed
/// list class of that name over the runtime's <c>JsonList&lt;T&gt;</c>: immutable, compared by content, built from
/// any sequence or a collection expression (<c>Tools = [tool]</c>), read and written as a JSON array.
/// </summary>
internal static class ListEmitter
{
    public static void Emit(CodeWriter w, TypeEmitModel model, EmitOptions options)
    {
        var decl = model.Decl;
        var name = decl.Name;
        var map = new TypeMapping(model, options);
        var array = decl.AliasOf ?? throw new InvalidOperationException($"List type '{name}' has no array.");
        var elementRef = array.Element ?? TypeRef.Unknown;
        var element = map.TypeName(elementRef);
        var elementComparer = map.ContentComparer(elementRef) ?? $"global::System.Collections.Generic.EqualityComparer<{element}>.Default";
        var sequence = $"global::System.Collections.Generic.IEnumerable<{element}>";

        w.Summary(decl.Description);
        EmitterCommon.Obsolete(w, decl.Deprecated);
        w.Line(EmitterCommon.ConverterAttribute(name));
        w.Line($"[global::System.Runtime.CompilerServices.CollectionBuilder(typeof({name}), nameof(Create))]");
        w.Open($"{EmitterCommon.Visibility(options)} sealed partial class {name} : global::Realtime.Api.JsonList<{element}>, {TypeMapping.JsonModel}<{name}>");
        w.Line("/// <summary>A list of the given elements (copied).</summary>");
        w.Open($"public {name}({sequence} items) : base(items, {elementComparer})");
        w.Close();
        w.Line();
        w.Line("/// <summary>The list of a collection expression (<c>[a, b]</c>).</summary>");
        w.Line($"public static {name} Create(global::System.ReadOnlySpan<{element}> items) => new {name}(items.ToArray());");
        w.Line();
        w.Line($"/// <summary>Reads a <see cref=\"{name}\"/> from the array at the reader.</summary>");
        w.Line($"public static {name} ReadJson(ref {TypeMapping.Reader} reader) => new {name}({map.Read(array, "reader")});");
        w.Line();
        w.Line($"/// <summary>Writes a <see cref=\"{name}\"/> as a JSON array.</summary>");
        w.Line($"public static void WriteJson({TypeMapping.Writer} writer, {name} value) => {map.Write(array, "writer", "value")}");
        w.Close();
    }
}
