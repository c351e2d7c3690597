using Realtime.Schema.Model;

namespace Realtime.Generator.Emit;

/// <summary>
/// Emits a union that is not a set of objects (<c>"auto" or object {…}</c>, <c>number or "inf"</c>,
/// <c>array of string or object</c>): a sealed class holding one variant, with <c>Is…</c>, <c>TryGet…</c>,
/// <c>From…</c>, <c>Match</c>. The reader picks the variant by token kind, then by literal value or by the
/// object's literal and required members; a value no variant matches is kept as raw JSON and written back.
/// </summary>
internal static class ValueUnionEmitter
{
    private static readonly string[] ReservedMembers =
    {
        "Unknown", "RawJson", "Match", "Equals", "GetHashCode", "ToString", "GetType", "ReadJson", "WriteJson", "FromRawJson",
    };

    private sealed record Variant(TypeRef Type, string Member, int Kind, string? ClrType, bool IsValueType, TypeFacts? Facts)
    {
        public bool IsLiteral => Type.Kind == TypeRefKind.Literal;
    }

    public static void Emit(CodeWriter w, TypeEmitModel model, EmitOptions options)
    {
        var decl = model.Decl;
        var name = decl.Name;
        var map = new TypeMapping(model, options);
        var variants = Variants(model, map);

        w.Summary(decl.Description);
        EmitterCommon.Obsolete(w, decl.Deprecated);
        w.Line(EmitterCommon.ConverterAttribute(name));
        w.Open($"{EmitterCommon.Visibility(options)} sealed partial class {name} : global::System.IEquatable<{name}>, global::Realtime.Api.IRealtimeJsonModel<{name}>");
        w.Line("// 0: a value no variant matches (kept as raw JSON); 1..n: the variants in page order.");
        w.Line("private readonly int _kind;");
        w.Line("private readonly object? _value;");
        w.Line("private readonly global::System.ReadOnlyMemory<byte> _raw;");
        w.Line();
        w.Open($"private {name}(int kind, object? value, global::System.ReadOnlyMemory<byte> raw = default)");
        w.Line("_kind = kind;");
        w.Line("_value = value;");
        w.Line("_raw = raw;");
        w.Close();

        var clrTypeCounts = variants.Where(v => v.ClrType is not null).GroupBy(v => v.ClrType!).ToDictionary(g => g.Key, g => g.Count());
        foreach (var v in variants)
        {
            w.Line();
            if (v.IsLiteral)
            {
                var literal = LiteralText(v.Type);
                w.Line($"/// <summary>The literal <c>{CodeWriter.EscapeXml(literal)}</c>.</summary>");
                w.Line($"public static {name} {v.Member} {{ get; }} = new {name}({v.Kind}, null);");
                w.Line();
                w.Line($"public bool Is{v.Member} => _kind == {v.Kind};");
                continue;
            }

            var type = v.ClrType!;
            var nullCheck = v.IsValueType ? "value" : "value ?? throw new global::System.ArgumentNullException(nameof(value))";
            w.Line($"public static {name} From{v.Member}({type} value) => new {name}({v.Kind}, {nullCheck});");
            if (!type.StartsWith("global::System.Collections.Generic.IReadOnly", StringComparison.Ordinal) && clrTypeCounts[type] == 1)
            {
                w.Line();
                w.Line($"public static implicit operator {name}({type} value) => From{v.Member}(value);");
            }

            w.Line();
            w.Line($"public bool Is{v.Member} => _kind == {v.Kind};");
            w.Line();
            var outParam = v.IsValueType ? $"out {type} value" : $"[global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out {type}? value";
            w.Open($"public bool TryGet{v.Member}({outParam})");
            w.Line($"value = _kind == {v.Kind} ? ({type})_value! : default;");
            w.Line($"return _kind == {v.Kind};");
            w.Close();
            w.Line();
            w.Line($"public {type} As{v.Member} => _kind == {v.Kind} ? ({type})_value! : throw new global::System.InvalidOperationException({Naming.StringLiteral($"The {name} is not {v.Member}.")});");
        }

        // "voice = \"alloy\"": a string converts through the one string enum when no variant is a plain string.
        var stringEnums = variants.Where(v => v.Facts is { Shape: TypeShape.Enum, EnumValueKind: LiteralKind.String }).ToList();
        if (stringEnums.Count == 1 && !variants.Any(v => v.ClrType == "string"))
        {
            w.Line();
            w.Line($"public static implicit operator {name}(string value) => From{stringEnums[0].Member}(value);");
        }

        w.Line();
        w.Line("/// <summary>A value given as raw JSON (kept and written back unchanged).</summary>");
        w.Line($"public static {name} FromRawJson(global::System.ReadOnlyMemory<byte> rawJson) => new {name}(0, null, rawJson);");
        w.Line();
        w.Line("/// <summary>True when the value matched none of the variants the page describes; see <see cref=\"RawJson\"/>.</summary>");
        w.Line("public bool IsUnknown => _kind == 0;");
        w.Line();
        w.Line("/// <summary>The JSON of a value that matched no variant (empty otherwise).</summary>");
        w.Line("public global::System.ReadOnlyMemory<byte> RawJson => _raw;");
        w.Line();

        var parameters = Naming.MakeUnique(variants.Select(v => Naming.ToCamelCase(v.Member).TrimStart('@')), new[] { "unknown" })
            .Select(Naming.EscapeKeyword)
            .ToList();
        var signature = variants.Select((v, i) => v.IsLiteral
                ? $"global::System.Func<TResult> {parameters[i]}"
                : $"global::System.Func<{v.ClrType}, TResult> {parameters[i]}")
            .Append("global::System.Func<global::System.ReadOnlyMemory<byte>, TResult> unknown");
        w.Line("/// <summary>Calls the function of the variant this value is.</summary>");
        w.Open($"public TResult Match<TResult>({string.Join(", ", signature)})");
        w.Open("switch (_kind)");
        for (var i = 0; i < variants.Count; i++)
        {
            var v = variants[i];
            w.Line($"case {v.Kind}: return {parameters[i]}({(v.IsLiteral ? "" : $"({v.ClrType})_value!")});");
        }

        w.Line("default: return unknown(_raw);");
        w.Close();
        w.Close();
        w.Line();
        // Lists and any-JSON values compare by content (their own Equals is by reference); the rest with their own equality.
        var contentVariants = variants
            .Where(v => !v.IsLiteral && map.ContentComparer(v.Type) is not null)
            .Select(v => (Variant: v, Field: $"s_equality{v.Kind.ToString(System.Globalization.CultureInfo.InvariantCulture)}", Comparer: map.ContentComparer(v.Type)!))
            .ToList();
        foreach (var c in contentVariants)
        {
            w.Line($"private static readonly global::System.Collections.Generic.IEqualityComparer<{c.Variant.ClrType}> {c.Field} = {c.Comparer};");
            w.Line();
        }

        w.Open($"public bool Equals({name}? other)");
        w.Open("if (other is null || _kind != other._kind)");
        w.Line("return false;");
        w.Close();
        w.Line();
        w.Open("switch (_kind)");
        w.Line("case 0: return global::System.MemoryExtensions.SequenceEqual(_raw.Span, other._raw.Span);");
        foreach (var c in contentVariants)
        {
            w.Line($"case {c.Variant.Kind}: return {c.Field}.Equals(({c.Variant.ClrType})_value!, ({c.Variant.ClrType})other._value!);");
        }

        w.Line("default: return Equals(_value, other._value);");
        w.Close();
        w.Close();
        w.Line();
        w.Line($"public override bool Equals(object? obj) => Equals(obj as {name});");
        w.Line();
        w.Open("public override int GetHashCode()");
        w.Open("switch (_kind)");
        w.Line("case 0: return _raw.Length;");
        foreach (var c in contentVariants)
        {
            w.Line($"case {c.Variant.Kind}: return global::System.HashCode.Combine(_kind, {c.Field}.GetHashCode(({c.Variant.ClrType})_value!));");
        }

        w.Line("default: return global::System.HashCode.Combine(_kind, _value);");
        w.Close();
        w.Close();
        w.Line();
        w.Open("public override string ToString() => _kind switch");
        foreach (var v in variants.Where(v => v.IsLiteral))
        {
            w.Line($"{v.Kind} => {Naming.StringLiteral(LiteralText(v.Type))},");
        }

        w.Line("0 => global::System.Text.Encoding.UTF8.GetString(_raw.Span),");
        w.Line("_ => _value?.ToString() ?? \"\",");
        w.Close(";");
        w.Line();
        EmitRead(w, name, variants, map);
        w.Line();
        EmitWrite(w, name, variants, map);
        w.Close();
    }

