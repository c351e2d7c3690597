using System.Text;
using Realtime.Schema.Analysis;
using Realtime.Schema.Model;

namespace Realtime.Generator.Emit;

/// <summary>Emits a named object as a sealed partial record with its generated reader and writer.</summary>
/// <remarks>
/// Reading never invents: every required member must be present (one bit per required member in a mask, checked when
/// the object ends), a required member the page does not allow to be null must not be null, and a constant must have
/// its value; otherwise the read fails with a <c>JsonException</c> naming the type and the members. Writing never
/// invents: a required reference member left null fails the write, and a member is only written when it was set or read.
/// Equality is by value: lists, maps and any-JSON values compare by content, and the private wire-fidelity fields
/// (an explicit null read for a plain optional member, whether an optional constant was on the wire) do not take part.
/// </remarks>
internal static class ObjectEmitter
{
    private enum Kind
    {
        /// <summary>A string literal the type always has (required on the page, or a union's discriminator): get-only, written always, checked on read.</summary>
        Fixed,
        /// <summary>An optional string literal: get-only with the value, checked on read; written unless the record was read without it.</summary>
        Constant,
        Required,
        RequiredNullable,
        /// <summary>Absent / null / value: <c>Optional&lt;T&gt;</c>.</summary>
        TriState,
        /// <summary>Nullable, omitted when null (an explicit null read is remembered and written back).</summary>
        Optional,
    }

    /// <param name="RequiredBit">The member's bit in the required-member mask (word <c>bit / 64</c>), or -1.</param>
    private sealed record Member(PropertyDecl Property, string Name, Kind Kind, bool Base64, int Index, int RequiredBit);

    public static void Emit(CodeWriter w, TypeEmitModel model, EmitOptions options)
    {
        var decl = model.Decl;
        var map = new TypeMapping(model, options);
        var members = Members(model);
        var extensionName = Naming.MakeUnique(new[] { "ExtensionData" }, members.Select(m => m.Name).Concat(CSharpNames.ObjectReservedMembers).Append(decl.Name))[0];

        w.Summary(decl.Description);
        EmitterCommon.Obsolete(w, decl.Deprecated);
        w.Line(EmitterCommon.ConverterAttribute(decl.Name));
        var unions = string.Concat(model.Unions.Select(u => map.Qualified(u.Name) + ", "));
        w.Open($"{EmitterCommon.Visibility(options)} sealed partial record {decl.Name} : {unions}{TypeMapping.JsonModel}<{decl.Name}>");

        foreach (var m in members)
        {
            EmitProperty(w, map, m);
        }

        w.Line("/// <summary>Members the schema does not define, in received order with their exact JSON, so that a read–write round trip loses nothing.</summary>");
        w.Line($"public {ExtensionType} {extensionName} {{ get; init; }}");
        foreach (var m in members.Where(HasNullFlag))
        {
            w.Line();
            w.Line($"// {m.Property.JsonName} was read as an explicit null: written back as null while the property stays null.");
            w.Line($"private bool {NullFlag(m)};");
        }

        foreach (var m in members.Where(m => m.Kind == Kind.Constant))
        {
            w.Line();
            w.Line($"// How {m.Property.JsonName} is written: stated when made in code, as read when read (a round trip never adds it).");
            w.Line($"private {TypeMapping.Presence} {PresenceField(m)};");
        }

        var required = members.Where(m => m.RequiredBit >= 0).OrderBy(m => m.RequiredBit).ToList();
        if (required.Count > 0)
        {
            w.Line();
            w.Line("// The required members by their bit in the reader's mask (constants first), for the error that names the missing ones.");
            w.Line($"private static readonly string[] s_requiredMembers = {{ {string.Join(", ", required.Select(m => Naming.StringLiteral(m.Property.JsonName)))} }};");
        }

        foreach (var union in model.Unions)
        {
            var unionType = map.Qualified(union.Name);
            w.Line();
            w.Line($"void {unionType}.WriteJsonCore({TypeMapping.Writer} writer) => WriteJson(writer, this);");
            // The union's discriminator member is this record's fixed value; spelled out when the member's C# name differs.
            if (union.Discriminator is { } discriminator
                && members.FirstOrDefault(m => m.Property.JsonName == discriminator) is { } member
                && member.Name != Naming.ToPascalCase(discriminator))
            {
                w.Line();
                w.Line($"string {unionType}.{Naming.ToPascalCase(discriminator)} => {member.Name};");
            }
        }

        // What a union that read the discriminator in place passes on as already seen (ReadMembers, TryReadFlatMembers).
        foreach (var discriminator in model.Unions.Select(u => u.Discriminator).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var bit = members.FirstOrDefault(m => m.Property.JsonName == discriminator)?.RequiredBit ?? -1;
            w.Line();
            w.Line($"/// <summary>The required-member mask bit of <c>{discriminator}</c>, for a union that read it before <see cref=\"ReadMembers\"/>.</summary>");
            w.Line($"internal const ulong {SeenConstant(discriminator)} = {(bit < 0 ? "0UL" : MaskLiteral(1UL << bit))};");
        }

        w.Line();
        EmitRead(w, map, decl, members, extensionName);
        w.Line();
        if (members.All(m => TypeMapping.IsFlatMember(m.Property)))
        {
            EmitFlatRead(w, map, decl, members, extensionName);
            w.Line();
        }

        EmitWrite(w, map, decl, members, extensionName, model.Unions.Select(u => u.Discriminator).OfType<string>().ToList());
        w.Line();
        EmitEquality(w, map, decl, members, extensionName);
        w.Line();
        EmitterCommon.PropertyIndex(w, members.Select(m => (m.Property.JsonName, m.Index)).ToList());
        w.Close();
    }

