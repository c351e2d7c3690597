namespace Realtime.Generator.Emit;

/// <summary>
/// Emits a union of objects: an interface (the page's name) that every variant record implements, the public
/// <c>Unknown…</c> variant (discriminator + raw JSON, written back unchanged), the <c>Malformed…</c> variant of a
/// server-event union, and a reader that finds the discriminator by scanning a copy of the reader (no buffering) and
/// then reads the variant directly.
/// </summary>
/// <remarks>
/// The reader and writer are ordinary static members of the interface (what other generated code and consumers call,
/// <c>Union.ReadJson</c>), and also the interface's implementations of <c>IRealtimeJsonModel</c>'s static abstract
/// members, so the interface itself is a valid type argument of the generic JSON and connection APIs (CS8920). The
/// writer dispatches through an internal member, so only this assembly's records can be variants.
/// </remarks>
internal static class UnionEmitter
{
    public static void Emit(CodeWriter w, TypeEmitModel model, EmitOptions options)
    {
        var decl = model.Decl;
        var name = decl.Name;
        var unknown = "Unknown" + name;
        var map = new TypeMapping(model, options);
        var facts = model.Referenced.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var discriminator = model.UnionDiscriminator;
        var discriminatorMember = discriminator is null ? null : Naming.ToPascalCase(discriminator);
        var visibility = EmitterCommon.Visibility(options);
        var serverEvents = decl.EventDirection == Realtime.Schema.Model.EventDirection.Server;
        var malformed = "Malformed" + name;

        w.Summary(decl.Description);
        EmitterCommon.Obsolete(w, decl.Deprecated);
        w.Line(EmitterCommon.ConverterAttribute(name));
        var jsonModel = serverEvents ? TypeMapping.ServerEventUnion : TypeMapping.JsonModel;
        w.Open($"{visibility} partial interface {name} : {jsonModel}<{name}>");
        if (discriminatorMember is not null)
        {
            w.Line($"/// <summary>The <c>{discriminator}</c> value that tells the variants apart.</summary>");
            w.Line($"string {discriminatorMember} {{ get; }}");
            w.Line();
        }

        w.Line("/// <summary>Writes the variant (implemented by the variant records of this assembly only).</summary>");
        w.Line($"internal void WriteJsonCore({TypeMapping.Writer} writer);");
        w.Line();
        w.Line($"/// <summary>Reads the variant the object at the reader is, or <see cref=\"{unknown}\"/> for one the page does not describe.</summary>");
        // "new": the interface's own static members, beside (not implementing) the inherited static abstract ones.
        w.Open($"public static new {name} ReadJson(ref {TypeMapping.Reader} reader)");
        w.Line($"{TypeMapping.Rt}.ExpectStartObject(ref reader, {Naming.StringLiteral(name)});");
        string ReadVariant(UnionVariantModel v) => $"return {map.Qualified(v.TypeName)}.ReadJson(ref reader);";

        var exhaustive = false;
        if (discriminator is not null)
        {
            // The discriminator is almost always the first member: read it in place and let the variant go on from
            // there. Otherwise find it on a copy of the reader and read the variant from the object's start.
            var literal = Naming.Utf8Literal(discriminator);
            w.Line("var start = reader;");
            w.Line($"var leading = {TypeMapping.Rt}.TryReadLeadingStringProperty(ref reader, {literal}, out var tag);");
            w.Open("if (!leading)");
            w.Line("reader = start;");
            w.Close();
            w.Line();
            w.Open($"if (leading || {TypeMapping.Rt}.TryFindStringProperty(reader, {literal}, out tag))");
            var cases = model.UnionVariants
                .Select(v => (
                    Value: facts[v.TypeName].Literals.First(c => c.JsonName == discriminator).Value,
                    Statement: $"return leading ? {map.Qualified(v.TypeName)}.ReadMembers(ref reader, {map.Qualified(v.TypeName)}.{ObjectEmitter.SeenConstant(discriminator)}) : {map.Qualified(v.TypeName)}.ReadJson(ref reader);"))
                .ToList();
            EmitterCommon.ByteSwitch(w, "tag", cases);
            w.Close();
            w.Line();
            w.Line("reader = start;");
        }
        else
        {
            exhaustive = EmitMatchByMembers(w, model.UnionVariants.Select(v => (facts[v.TypeName], ReadVariant(v))).ToList());
        }

        if (!exhaustive)
        {
            w.Line();
            w.Line($"return {unknown}.ReadJson(ref reader);");
        }

        w.Close();
        w.Line();
        var flatVariants = model.UnionVariants.Where(v => facts[v.TypeName].IsFlat).ToList();
        var hasFlatRead = discriminator is not null && flatVariants.Count > 0;
        if (hasFlatRead)
        {
            EmitFlatRead(w, map, name, discriminator!, flatVariants, facts);
            w.Line();
        }

        w.Line("/// <summary>Writes any variant.</summary>");
        w.Open($"public static new void WriteJson({TypeMapping.Writer} writer, {name} value)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(value);");
        w.Line("value.WriteJsonCore(writer);");
        w.Close();
        w.Line();
        w.Line($"static {name} {TypeMapping.JsonModel}<{name}>.ReadJson(ref {TypeMapping.Reader} reader) => ReadJson(ref reader);");
        w.Line();
        w.Line($"static void {TypeMapping.JsonModel}<{name}>.WriteJson({TypeMapping.Writer} writer, {name} value) => WriteJson(writer, value);");
        if (hasFlatRead)
        {
            w.Line();
            w.Line($"static bool {TypeMapping.JsonModel}<{name}>.TryReadFlat(global::System.ReadOnlySpan<byte> utf8Json, [global::System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out {name} value) => TryReadFlat(utf8Json, out value);");
        }

        if (serverEvents)
        {
            w.Line();
            w.Line($"static {name} {TypeMapping.ServerEventUnion}<{name}>.CreateMalformed(global::System.ReadOnlyMemory<byte> rawJson, {TypeMapping.MalformedReason} reason, string message, global::System.Exception? error) =>");
            w.Line($"    new {malformed}(rawJson, reason, message, error);");
        }

        w.Close();
        w.Line();
        w.Line($"/// <summary>A <see cref=\"{name}\"/> this version of the page does not describe: its raw JSON, written back unchanged.</summary>");
        w.Line(EmitterCommon.ConverterAttribute(unknown));
        w.Open($"{visibility} sealed partial record {unknown} : {name}, {TypeMapping.JsonModel}<{unknown}>");
        w.Line("/// <summary>Wraps the JSON of an object (e.g. an event this library does not know yet, to send it as is).</summary>");
        w.Open($"public {unknown}(global::System.ReadOnlyMemory<byte> rawJson)");
        w.Line("RawJson = rawJson;");
        if (discriminatorMember is not null)
        {
            w.Line($"{discriminatorMember} = {TypeMapping.Rt}.FindStringProperty(rawJson.Span, {Naming.Utf8Literal(discriminator!)}) ?? \"\";");
        }

        w.Close();
        w.Line();
        if (discriminatorMember is not null)
        {
            w.Line($"/// <summary>The <c>{discriminator}</c> value as received (empty when absent).</summary>");
            w.Line($"public string {discriminatorMember} {{ get; }}");
            w.Line();
        }

        w.Line("/// <summary>The object's exact UTF-8 JSON.</summary>");
        w.Line("public global::System.ReadOnlyMemory<byte> RawJson { get; }");
        w.Line();
        w.Line("/// <summary>The JSON as a <see cref=\"global::System.Text.Json.JsonElement\"/>.</summary>");
        w.Open($"public {TypeMapping.Element} ToJsonElement()");
        w.Line("using var document = global::System.Text.Json.JsonDocument.Parse(RawJson);");
        w.Line("return document.RootElement.Clone();");
        w.Close();
        w.Line();
        w.Line($"void {name}.WriteJsonCore({TypeMapping.Writer} writer) => WriteJson(writer, this);");
        w.Line();
        // By the bytes: two reads of the same JSON are equal (a record would compare the memory's array reference).
        w.Line("/// <summary>Equal when the raw JSON is the same bytes.</summary>");
        w.Line($"public bool Equals({unknown}? other) => ReferenceEquals(this, other) || (other is not null && global::System.MemoryExtensions.SequenceEqual(RawJson.Span, other.RawJson.Span));");
        w.Line();
        w.Open("public override int GetHashCode()");
        w.Line("var hash = new global::System.HashCode();");
        w.Line("hash.AddBytes(RawJson.Span);");
        w.Line("return hash.ToHashCode();");
        w.Close();
        w.Line();
        w.Line($"public static {unknown} ReadJson(ref {TypeMapping.Reader} reader) => new {unknown}({TypeMapping.Rt}.ReadRaw(ref reader));");
        w.Line();
        w.Line($"public static void WriteJson({TypeMapping.Writer} writer, {unknown} value) => {TypeMapping.Rt}.WriteRaw(writer, value.RawJson);");
        w.Close();
        if (serverEvents)
        {
            w.Line();
            EmitMalformed(w, name, malformed, discriminator, visibility);
        }
    }