    private static List<Variant> Variants(TypeEmitModel model, TypeMapping map)
    {
        // The same type listed twice is one variant.
        var distinct = model.Decl.Variants.Select(v => v.Type).Distinct().ToList();
        var members = Naming.MakeUnique(distinct.Select(t => MemberName(t, map)), ReservedMembers.Append(model.Decl.Name));
        return distinct
            .Select((t, i) => new Variant(
                t,
                members[i],
                i + 1,
                t.Kind == TypeRefKind.Literal ? null : map.TypeName(t),
                map.IsValueType(t),
                map.FactsOf(t)))
            .ToList();
    }

    private static string MemberName(TypeRef type, TypeMapping map) => type.Kind switch
    {
        TypeRefKind.Named when map.FactsOf(type) is not null => type.Name!,
        TypeRefKind.Literal => Naming.ToMemberName(LiteralText(type)),
        TypeRefKind.Array => MemberName(type.Element ?? TypeRef.Unknown, map) + "List",
        TypeRefKind.Map => MemberName(type.Element ?? TypeRef.Unknown, map) + "Map",
        TypeRefKind.String => "String",
        TypeRefKind.Number => "Number",
        TypeRefKind.Integer => "Integer",
        TypeRefKind.Boolean => "Boolean",
        _ => "Json",
    };