    private const string ExtensionType = $"{TypeMapping.ExtensionData}?";

    /// <summary>The constant a union passes to <c>ReadMembers</c> for the discriminator it read (see <see cref="UnionEmitter"/>).</summary>
    public static string SeenConstant(string discriminator) => "Seen_" + Naming.ToPascalCase(discriminator);

    private static List<Member> Members(TypeEmitModel model)
    {
        var decl = model.Decl;
        var names = CSharpNames.ObjectMemberNames(decl);
        var kinds = new Kind[decl.Properties.Count];
        for (var i = 0; i < decl.Properties.Count; i++)
        {
            var p = decl.Properties[i];
            var isStringLiteral = p.Type.Kind == TypeRefKind.Literal && p.Type.LiteralKind == LiteralKind.String && p.Type.LiteralJson is not null;
            // A literal that a union holding the record reads it by is always written, optional on the page or not.
            kinds[i] = isStringLiteral && (p.IsRequired || model.Unions.Any(u => u.Discriminator == p.JsonName)) ? Kind.Fixed
                : isStringLiteral ? Kind.Constant
                : p.IsRequired && p.Deprecated is null ? (p.IsNullable ? Kind.RequiredNullable : Kind.Required)
                : !p.IsRequired && p.IsNullable ? Kind.TriState
                : Kind.Optional;
        }

        // Required constants take the lowest bits, so a discriminator a union read in place is always in word 0.
        bool IsRequiredOnRead(int i) => kinds[i] is Kind.Required or Kind.RequiredNullable || (kinds[i] == Kind.Fixed && decl.Properties[i].IsRequired);
        var bits = Enumerable.Range(0, kinds.Length).Where(IsRequiredOnRead).OrderBy(i => kinds[i] == Kind.Fixed ? 0 : 1).ThenBy(i => i).ToList();
        return Enumerable.Range(0, kinds.Length)
            .Select(i => new Member(decl.Properties[i], names[i], kinds[i], TypeMapping.IsBase64Audio(decl.Properties[i]), i, bits.IndexOf(i)))
            .ToList();
    }

    /// <summary>Plain optional members remember an explicit null they were read with, to write it back.</summary>
    private static bool HasNullFlag(Member m) => m.Kind == Kind.Optional;

    private static string NullFlag(Member m) => $"_{Naming.ToCamelCase(m.Property.JsonName).TrimStart('@')}WasNull{m.Index}";

    private static string PresenceField(Member m) => $"_{Naming.ToCamelCase(m.Property.JsonName).TrimStart('@')}OnWire{m.Index}";

    private static string FixedValue(Member m) => SchemaAnalysis.UnquoteJson(m.Property.Type.LiteralJson!);

    private static string MaskLiteral(ulong mask) => "0x" + mask.ToString("X", System.Globalization.CultureInfo.InvariantCulture) + "UL";

    /// <summary>The mask words: bit <c>b</c> of the required members is bit <c>b % 64</c> of word <c>b / 64</c>.</summary>
    private static List<ulong> RequiredMasks(List<Member> members)
    {
        var masks = new List<ulong>();
        foreach (var m in members.Where(m => m.RequiredBit >= 0))
        {
            while (masks.Count <= m.RequiredBit / 64)
            {
                masks.Add(0);
            }

            masks[m.RequiredBit / 64] |= 1UL << (m.RequiredBit % 64);
        }

        return masks;
    }