    /// <summary>
    /// The server-event union's variant for a received message that is not one of its events (invalid JSON, too large,
    /// binary): made by the connection so the stream goes on, with the bytes as received.
    /// </summary>
    private static void EmitMalformed(CodeWriter w, string union, string malformed, string? discriminator, string visibility)
    {
        var discriminatorMember = discriminator is null ? null : Naming.ToPascalCase(discriminator);
        w.Line("/// <summary>");
        w.Line($"/// A received message that is not a valid <see cref=\"{union}\"/>. It is delivered in the event stream instead of ending it:");
        w.Line("/// the session goes on. <see cref=\"RawJson\"/> holds the message's bytes exactly as received (empty for a skipped,");
        w.Line("/// too-large message). Not sent by the server: it is made by the connection, so <see cref=\"Type\"/> is whatever");
        w.Line("/// <c>type</c> the bytes carried, if any could be found.");
        w.Line("/// </summary>");
        w.Open($"{visibility} sealed partial record {malformed} : {union}, {TypeMapping.MalformedEvent}");
        w.Open($"public {malformed}(global::System.ReadOnlyMemory<byte> rawJson, {TypeMapping.MalformedReason} reason, string message, global::System.Exception? error = null)");
        w.Line("RawJson = rawJson;");
        w.Line("Reason = reason;");
        w.Line("Message = message;");
        w.Line("Error = error;");
        w.Line($"Type = {TypeMapping.MalformedMessage}.FindType(rawJson, reason);");
        if (discriminatorMember is not null && discriminatorMember != "Type")
        {
            w.Line($"{discriminatorMember} = reason == {TypeMapping.MalformedReason}.InvalidJson ? {TypeMapping.Rt}.FindStringProperty(rawJson.Span, {Naming.Utf8Literal(discriminator!)}) ?? \"\" : \"\";");
        }

        w.Close();
        w.Line();
        w.Line("/// <summary>The <c>type</c> the bytes named, or empty.</summary>");
        w.Line("public string Type { get; }");
        w.Line();
        if (discriminatorMember is not null && discriminatorMember != "Type")
        {
            w.Line($"/// <summary>The <c>{discriminator}</c> the bytes named, or empty.</summary>");
            w.Line($"public string {discriminatorMember} {{ get; }}");
            w.Line();
        }

        w.Line("/// <summary>The message bytes as received.</summary>");
        w.Line("public global::System.ReadOnlyMemory<byte> RawJson { get; }");
        w.Line();
        w.Line("/// <summary>What was wrong.</summary>");
        w.Line($"public {TypeMapping.MalformedReason} Reason {{ get; }}");
        w.Line();
        w.Line("/// <summary>A readable explanation (the parser's message for invalid JSON).</summary>");
        w.Line("public string Message { get; }");
        w.Line();
        w.Line("/// <summary>The parse error, when there was one.</summary>");
        w.Line("public global::System.Exception? Error { get; }");
        w.Line();
        w.Line("/// <summary>Writes the raw bytes back when they are valid JSON (e.g. to log or forward them); otherwise throws.</summary>");
        w.Line($"void {union}.WriteJsonCore({TypeMapping.Writer} writer) => {TypeMapping.MalformedMessage}.WriteRaw(writer, this);");
        w.Close();
    }

