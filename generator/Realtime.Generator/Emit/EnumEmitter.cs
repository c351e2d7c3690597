using Realtime.Schema.Analysis;
using Realtime.Schema.Model;

namespace Realtime.Generator.Emit;

/// <summary>
/// Emits an extensible enum: a readonly struct over the JSON value with the page's values as static properties.
/// Any other value is accepted and round-trips (the server adds values before the docs do). Number and boolean
/// enums keep the value's JSON text.
/// </summary>
internal static class EnumEmitter
{
    public static void Emit(CodeWriter w, TypeEmitModel model, EmitOptions options)
    {
        var decl = model.Decl;
        var name = decl.Name;
        var isString = decl.EnumValueKind == LiteralKind.String;
        var named = CSharpNames.EnumMemberNames(decl);
        var members = named.Select(m => m.Member).ToList();
        var memberNames = named.Select(m => m.Name).ToList();

        w.Summary(decl.Description);
        EmitterCommon.Obsolete(w, decl.Deprecated);
        w.Line(EmitterCommon.ConverterAttribute(name));
        w.Open($"{EmitterCommon.Visibility(options)} readonly partial struct {name} : global::System.IEquatable<{name}>, global::Realtime.Api.IRealtimeJsonModel<{name}>");
        w.Line("private readonly string? _value;");
        w.Line();
        w.Line(isString
            ? "/// <summary>A value of this enum; any string is accepted, so values newer than the page round-trip.</summary>"
            : "/// <summary>A value of this enum from its JSON text; any value is accepted, so values newer than the page round-trip.</summary>");
        w.Open($"public {name}(string value)");
        w.Line("_value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
        w.Close();
        for (var i = 0; i < members.Count; i++)
        {
            w.Line();
            w.Summary(members[i].Description ?? XmlDoc.AboutValue(decl.Description, members[i].Value) ?? members[i].Value);
            w.Line($"public static {name} {memberNames[i]} {{ get; }} = new {name}({Naming.StringLiteral(members[i].Value)});");
        }

        w.Line();
        w.Line("/// <summary>True when the value is one the page lists.</summary>");
        w.Line(members.Count == 0
            ? "public bool IsKnown => false;"
            : $"public bool IsKnown => _value is {string.Join(" or ", members.Select(m => Naming.StringLiteral(m.Value)))};");
        w.Line();
        w.Line($"public static implicit operator {name}(string value) => new {name}(value);");
        w.Line();
        w.Line($"public static bool operator ==({name} left, {name} right) => left.Equals(right);");
        w.Line();
        w.Line($"public static bool operator !=({name} left, {name} right) => !left.Equals(right);");
        w.Line();
        w.Line($"public bool Equals({name} other) => string.Equals(_value ?? \"\", other._value ?? \"\", global::System.StringComparison.Ordinal);");
        w.Line();
        w.Line($"public override bool Equals(object? obj) => obj is {name} other && Equals(other);");
        w.Line();
        w.Line("public override int GetHashCode() => global::System.StringComparer.Ordinal.GetHashCode(_value ?? \"\");");
        w.Line();
        w.Line("public override string ToString() => _value ?? \"\";");
        w.Line();

        w.Line($"/// <summary>Reads the value at the reader; a listed value reuses its static instance (no allocation).</summary>");
        w.Open($"public static {name} ReadJson(ref {TypeMapping.Reader} reader)");
        if (isString)
        {
            w.Open($"if (reader.TokenType != {TypeMapping.Token}.String)");
            w.Line($"throw {TypeMapping.Rt}.UnexpectedToken(ref reader, {Naming.StringLiteral("a string for " + name)});");
            w.Close();
            w.Line();
            w.Line($"var span = reader.HasValueSequence || reader.ValueIsEscaped ? {TypeMapping.Rt}.Unescape(ref reader) : reader.ValueSpan;");
            EmitterCommon.ByteSwitch(w, "span", members.Select((m, i) => (m.Value, $"return {memberNames[i]};")).ToList());
            w.Line($"return new {name}(reader.GetString()!);");
        }
        else
        {
            var isBoolean = decl.EnumValueKind == LiteralKind.Boolean;
            var condition = isBoolean
                ? $"reader.TokenType is not ({TypeMapping.Token}.True or {TypeMapping.Token}.False)"
                : $"reader.TokenType != {TypeMapping.Token}.Number";
            w.Open($"if ({condition})");
            w.Line($"throw {TypeMapping.Rt}.UnexpectedToken(ref reader, {Naming.StringLiteral((isBoolean ? "a boolean for " : "a number for ") + name)});");
            w.Close();
            w.Line();
            w.Line("global::System.ReadOnlySpan<byte> span = reader.HasValueSequence ? global::System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan;");
            EmitterCommon.ByteSwitch(w, "span", members.Select((m, i) => (m.Value, $"return {memberNames[i]};")).ToList());
            w.Line($"return new {name}(global::System.Text.Encoding.UTF8.GetString(span));");
        }

        w.Close();
        w.Line();
        w.Open($"public static void WriteJson({TypeMapping.Writer} writer, {name} value)");
        w.Line(isString
            ? "writer.WriteStringValue(value._value ?? \"\");"
            : "writer.WriteRawValue(value._value ?? \"null\");");
        w.Close();
        w.Close();
    }
}