    private static string SeenWord(int word) => "seen" + word.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><c>seenN |= bit;</c> for a required member, nothing otherwise.</summary>
    private static void MarkSeen(CodeWriter w, Member m)
    {
        if (m.RequiredBit >= 0)
        {
            w.Line($"{SeenWord(m.RequiredBit / 64)} |= {MaskLiteral(1UL << (m.RequiredBit % 64))};");
        }
    }

    /// <summary>The locals of the mask: word 0 starts from what the caller already read, the others from nothing.</summary>
    private static void EmitSeenLocals(CodeWriter w, List<ulong> masks)
    {
        for (var i = 1; i < masks.Count; i++)
        {
            w.Line($"ulong {SeenWord(i)} = 0;");
        }
    }

    private static string MissingCondition(List<ulong> masks) =>
        string.Join(" || ", masks.Select((mask, i) => $"({SeenWord(i)} & {MaskLiteral(mask)}) != {MaskLiteral(mask)}"));

    private static void EmitProperty(CodeWriter w, TypeMapping map, Member m)
    {
        var p = m.Property;
        var type = map.TypeName(p.Type, m.Base64);
        w.Summary(p.Description);
        EmitterCommon.Obsolete(w, p.Deprecated);
        switch (m.Kind)
        {
            case Kind.Fixed:
            case Kind.Constant:
                w.Line($"public string {m.Name} => {Naming.StringLiteral(FixedValue(m))};");
                break;
            case Kind.Required:
                w.Line($"public required {type} {m.Name} {{ get; init; }}");
                break;
            case Kind.RequiredNullable:
                w.Line($"public required {type}? {m.Name} {{ get; init; }}");
                break;
            case Kind.TriState:
                w.Line($"public global::Realtime.Api.Optional<{type}> {m.Name} {{ get; init; }}");
                break;
            default:
                w.Line($"public {type}? {m.Name} {{ get; init; }}");
                break;
        }

        w.Line();
    }