    /// <summary>
    /// The union's fast path: a leading plain discriminator naming a flat variant hands the rest of the document to
    /// that variant's <c>TryReadFlatMembers</c>. Any other document returns false, for <c>ReadJson</c> to read.
    /// </summary>
    private static void EmitFlatRead(CodeWriter w, TypeMapping map, string name, string discriminator, List<UnionVariantModel> flatVariants, Dictionary<string, TypeFacts> facts)
    {
        w.Line($"/// <summary>Reads a whole document that is one of the variants with plain members only, or returns false for <see cref=\"ReadJson\"/> to read it.</summary>");
        w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        w.Open($"public static new bool TryReadFlat(global::System.ReadOnlySpan<byte> utf8Json, [global::System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out {name} value)");
        w.Line("value = default!;");
        w.Line("var reader = new global::Realtime.Api.FlatJsonReader(utf8Json);");
        w.Open($"if (!reader.TryReadLeadingString({Naming.Utf8Literal(discriminator)}, out var tag))");
        w.Line("return false;");
        w.Close();
        w.Line();
        var cases = flatVariants
            .Select(v => (
                Value: facts[v.TypeName].Literals.First(c => c.JsonName == discriminator).Value,
                Emit: (Action<CodeWriter>)(cw =>
                {
                    cw.Open($"if ({map.Qualified(v.TypeName)}.TryReadFlatMembers(ref reader, {map.Qualified(v.TypeName)}.{ObjectEmitter.SeenConstant(discriminator)}, out var variant))");
                    cw.Line("value = variant;");
                    cw.Line("return true;");
                    cw.Close();
                    cw.Line();
                    cw.Line("return false;");
                })))
            .ToList();
        EmitterCommon.ByteSwitch(w, "tag", cases);
        w.Line();
        w.Line("return false;");
        w.Close();
    }