    /// <summary>A literal's value as text: the string without quotes, a number or boolean as written.</summary>
    private static string LiteralText(TypeRef literal) =>
        literal.LiteralKind == LiteralKind.String ? SchemaAnalysis.UnquoteJson(literal.LiteralJson ?? "\"\"") : literal.LiteralJson ?? "";

    private static void EmitRead(CodeWriter w, string name, List<Variant> variants, TypeMapping map)
    {
        string New(Variant v) => $"return new {name}({v.Kind}, {map.Read(v.Type, "reader")});";
        bool IsShape(Variant v, params TypeShape[] shapes) => v.Facts is { } f && shapes.Contains(f.Shape);

        w.Line($"/// <summary>Reads the variant the value at the reader is; a value no variant matches is kept as raw JSON.</summary>");
        w.Open($"public static {name} ReadJson(ref {TypeMapping.Reader} reader)");
        w.Open("switch (reader.TokenType)");

        // Strings: an exact literal, a listed value of a closed enum, then any string.
        var strings = new List<(string Statement, bool Returns)>();
        foreach (var v in variants.Where(v => v.IsLiteral && v.Type.LiteralKind == LiteralKind.String))
        {
            strings.Add(($"if (reader.ValueTextEquals({Naming.Utf8Literal(LiteralText(v.Type))})) return {v.Member};", false));
        }

        foreach (var v in variants.Where(v => IsShape(v, TypeShape.Enum) && v.Facts!.EnumValueKind == LiteralKind.String && !v.Facts.IsOpenEnum))
        {
            strings.Add(($"{{ var known = {map.Read(v.Type, "reader")}; if (known.IsKnown) return new {name}({v.Kind}, known); }}", false));
        }

        foreach (var v in variants.Where(v => v.Type.Kind == TypeRefKind.String
                     || (IsShape(v, TypeShape.Enum) && v.Facts!.EnumValueKind == LiteralKind.String && v.Facts.IsOpenEnum)))
        {
            strings.Add((New(v), true));
        }

        foreach (var v in variants.Where(v => IsShape(v, TypeShape.Enum) && v.Facts!.EnumValueKind == LiteralKind.String))
        {
            strings.Add((New(v), true));
        }

        Case(w, "String", strings);

        var numbers = new List<(string Statement, bool Returns)>();
        foreach (var v in variants.Where(v => v.IsLiteral && v.Type.LiteralKind == LiteralKind.Number))
        {
            numbers.Add(($"if (!reader.HasValueSequence && global::System.MemoryExtensions.SequenceEqual(reader.ValueSpan, {Naming.Utf8Literal(LiteralText(v.Type))})) return {v.Member};", false));
        }

        foreach (var v in variants.Where(v => v.Type.Kind == TypeRefKind.Integer))
        {
            var tryGet = v.Type.Width == IntegerWidth.Int32 ? "TryGetInt32" : "TryGetInt64";
            numbers.Add(($"if (reader.{tryGet}(out var integer)) return new {name}({v.Kind}, integer);", false));
        }

        foreach (var v in variants.Where(v => v.Type.Kind == TypeRefKind.Number || (IsShape(v, TypeShape.Enum) && v.Facts!.EnumValueKind == LiteralKind.Number)))
        {
            numbers.Add((New(v), true));
        }

        Case(w, "Number", numbers);

        var booleans = new List<(string Statement, bool Returns)>();
        foreach (var v in variants.Where(v => v.IsLiteral && v.Type.LiteralKind == LiteralKind.Boolean))
        {
            booleans.Add(($"if (reader.TokenType == {TypeMapping.Token}.{(LiteralText(v.Type) == "true" ? "True" : "False")}) return {v.Member};", false));
        }

        foreach (var v in variants.Where(v => v.Type.Kind == TypeRefKind.Boolean || (IsShape(v, TypeShape.Enum) && v.Facts!.EnumValueKind == LiteralKind.Boolean)))
        {
            booleans.Add((New(v), true));
        }

        Case(w, "True", booleans, "False");

        // Objects: records told apart by their members, then object unions and maps (which accept any object).
        var objects = variants.Where(v => IsShape(v, TypeShape.Object)).ToList();
        var anyObject = variants.Where(v => IsShape(v, TypeShape.ObjectUnion) || v.Type.Kind == TypeRefKind.Map).ToList();
        if (objects.Count + anyObject.Count > 0)
        {
            w.Line($"case {TypeMapping.Token}.StartObject:");
            w.Open();
            var exhaustive = false;
            if (objects.Count == 1 && anyObject.Count == 0)
            {
                w.Line(New(objects[0]));
                exhaustive = true;
            }
            else if (objects.Count > 0)
            {
                exhaustive = UnionEmitter.EmitMatchByMembers(w, objects.Select(v => (v.Facts!, New(v))).ToList());
            }

            if (!exhaustive && anyObject.Count > 0)
            {
                w.Line(New(anyObject[0]));
                exhaustive = true;
            }

            if (!exhaustive)
            {
                w.Line("break;");
            }

            w.Close();
        }

        var arrays = variants.Where(v => v.Type.Kind == TypeRefKind.Array || IsShape(v, TypeShape.List)).Select(v => (New(v), true)).Take(1).ToList();
        Case(w, "StartArray", arrays);
        // A union whose variants the page lost (a broken list) has no case: the default keeps the switch valid C#.
        w.Line("default:");
        w.Line("    break;");
        w.Close();
        w.Line();

        // Any token: a nested value union or any JSON.
        var fallback = variants.FirstOrDefault(v => IsShape(v, TypeShape.ValueUnion) || v.Type.Kind == TypeRefKind.Unknown
            || (v.Type.Kind == TypeRefKind.Named && v.Facts is null));
        w.Line(fallback is not null
            ? New(fallback)
            : $"return new {name}(0, null, {TypeMapping.Rt}.ReadRaw(ref reader));");
        w.Close();
    }