    private static void EmitRead(CodeWriter w, TypeMapping map, TypeDecl decl, List<Member> members, string extensionName)
    {
        var masks = RequiredMasks(members);
        w.Line($"/// <summary>Reads a <see cref=\"{decl.Name}\"/> from the object at the reader.</summary>");
        w.Open($"public static {decl.Name} ReadJson(ref {TypeMapping.Reader} reader)");
        w.Line($"{TypeMapping.Rt}.ExpectStartObject(ref reader, {Naming.StringLiteral(decl.Name)});");
        w.Line("return ReadMembers(ref reader, 0);");
        w.Close();
        w.Line();

        // A union that found its discriminator as the first member calls this past it, so no token is read twice.
        w.Line("/// <summary>Reads the members after the reader's position inside the object (past its start, or past members a union already checked).</summary>");
        w.Line("/// <param name=\"reader\">The reader, on the object's start or on the value of the last member already read.</param>");
        w.Line("/// <param name=\"seen0\">The required members already read (their bits of the required-member mask).</param>");
        w.Open($"internal static {decl.Name} ReadMembers(ref {TypeMapping.Reader} reader, ulong seen0)");
        EmitSeenLocals(w, masks);
        EmitMemberLocals(w, map, members);
        w.Line($"{TypeMapping.ExtensionData}? extensionData = null;");
        w.Open("while (true)");
        w.Line($"{TypeMapping.Rt}.Next(ref reader);");
        w.Open($"if (reader.TokenType == {TypeMapping.Token}.EndObject)");
        w.Line("break;");
        w.Close();
        w.Line();
        w.Line($"var index = PropertyIndex({TypeMapping.Rt}.PropertyName(ref reader));");
        w.Open("if (index < 0)");
        w.Line($"{TypeMapping.Rt}.ReadExtension(ref reader, ref extensionData);");
        w.Line("continue;");
        w.Close();
        w.Line();
        w.Line($"{TypeMapping.Rt}.Next(ref reader);");
        if (members.Count > 0)
        {
            w.Open("switch (index)");
            foreach (var m in members)
            {
                w.Line($"case {m.Index}:");
                w.Open();
                var read = map.Read(m.Property.Type, "reader", m.Base64, what: decl.Name + "." + m.Property.JsonName);
                var isNull = $"reader.TokenType == {TypeMapping.Token}.Null";
                var what = Naming.StringLiteral(decl.Name + "." + m.Property.JsonName);
                switch (m.Kind)
                {
                    case Kind.Fixed:
                        w.Line($"{TypeMapping.Rt}.ExpectLiteral(ref reader, {Naming.Utf8Literal(FixedValue(m))}, {what});");
                        break;
                    case Kind.Constant:
                        w.Open($"if ({isNull})");
                        w.Line($"c{m.Index} = {TypeMapping.Presence}.Null;");
                        w.Close();
                        w.Open("else");
                        w.Line($"{TypeMapping.Rt}.ExpectLiteral(ref reader, {Naming.Utf8Literal(FixedValue(m))}, {what});");
                        w.Line($"c{m.Index} = {TypeMapping.Presence}.Value;");
                        w.Close();
                        break;
                    case Kind.Required:
                        w.Line($"{TypeMapping.Rt}.ExpectNotNull(ref reader, {what});");
                        w.Line($"p{m.Index} = {read};");
                        break;
                    case Kind.RequiredNullable:
                        // default(T?), not default: for a value type a bare "default" is typed T and reads as 0.
                        w.Line($"p{m.Index} = {isNull} ? default({map.TypeName(m.Property.Type, m.Base64)}?) : {read};");
                        break;
                    case Kind.TriState:
                        var optional = $"global::Realtime.Api.Optional<{map.TypeName(m.Property.Type, m.Base64)}>";
                        w.Line($"p{m.Index} = {isNull} ? {optional}.Null : {optional}.Of({read});");
                        break;
                    default:
                        w.Line($"n{m.Index} = {isNull};");
                        w.Line($"p{m.Index} = n{m.Index} ? default({map.TypeName(m.Property.Type, m.Base64)}?) : {read};");
                        break;
                }

                MarkSeen(w, m);
                w.Line("break;");
                w.Close();
            }

            w.Close();
        }

        w.Close();
        w.Line();
        if (masks.Count > 0)
        {
            w.Open($"if ({MissingCondition(masks)})");
            var words = string.Join(", ", Enumerable.Range(0, masks.Count).Select(SeenWord));
            w.Line($"throw {TypeMapping.Rt}.MissingMembers(ref reader, {Naming.StringLiteral(decl.Name)}, s_requiredMembers, stackalloc ulong[] {{ {words} }});");
            w.Close();
            w.Line();
        }

        EmitConstruction(w, decl, members, extensionName, "return ", "extensionData");
        w.Close();
    }

    /// <summary>The locals a reader fills: <c>p</c> the value, <c>n</c> "was an explicit null" where it is remembered, <c>c</c> a constant's presence.</summary>
    private static void EmitMemberLocals(CodeWriter w, TypeMapping map, List<Member> members)
    {
        foreach (var m in members)
        {
            var type = map.TypeName(m.Property.Type, m.Base64);
            switch (m.Kind)
            {
                case Kind.Fixed:
                    break;
                case Kind.Constant:
                    w.Line($"var c{m.Index} = {TypeMapping.Presence}.Absent;");
                    break;
                case Kind.Required:
                    // Assigned before use: the object is only built once the mask says every required member was read.
                    w.Line($"{type} p{m.Index} = default!;");
                    break;
                case Kind.RequiredNullable:
                case Kind.Optional:
                    w.Line($"{type}? p{m.Index} = default;");
                    if (m.Kind == Kind.Optional)
                    {
                        w.Line($"bool n{m.Index} = false;");
                    }

                    break;
                case Kind.TriState:
                    w.Line($"global::Realtime.Api.Optional<{type}> p{m.Index} = default;");
                    break;
            }
        }
    }

    private static void EmitConstruction(CodeWriter w, TypeDecl decl, List<Member> members, string extensionName, string target, string extensionData)
    {
        w.Line($"{target}new {decl.Name}");
        w.Open();
        foreach (var m in members.Where(m => m.Kind != Kind.Fixed))
        {
            if (m.Kind == Kind.Constant)
            {
                w.Line($"{PresenceField(m)} = c{m.Index},");
                continue;
            }

            w.Line($"{m.Name} = p{m.Index},");
            if (HasNullFlag(m))
            {
                w.Line($"{NullFlag(m)} = n{m.Index},");
            }
        }

        w.Line($"{extensionName} = {extensionData},");
        w.Close(";");
    }

