using System.Text;
using Realtime.Schema.Analysis;
using Realtime.Schema.Model;

namespace Realtime.Generator.Emit;

/// <summary>Emits a named object as a sealed partial record with its generated reader and writer.</summary>
internal static class ObjectEmitter
{
    /// <summary>Members every generated record has (or inherits) that a property must not take.</summary>
    private enum Kind
    {
        /// <summary>A string literal the type always has: get-only, written always, checked on read.</summary>
        Fixed,
        Required,
        RequiredNullable,
        /// <summary>Absent / null / value: <c>Optional&lt;T&gt;</c>.</summary>
        TriState,
        /// <summary>Nullable, omitted when null (an explicit null read is remembered and written back).</summary>
        Optional,
    }

    /// <param name="AbsentFlag">A member that would be written even when absent on read (a required value type or
    /// nullable, a literal no union reads the record by): remembers its absence so that writing does not invent it.</param>
    private sealed record Member(PropertyDecl Property, string Name, Kind Kind, bool Base64, int Index, bool AbsentFlag);

    public static void Emit(CodeWriter w, TypeEmitModel model, EmitOptions options)
    {
        var decl = model.Decl;
        var map = new TypeMapping(model, options);
        var members = Members(model, map);
        var extensionName = Naming.MakeUnique(new[] { "ExtensionData" }, members.Select(m => m.Name).Concat(CSharpNames.ObjectReservedMembers).Append(decl.Name))[0];

        w.Summary(decl.Description);
        EmitterCommon.Obsolete(w, decl.Deprecated);
        w.Line(EmitterCommon.ConverterAttribute(decl.Name));
        var unions = string.Concat(model.Unions.Select(u => map.Qualified(u.Name) + ", "));
        w.Open($"{EmitterCommon.Visibility(options)} sealed partial record {decl.Name} : {unions}{TypeMapping.JsonModel}<{decl.Name}>");

        foreach (var m in members)
        {
            EmitProperty(w, map, m, model);
        }

        w.Line("/// <summary>Members the schema does not define, in received order with their exact JSON, so that a read–write round trip loses nothing.</summary>");
        w.Line($"public {TypeMapping.ExtensionData}? {extensionName} {{ get; init; }}");
        foreach (var m in members.Where(HasNullFlag))
        {
            w.Line();
            w.Line($"// {m.Property.JsonName} was read as an explicit null: written back as null while the property stays null.");
            w.Line($"private bool {NullFlag(m)};");
        }

        foreach (var m in members.Where(m => m.AbsentFlag))
        {
            w.Line();
            w.Line($"// {m.Property.JsonName} was missing on read (the reader is lenient): not written back.");
            w.Line($"private bool {AbsentFlag(m)};");
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
        EmitterCommon.PropertyIndex(w, members.Select(m => (m.Property.JsonName, m.Index)).ToList());
        w.Close();
    }

    private static List<Member> Members(TypeEmitModel model, TypeMapping map)
    {
        var decl = model.Decl;
        var names = CSharpNames.ObjectMemberNames(decl);
        var list = new List<Member>();
        for (var i = 0; i < decl.Properties.Count; i++)
        {
            var p = decl.Properties[i];
            var isStringLiteral = p.Type.Kind == TypeRefKind.Literal && p.Type.LiteralKind == LiteralKind.String && p.Type.LiteralJson is not null;
            // A literal that a union holding the record reads it by is always written, optional on the page or not.
            var kind = isStringLiteral && (p.IsRequired || model.Unions.Any(u => u.Discriminator == p.JsonName)) ? Kind.Fixed
                : p.IsRequired && p.Deprecated is null ? (p.IsNullable ? Kind.RequiredNullable : Kind.Required)
                : !p.IsRequired && p.IsNullable ? Kind.TriState
                : Kind.Optional;
            var base64 = TypeMapping.IsBase64Audio(p);
            var absentFlag = kind == Kind.RequiredNullable
                || (kind == Kind.Required && map.IsValueType(p.Type, base64))
                || (kind == Kind.Fixed && model.Unions.All(u => u.Discriminator != p.JsonName));
            list.Add(new Member(p, names[i], kind, base64, i, absentFlag));
        }

        return list;
    }

    /// <summary>Plain optional and required members remember an explicit null they were read with, to write it back.</summary>
    private static bool HasNullFlag(Member m) => m.Kind is Kind.Optional or Kind.Required;

    private static string NullFlag(Member m) => $"_{Naming.ToCamelCase(m.Property.JsonName).TrimStart('@')}WasNull{m.Index}";

    private static string AbsentFlag(Member m) => $"_{Naming.ToCamelCase(m.Property.JsonName).TrimStart('@')}WasAbsent{m.Index}";

    private static string FixedValue(Member m) => SchemaAnalysis.UnquoteJson(m.Property.Type.LiteralJson!);

    private static void EmitProperty(CodeWriter w, TypeMapping map, Member m, TypeEmitModel model)
    {
        var p = m.Property;
        var type = map.TypeName(p.Type, m.Base64);
        w.Summary(p.Description);
        EmitterCommon.Obsolete(w, p.Deprecated);
        switch (m.Kind)
        {
            case Kind.Fixed:
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
        w.Line($"/// <summary>Reads a <see cref=\"{decl.Name}\"/> from the object at the reader.</summary>");
        w.Open($"public static {decl.Name} ReadJson(ref {TypeMapping.Reader} reader)");
        w.Line($"{TypeMapping.Rt}.ExpectStartObject(ref reader, {Naming.StringLiteral(decl.Name)});");
        w.Line("return ReadMembers(ref reader);");
        w.Close();
        w.Line();

        // A union that found its discriminator as the first member calls this past it, so no token is read twice.
        w.Line("/// <summary>Reads the members after the reader's position inside the object (past its start, or past members a union already checked).</summary>");
        w.Open($"internal static {decl.Name} ReadMembers(ref {TypeMapping.Reader} reader)");
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
                var read = map.Read(m.Property.Type, "reader", m.Base64);
                var isNull = $"reader.TokenType == {TypeMapping.Token}.Null";
                var what = Naming.StringLiteral(decl.Name + "." + m.Property.JsonName);
                if (m.AbsentFlag)
                {
                    w.Line($"a{m.Index} = false;");
                }

                switch (m.Kind)
                {
                    case Kind.Fixed:
                        w.Line($"{TypeMapping.Rt}.ExpectLiteral(ref reader, {Naming.Utf8Literal(FixedValue(m))}, {what});");
                        break;
                    case Kind.Required:
                        w.Line($"n{m.Index} = {isNull};");
                        w.Line($"p{m.Index} = n{m.Index} ? default! : {read};");
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

                w.Line("break;");
                w.Close();
            }

            w.Close();
        }

        w.Close();
        w.Line();
        EmitConstruction(w, decl, members, extensionName, "return ", "extensionData");
        w.Close();
    }

    /// <summary>The locals a reader fills: <c>p</c> the value, <c>n</c> "was an explicit null" and <c>a</c> "was absent" where remembered.</summary>
    private static void EmitMemberLocals(CodeWriter w, TypeMapping map, List<Member> members)
    {
        foreach (var m in members)
        {
            if (m.AbsentFlag)
            {
                w.Line($"bool a{m.Index} = true;");
            }

            var type = map.TypeName(m.Property.Type, m.Base64);
            switch (m.Kind)
            {
                case Kind.Fixed:
                    break;
                case Kind.Required:
                    w.Line($"{type} p{m.Index} = default!;");
                    w.Line($"bool n{m.Index} = false;");
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
        foreach (var m in members)
        {
            if (m.Kind != Kind.Fixed)
            {
                w.Line($"{m.Name} = p{m.Index},");
            }

            if (HasNullFlag(m))
            {
                w.Line($"{NullFlag(m)} = n{m.Index},");
            }

            if (m.AbsentFlag)
            {
                w.Line($"{AbsentFlag(m)} = a{m.Index},");
            }
        }

        w.Line($"{extensionName} = {extensionData},");
        w.Close(";");
    }

    /// <summary>
    /// The fast path of an object whose members are all scalars (<see cref="TypeMapping.IsFlatMember"/>): the same
    /// locals and construction as <c>ReadMembers</c>, filled by <c>FlatJsonReader</c>. Anything it declines (an
    /// unknown member, an escape, a fraction, invalid JSON…) returns false, pooled data decoded so far is given back,
    /// and the caller reads the document again with <c>ReadJson</c>.
    /// </summary>
    private static void EmitFlatRead(CodeWriter w, TypeMapping map, TypeDecl decl, List<Member> members, string extensionName)
    {
        const string Flat = "global::Realtime.Api.FlatJsonReader";
        const string MaybeNull = "[global::System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)]";
        w.Line($"/// <summary>Reads a whole document that is a <see cref=\"{decl.Name}\"/> of plain members, or returns false for <see cref=\"ReadJson\"/> to read it.</summary>");
        w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        w.Open($"public static bool TryReadFlat(global::System.ReadOnlySpan<byte> utf8Json, {MaybeNull} out {decl.Name} value)");
        w.Line($"var reader = new {Flat}(utf8Json);");
        w.Open("if (reader.TryStartObject())");
        w.Line("return TryReadFlatMembers(ref reader, out value);");
        w.Close();
        w.Line();
        w.Line("value = default!;");
        w.Line("return false;");
        w.Close();
        w.Line();
        w.Line("/// <summary>Reads the rest of a whole flat document after the reader's position (past its start, or past the members a union already checked).</summary>");
        w.Open($"internal static bool TryReadFlatMembers(ref {Flat} reader, {MaybeNull} out {decl.Name} value)");
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
            if (m.AbsentFlag)
            {
                w.Line($"a{m.Index} = false;");
            }

            switch (m.Kind)
            {
                case Kind.Fixed:
                    w.Open($"if (!reader.TryReadLiteral({Naming.Utf8Literal(FixedValue(m))}))");
                    w.Line("goto fail;");
                    w.Close();
                    break;
                case Kind.Required:
                case Kind.Optional:
                    w.Line($"{n} = reader.TryReadNull();");
                    EmitFlatValue(w, m, $"{n}", m.Kind == Kind.Required ? $"{p} = default!;" : $"{p} = default({type}?);", $"{p} = v;");
                    break;
                case Kind.RequiredNullable:
                    EmitFlatValue(w, m, "reader.TryReadNull()", $"{p} = default({type}?);", $"{p} = v;");
                    break;
                case Kind.TriState:
                    var optional = $"global::Realtime.Api.Optional<{type}>";
                    EmitFlatValue(w, m, "reader.TryReadNull()", $"{p} = {optional}.Null;", $"{p} = {optional}.Of(v);");
                    break;
            }

            w.Line("break;");
            w.Close();
        }

        // A member the schema does not define: ReadJson keeps it in the extension data.
        w.Line("default:");
        w.Line("    goto fail;");
        w.Close();
        w.Close();
        w.Line();
        w.Open("if (reader.Failed || !reader.IsAtEnd())");
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

    /// <summary><c>if (isNull) onNull; else if (!TryRead…(out var v)) goto fail; else onValue;</c></summary>
    private static void EmitFlatValue(CodeWriter w, Member m, string isNull, string onNull, string onValue)
    {
        var read = m.Base64 ? "TryReadBase64"
            : m.Property.Type.Kind switch
            {
                TypeRefKind.Number => "TryReadDouble",
                TypeRefKind.Integer => "TryReadInt64",
                TypeRefKind.Boolean => "TryReadBoolean",
                _ => "TryReadString",
            };
        w.Open($"if ({isNull})");
        w.Line(onNull);
        w.Close();
        w.Open($"else if (!reader.{read}(out var v))");
        w.Line("goto fail;");
        w.Close();
        w.Open("else");
        w.Line(onValue);
        w.Close();
    }

    private static void EmitWrite(CodeWriter w, TypeMapping map, TypeDecl decl, List<Member> members, string extensionName, List<string> discriminators)
    {
        w.Line($"/// <summary>Writes a <see cref=\"{decl.Name}\"/> as a JSON object (the discriminator first).</summary>");
        w.Open($"public static void WriteJson({TypeMapping.Writer} writer, {decl.Name} value)");
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
                case Kind.Fixed when m.AbsentFlag:
                    w.Open($"if (!value.{AbsentFlag(m)})");
                    w.Line($"writer.WriteString({name}, {Naming.Utf8Literal(FixedValue(m))});");
                    w.Close();
                    break;
                case Kind.Fixed:
                    w.Line($"writer.WriteString({name}, {Naming.Utf8Literal(FixedValue(m))});");
                    break;
                case Kind.Required when m.AbsentFlag:
                    w.Open($"if (!value.{AbsentFlag(m)})");
                    w.Line($"writer.WritePropertyName({name});");
                    w.Open($"if (value.{NullFlag(m)})");
                    w.Line("writer.WriteNullValue();");
                    w.Close();
                    w.Open("else");
                    w.Line(map.Write(m.Property.Type, "writer", $"value.{m.Name}", m.Base64));
                    w.Close();
                    w.Close();
                    break;
                case Kind.Required:
                    // Null only when the value was missing or null on read (the reader is lenient): written as read.
                    w.Open($"if (value.{m.Name} is {{ }} {local})");
                    w.Line($"writer.WritePropertyName({name});");
                    w.Line(map.Write(m.Property.Type, "writer", local, m.Base64));
                    w.Close();
                    w.Open($"else if (value.{NullFlag(m)})");
                    w.Line($"writer.WriteNull({name});");
                    w.Close();
                    break;
                case Kind.RequiredNullable:
                    w.Open($"if (!value.{AbsentFlag(m)})");
                    w.Line($"writer.WritePropertyName({name});");
                    w.Open($"if (value.{m.Name} is {{ }} {local})");
                    w.Line(map.Write(m.Property.Type, "writer", local, m.Base64));
                    w.Close();
                    w.Open("else");
                    w.Line("writer.WriteNullValue();");
                    w.Close();
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
                    w.Line($"writer.WritePropertyName({name});");
                    w.Line(map.Write(m.Property.Type, "writer", local, m.Base64));
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
        ByteSwitch(w, span, cases.Select(c => (c.Value, (Action<CodeWriter>)(cw => cw.Line(c.Statement)))).ToList());

    /// <inheritdoc cref="ByteSwitch(CodeWriter, string, IReadOnlyList{ValueTuple{string, string}})"/>
    public static void ByteSwitch(CodeWriter w, string span, IReadOnlyList<(string Value, Action<CodeWriter> Emit)> cases)
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
                w.Open($"if (global::System.MemoryExtensions.SequenceEqual({span}, {Naming.Utf8Literal(c.Value)}))");
                c.Emit(w);
                w.Close();
            }

            w.Line("break;");
            w.Close();
        }

        w.Close();
    }
}