    /// <summary>
    /// Tells object variants apart without one discriminator: scans a copy of the reader for the variants' literal
    /// properties (and, for variants whose literals are the same, their required members), then tests the variants
    /// most specific first. Leaves <c>reader</c> where it was.
    /// </summary>
    /// <returns>True when the last test always matches (a variant with nothing to test): code after it is unreachable.</returns>
    public static bool EmitMatchByMembers(CodeWriter w, IReadOnlyList<(TypeFacts Facts, string Statement)> variants)
    {
        var literalNames = variants.SelectMany(v => v.Facts.Literals.Select(c => c.JsonName)).Distinct(StringComparer.Ordinal).ToList();
        var sameLiterals = variants
            .GroupBy(v => string.Join("\u0001", v.Facts.Literals.OrderBy(c => c.JsonName, StringComparer.Ordinal).Select(c => c.JsonName + "=" + c.Value)))
            .Where(g => g.Count() > 1)
            .SelectMany(g => g.Select(v => v.Facts.Name))
            .Aggregate(new HashSet<string>(StringComparer.Ordinal), (set, n) => { set.Add(n); return set; });
        var presenceNames = variants
            .Where(v => sameLiterals.Contains(v.Facts.Name))
            .SelectMany(v => v.Facts.RequiredNames)
            .Where(n => !literalNames.Contains(n))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        w.Line("var scan = reader;");
        for (var i = 0; i < literalNames.Count; i++)
        {
            w.Line($"string? k{i} = null;");
        }

        for (var i = 0; i < presenceNames.Count; i++)
        {
            w.Line($"bool h{i} = false;");
        }

        // Once every literal and every presence test has been seen, the rest of the object cannot change the choice.
        var allSeen = string.Join(" && ", literalNames.Select((_, i) => $"k{i} is not null").Concat(presenceNames.Select((_, i) => $"h{i}")));
        w.Open($"while (scan.Read() && scan.TokenType == {TypeMapping.Token}.PropertyName)");
        for (var i = 0; i < literalNames.Count; i++)
        {
            w.Open($"if (scan.ValueTextEquals({Naming.Utf8Literal(literalNames[i])}))");
            w.Open("if (!scan.Read())");
            w.Line("break;");
            w.Close();
            w.Line();
            w.Line($"k{i} = scan.TokenType == {TypeMapping.Token}.String ? scan.GetString() : null;");
            w.Open($"if (({allSeen}) || !scan.TrySkip())");
            w.Line("break;");
            w.Close();
            w.Line();
            w.Line("continue;");
            w.Close();
        }

        for (var i = 0; i < presenceNames.Count; i++)
        {
            w.Open($"if (scan.ValueTextEquals({Naming.Utf8Literal(presenceNames[i])}))");
            w.Line($"h{i} = true;");
            w.Open($"if ({allSeen})");
            w.Line("break;");
            w.Close();
            w.Close();
        }

        // TrySkip, not Skip: inside JsonSerializer reading a stream the reader is not on its final block (the value
        // itself is buffered whole, so TrySkip succeeds; Skip would throw).
        w.Open("if (!scan.Read() || !scan.TrySkip())");
        w.Line("break;");
        w.Close();
        w.Close();
        w.Line();

        var ordered = variants
            .Select((v, order) => (v, order))
            .OrderByDescending(x => x.v.Facts.Literals.Count(c => c.Required))
            .ThenByDescending(x => x.v.Facts.Literals.Count)
            .ThenByDescending(x => sameLiterals.Contains(x.v.Facts.Name) ? x.v.Facts.RequiredNames.Count : 0)
            .ThenBy(x => x.order)
            .Select(x => x.v);
        foreach (var (facts, statement) in ordered)
        {
            var conditions = facts.Literals
                .Select(c => c.Required
                    ? $"k{literalNames.IndexOf(c.JsonName)} == {Naming.StringLiteral(c.Value)}"
                    : $"(k{literalNames.IndexOf(c.JsonName)} is null || k{literalNames.IndexOf(c.JsonName)} == {Naming.StringLiteral(c.Value)})")
                .ToList();
            if (sameLiterals.Contains(facts.Name))
            {
                conditions.AddRange(facts.RequiredNames.Where(n => presenceNames.Contains(n)).Select(n => $"h{presenceNames.IndexOf(n)}"));
            }

            if (conditions.Count == 0)
            {
                w.Line(statement);
                return true;
            }

            w.Open($"if ({string.Join(" && ", conditions)})");
            w.Line(statement);
            w.Close();
        }

        return false;
    }
}