    /// <summary>
    /// The fast path of an object whose members are all scalars (<see cref="TypeMapping.IsFlatMember"/>): the same
    /// locals and construction as <c>ReadMembers</c>, filled by <c>FlatJsonReader</c>. Anything it declines (an
    /// unknown member, an escape, a fraction, a missing required member, invalid JSON…) returns false, pooled data
    /// decoded so far is given back, and the caller reads the document again with <c>ReadJson</c> (which gives the error).
    /// </summary>
    private static void EmitFlatRead(CodeWriter w, TypeMapping map, TypeDecl decl, List<Member> members, string extensionName)
    {
        const string Flat = "global::Realtime.Api.FlatJsonReader";
        const string MaybeNull = "[global::System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)]";
        var masks = RequiredMasks(members);
        w.Line($"/// <summary>Reads a whole document that is a <see cref=\"{decl.Name}\"/> of plain members, or returns false for <see cref=\"ReadJson\"/> to read it.</summary>");
        w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        w.Open($"public static bool TryReadFlat(global::System.ReadOnlySpan<byte> utf8Json, {MaybeNull} out {decl.Name} value)");
        w.Line($"var reader = new {Flat}(utf8Json);");
        w.Open("if (reader.TryStartObject())");
        w.Line("return TryReadFlatMembers(ref reader, 0, out value);");
        w.Close();
        w.Line();
        w.Line("value = default!;");
        w.Line("return false;");
        w.Close();
        w.Line();
        w.Line("/// <summary>Reads the rest of a whole flat document after the reader's position (past its start, or past the members a union already checked).</summary>");
        w.Open($"internal static bool TryReadFlatMembers(ref {Flat} reader, ulong seen0, {MaybeNull} out {decl.Name} value)");
        EmitSeenLocals(w, masks);
        EmitMemberLocals(w, map, members);
        w.Open("while (reader.TryNextMember(out var name))");
        w.Open("switch (PropertyIndex(name))");
        foreach (var m in members)
        {
            w.Line($"case {m.Index}:");
            w.Open();
            var type = map.TypeName(m.Property.Type, m.Base64);
            var p = $"p{m.Index}";
            var n = $"n{m.Index}";
            switch (m.Kind)
            {
                case Kind.Fixed:
                    w.Line($"if (!reader.TryReadLiteral({Naming.Utf8Literal(FixedValue(m))})) goto fail;");
                    break;
                case Kind.Constant:
                    w.Open("if (reader.TryReadNull())");
                    w.Line($"c{m.Index} = {TypeMapping.Presence}.Null;");
                    w.Close();
                    w.Open($"else if (!reader.TryReadLiteral({Naming.Utf8Literal(FixedValue(m))}))");
                    w.Line("goto fail;");
                    w.Close();
                    w.Open("else");
                    w.Line($"c{m.Index} = {TypeMapping.Presence}.Value;");
                    w.Close();
                    break;
                case Kind.Required:
                    // A null is not a value of the type, so the typed read declines it like any other mismatch.
                    EmitFlatValue(w, m, null, null, $"{p} = v;");
                    break;
                case Kind.Optional:
                    w.Line($"{n} = reader.TryReadNull();");
                    EmitFlatValue(w, m, $"{n}", $"{p} = default({type}?);", $"{p} = v;");
                    break;
                case Kind.RequiredNullable:
                    EmitFlatValue(w, m, "reader.TryReadNull()", $"{p} = default({type}?);", $"{p} = v;");
                    break;
                case Kind.TriState:
                    var optional = $"global::Realtime.Api.Optional<{type}>";
                    EmitFlatValue(w, m, "reader.TryReadNull()", $"{p} = {optional}.Null;", $"{p} = {optional}.Of(v);");
                    break;
            }

            MarkSeen(w, m);
            w.Line("break;");
            w.Close();
        }

        // A member the schema does not define: ReadJson keeps it in the extension data.
        w.Line("default:");
        w.Line("    goto fail;");
        w.Close();
        w.Close();
        w.Line();
        var failed = masks.Count > 0 ? $"reader.Failed || !reader.IsAtEnd() || {MissingCondition(masks)}" : "reader.Failed || !reader.IsAtEnd()";
        w.Open($"if ({failed})");
        w.Line("goto fail;");
        w.Close();
        w.Line();
        EmitConstruction(w, decl, members, extensionName, "value = ", "null");
        w.Line("return true;");
        w.Line();
        w.Line("fail:");
        foreach (var m in members.Where(m => m.Base64))
        {
            w.Line($"p{m.Index}?.Dispose();");
        }

        w.Line("value = default!;");
        w.Line("return false;");
        w.Close();
    }