    private static void Case(CodeWriter w, string token, List<(string Statement, bool Returns)> statements, string? alsoToken = null)
    {
        if (statements.Count == 0)
        {
            return;
        }

        if (alsoToken is not null)
        {
            w.Line($"case {TypeMapping.Token}.{alsoToken}:");
        }

        w.Line($"case {TypeMapping.Token}.{token}:");
        w.Open();
        var returned = false;
        foreach (var (statement, returns) in statements)
        {
            w.Line(statement);
            if (returns)
            {
                returned = true;
                break;
            }
        }

        if (!returned)
        {
            w.Line("break;");
        }

        w.Close();
    }

    private static void EmitWrite(CodeWriter w, string name, List<Variant> variants, TypeMapping map)
    {
        w.Open($"public static void WriteJson({TypeMapping.Writer} writer, {name} value)");
        w.Open("switch (value._kind)");
        foreach (var v in variants)
        {
            w.Line($"case {v.Kind}:");
            w.Open();
            if (v.IsLiteral)
            {
                var text = LiteralText(v.Type);
                w.Line(v.Type.LiteralKind switch
                {
                    LiteralKind.String => $"writer.WriteStringValue({Naming.Utf8Literal(text)});",
                    LiteralKind.Boolean => $"writer.WriteBooleanValue({(text == "true" ? "true" : "false")});",
                    _ => $"writer.WriteRawValue({Naming.Utf8Literal(text)});",
                });
            }
            else
            {
                w.Line(map.Write(v.Type, "writer", $"(({v.ClrType})value._value!)"));
            }

            w.Line("break;");
            w.Close();
        }

        w.Line("default:");
        w.Open();
        w.Line($"{TypeMapping.Rt}.WriteRaw(writer, value._raw);");
        w.Line("break;");
        w.Close();
        w.Close();
        w.Close();
    }
}