    /// <summary><c>if (isNull) onNull; else if (TryRead…(out var v)) onValue; else goto fail;</c>, one statement a line.</summary>
    private static void EmitFlatValue(CodeWriter w, Member m, string? isNull, string? onNull, string onValue)
    {
        var read = m.Base64 ? "TryReadBase64"
            : m.Property.Type.Kind switch
            {
                TypeRefKind.Number => "TryReadDouble",
                TypeRefKind.Integer => m.Property.Type.Width == IntegerWidth.Int32 ? "TryReadInt32" : "TryReadInt64",
                TypeRefKind.Boolean => "TryReadBoolean",
                _ => "TryReadString",
            };
        var valueTest = $"if (reader.{read}(out var v)) {onValue}";
        if (isNull is not null)
        {
            w.Line($"if ({isNull}) {onNull}");
            valueTest = "else " + valueTest;
        }

        w.Line(valueTest);
        w.Line("else goto fail;");
    }

    private static void EmitWrite(CodeWriter w, TypeMapping map, TypeDecl decl, List<Member> members, string extensionName, List<string> discriminators)
    {
        w.Line($"/// <summary>Writes a <see cref=\"{decl.Name}\"/> as a JSON object (the discriminator first).</summary>");
        w.Line($"/// <exception cref=\"global::System.InvalidOperationException\">A required member is null.</exception>");
        w.Open($"public static void WriteJson({TypeMapping.Writer} writer, {decl.Name} value)");

        // A required member left null (a consumer's null!) has no valid JSON: refuse before anything is written.
        foreach (var m in members.Where(m => m.Kind == Kind.Required && !map.IsValueType(m.Property.Type, m.Base64)))
        {
            w.Line($"{TypeMapping.Rt}.ExpectRequiredMember(value.{m.Name}, {Naming.StringLiteral(decl.Name + "." + m.Name)});");
        }

        w.Line("writer.WriteStartObject();");

        // The discriminators go first so that readers which look for one stop early: "type" (the event unions' one and
        // the usual one), then those of the other unions that hold the record, in member order.
        bool Leads(Member m) => m.Kind == Kind.Fixed && (m.Property.JsonName == "type" || discriminators.Contains(m.Property.JsonName));
        var ordered = members.Where(m => Leads(m) && m.Property.JsonName == "type")
            .Concat(members.Where(m => Leads(m) && m.Property.JsonName != "type"))
            .Concat(members.Where(m => !Leads(m)));
        foreach (var m in ordered)
        {
            var name = Naming.Utf8Literal(m.Property.JsonName);
            var local = "v" + m.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            switch (m.Kind)
            {
                case Kind.Fixed:
                    w.Line($"writer.WriteString({name}, {Naming.Utf8Literal(FixedValue(m))});");
                    break;
                case Kind.Constant:
                    w.Open($"if (value.{PresenceField(m)} == {TypeMapping.Presence}.Value)");
                    w.Line($"writer.WriteString({name}, {Naming.Utf8Literal(FixedValue(m))});");
                    w.Close();
                    w.Open($"else if (value.{PresenceField(m)} == {TypeMapping.Presence}.Null)");
                    w.Line($"writer.WriteNull({name});");
                    w.Close();
                    break;
                case Kind.Required:
                    EmitWriteMember(w, map, m, name, $"value.{m.Name}");
                    break;
                case Kind.RequiredNullable:
                    w.Line($"writer.WritePropertyName({name});");
                    w.Open($"if (value.{m.Name} is {{ }} {local})");
                    w.Line(map.Write(m.Property.Type, "writer", local, m.Base64));
                    w.Close();
                    w.Open("else");
                    w.Line("writer.WriteNullValue();");
                    w.Close();
                    break;
                case Kind.TriState:
                    w.Open($"if (value.{m.Name}.IsSet)");
                    w.Line($"writer.WritePropertyName({name});");
                    w.Open($"if (value.{m.Name}.TryGetValue(out var {local}))");
                    w.Line(map.Write(m.Property.Type, "writer", local, m.Base64));
                    w.Close();
                    w.Open("else");
                    w.Line("writer.WriteNullValue();");
                    w.Close();
                    w.Close();
                    break;
                default:
                    w.Open($"if (value.{m.Name} is {{ }} {local})");
                    EmitWriteMember(w, map, m, name, local);
                    w.Close();
                    w.Open($"else if (value.{NullFlag(m)})");
                    w.Line($"writer.WriteNull({name});");
                    w.Close();
                    break;
            }
        }

        w.Line($"{TypeMapping.Rt}.WriteExtensionData(writer, value.{extensionName});");
        w.Line("writer.WriteEndObject();");
        w.Close();
    }

    /// <summary>A member's name and value: one call for a scalar (<c>WriteString</c>, <c>WriteNumber</c>, <c>WriteBoolean</c>), else the name then the value.</summary>
    private static void EmitWriteMember(CodeWriter w, TypeMapping map, Member m, string name, string value)
    {
        if (map.WriteMember(m.Property.Type, "writer", name, value, m.Base64) is { } write)
        {
            w.Line(write);
            return;
        }

        w.Line($"writer.WritePropertyName({name});");
        w.Line(map.Write(m.Property.Type, "writer", value, m.Base64));
    }

    /// <summary>
    /// Value equality over the public members only: lists, maps and any-JSON values by content
    /// (<c>ContentEquality</c>), everything else with its own equality; the constants are the same in every instance,
    /// and the wire-fidelity fields (an explicit null of a plain optional member, a constant's presence) are left
    /// out, so an absent and a null plain optional member compare equal, as their property values do.
    /// </summary>
    private static void EmitEquality(CodeWriter w, TypeMapping map, TypeDecl decl, List<Member> members, string extensionName)
    {
        var compared = members
            .Where(m => m.Kind is not (Kind.Fixed or Kind.Constant))
            .Select(m => (Access: m.Name, Comparer: map.ContentComparer(m.Property.Type, m.Base64) is { } content ? DeclaredComparer(map, m, content) : null, Field: $"s_equality{m.Index}"))
            .ToList();
        compared.Add((Access: extensionName, Comparer: null, Field: ""));
        foreach (var c in compared.Where(c => c.Comparer is not null))
        {
            w.Line($"private static readonly {c.Comparer!.Value.Type} {c.Field} = {c.Comparer.Value.Expression};");
            w.Line();
        }

        w.Line("/// <summary>Equal when every member is equal; lists, maps and JSON values compare by content.</summary>");
        w.Open($"public bool Equals({decl.Name}? other)");
        w.Open("if (ReferenceEquals(this, other))");
        w.Line("return true;");
        w.Close();
        w.Line();
        var terms = compared.Select(c => c.Comparer is not null
            ? $"{c.Field}.Equals({c.Access}, other.{c.Access})"
            : EqualityTerm(DeclaredType(map, members, c.Access, extensionName), c.Access));
        w.Line("return other is not null");
        var termList = terms.ToList();
        for (var i = 0; i < termList.Count; i++)
        {
            w.Line($"    && {termList[i]}{(i == termList.Count - 1 ? ";" : "")}");
        }
        w.Close();
        w.Line();
        w.Open("public override int GetHashCode()");
        w.Line("var hash = new global::System.HashCode();");
        foreach (var c in compared)
        {
            w.Line(c.Comparer is not null ? $"hash.Add({c.Access}, {c.Field});" : $"hash.Add({c.Access});");
        }

        w.Line("return hash.ToHashCode();");
        w.Close();
    }

    /// <summary>
    /// The test of one member: strings and integers with their own operators (what the default comparer does for them,
    /// without a generic comparer to bind per member), everything else with the default comparer.
    /// </summary>
    private static string EqualityTerm(string declaredType, string access) => declaredType switch
    {
        "string" or "string?" => $"string.Equals({access}, other.{access})",
        "int" or "int?" or "long" or "long?" or "bool" or "bool?" => $"{access} == other.{access}",
        _ => $"global::System.Collections.Generic.EqualityComparer<{declaredType}>.Default.Equals({access}, other.{access})",
    };

    /// <summary>The comparer of the property's declared type (nullable or <c>Optional</c>) around the content comparer of its type.</summary>
    private static (string Type, string Expression)? DeclaredComparer(TypeMapping map, Member m, string content)
    {
        var declared = DeclaredType(map, m);
        var isValue = map.IsValueType(m.Property.Type, m.Base64);
        var expression = m.Kind switch
        {
            Kind.TriState => $"{TypeMapping.ContentEquality}.Optional<{map.TypeName(m.Property.Type, m.Base64)}>({content})",
            Kind.RequiredNullable or Kind.Optional when isValue => $"{TypeMapping.ContentEquality}.Nullable<{map.TypeName(m.Property.Type, m.Base64)}>({content})",
            _ => content,
        };
        return ($"global::System.Collections.Generic.IEqualityComparer<{declared}>", expression);
    }

    private static string DeclaredType(TypeMapping map, Member m)
    {
        var type = map.TypeName(m.Property.Type, m.Base64);
        return m.Kind switch
        {
            Kind.Required => type,
            Kind.TriState => $"global::Realtime.Api.Optional<{type}>",
            _ => type + "?",
        };
    }

    private static string DeclaredType(TypeMapping map, List<Member> members, string access, string extensionName) =>
        access == extensionName ? ExtensionType : DeclaredType(map, members.First(m => m.Name == access));
}

/// <summary>Pieces shared by the type emitters.</summary>
internal static class EmitterCommon
{
    public static string Visibility(EmitOptions options) => options.PublicTypes ? "public" : "internal";

    public static string ConverterAttribute(string typeName) =>
        $"[global::System.Text.Json.Serialization.JsonConverter(typeof(global::Realtime.Api.RealtimeJsonConverter<{typeName}>))]";

    public static void Obsolete(CodeWriter w, string? deprecated)
    {
        if (deprecated is null)
        {
            return;
        }

        var note = deprecated.Replace("\r", " ").Replace("\n", " ").Trim();
        w.Line(note.Length == 0 ? "[global::System.Obsolete]" : $"[global::System.Obsolete({Naming.StringLiteral(note)})]");
    }

    /// <summary>File header: auto-generated marker, nullable context, and the warnings generated code must not raise.</summary>
    public static void Header(CodeWriter w, string ns)
    {
        w.Line("// <auto-generated/>");
        w.Line("#nullable enable");
        w.Line("// Deprecated members are still read and written; descriptions come from the page and may be absent.");
        w.Line("#pragma warning disable CS0612, CS0618, CS1591");
        w.Line();
        w.Line($"namespace {ns}");
        w.Open();
    }

    /// <summary>A switch from an unescaped UTF-8 name to an index: length first, then the bytes (no allocation).</summary>
    public static void PropertyIndex(CodeWriter w, IReadOnlyList<(string JsonName, int Index)> names)
    {
        w.Open("private static int PropertyIndex(global::System.ReadOnlySpan<byte> name)");
        ByteSwitch(w, "name", names.Select(n => (n.JsonName, $"return {n.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)};")).ToList());
        w.Line("return -1;");
        w.Close();
    }

    /// <summary>Emits <c>switch (span.Length)</c> with <c>SequenceEqual</c> tests running <paramref name="cases"/>' statements.</summary>
    public static void ByteSwitch(CodeWriter w, string span, IReadOnlyList<(string Value, string Statement)> cases) =>
        ByteSwitch(w, span, cases.Select(c => (c.Value, (string?)c.Statement, (Action<CodeWriter>?)null)).ToList());

    /// <inheritdoc cref="ByteSwitch(CodeWriter, string, IReadOnlyList{ValueTuple{string, string}})"/>
    public static void ByteSwitch(CodeWriter w, string span, IReadOnlyList<(string Value, Action<CodeWriter> Emit)> cases) =>
        ByteSwitch(w, span, cases.Select(c => (c.Value, (string?)null, (Action<CodeWriter>?)c.Emit)).ToList());

    // A single statement goes on its test's line; a block is emitted in braces.
    private static void ByteSwitch(CodeWriter w, string span, IReadOnlyList<(string Value, string? Statement, Action<CodeWriter>? Emit)> cases)
    {
        if (cases.Count == 0)
        {
            return;
        }

        w.Open($"switch ({span}.Length)");
        foreach (var group in cases.GroupBy(c => Encoding.UTF8.GetByteCount(c.Value)).OrderBy(g => g.Key))
        {
            w.Line($"case {group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)}:");
            w.Open();
            foreach (var c in group)
            {
                var test = $"if (global::System.MemoryExtensions.SequenceEqual({span}, {Naming.Utf8Literal(c.Value)}))";
                if (c.Statement is { } statement)
                {
                    w.Line($"{test} {statement}");
                    continue;
                }

                w.Open(test);
                c.Emit!(w);
                w.Close();
            }

            w.Line("break;");
            w.Close();
        }

        w.Close();
    }
}
