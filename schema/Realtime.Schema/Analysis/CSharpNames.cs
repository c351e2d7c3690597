using System.Text;
using Realtime.Schema.Model;

namespace Realtime.Schema.Analysis;

/// <summary>
/// The C# names of the generated API's members, from JSON names and literal values: PascalCase members
/// (<c>event_id</c> → <c>EventId</c>), enum members from values (<c>gpt-4o-mini-transcribe-2025-12-15</c> →
/// <c>Gpt4oMiniTranscribe2025_12_15</c>), camelCase parameters with keyword escaping (<c>object</c> → <c>@object</c>),
/// and collision resolution. It lives beside the schema so that the emitters and the API lock derive a member's name
/// by the same rule.
/// </summary>
public static class CSharpNames
{
    /// <summary>Members every generated record has besides its properties: a property whose name clashes gets a suffix.</summary>
    public static readonly IReadOnlyList<string> ObjectReservedMembers = new[]
    {
        "Equals", "GetHashCode", "ToString", "GetType", "ReadJson", "WriteJson", "WriteJsonCore", "EqualityContract",
        "PrintMembers", "Deconstruct", "MemberwiseClone", "Finalize", "PropertyIndex", "ReadMembers", "TryReadFlat",
        "TryReadFlatMembers",
    };

    /// <summary>Members every generated enum struct has besides its values.</summary>
    public static readonly IReadOnlyList<string> EnumReservedMembers = new[] { "Equals", "GetHashCode", "ToString", "GetType", "ReadJson", "WriteJson", "IsKnown" };

    /// <summary>
    /// The runtime's public types in <c>Realtime.Api</c>, the default namespace of the generated code: a generated type
    /// of the same name would hide the runtime type the generated code names (CS0436), so no generated type takes one.
    /// </summary>
    public static readonly IReadOnlyList<string> RuntimeTypeNames = new[]
    {
        "AudioConverter", "AudioDeltaDecoder", "AudioEncoding", "AudioFlushMode", "AudioFormat", "AudioFramer",
        "AudioFramerOptions", "AudioInputPipeline", "AudioPlaybackTracker", "AudioTruncatePoint", "Base64Data", "CachePrefetch",
        "G711", "IMalformedRealtimeEvent", "IRealtimeJsonModel", "IRealtimeServerEventUnion", "JsonRuntime", "JsonStrings",
        "MalformedMessage", "MalformedMessageReason", "Optional", "PooledAudioBuffer", "PooledBufferWriter", "RealtimeAudioEvents",
        "RealtimeBackpressurePolicy", "RealtimeConnection", "RealtimeConnectionException", "RealtimeConnectionOptions",
        "RealtimeCredential", "RealtimeCredentialKind", "RealtimeJsonConverter", "RealtimeJsonTypeInfo", "RealtimeMessage",
        "RealtimeMessageTooLargeException", "RealtimeSessionKind", "RealtimeTransport", "RealtimeTransportOptions",
        "ReceiveBufferPool", "ReceiveQueue", "ReceivedMessage", "Resampler", "Ring", "RingCounts", "TransportLog", "WavAudio",
        "WavFile", "WavLayout", "WavWriter", "FlatJsonReader", "Audio", "System", "Realtime",
    };

    private static string RestClientName(string title) => ToPascalCase(title is { Length: > 0 } ? title : "Api") + "RestClient";

    /// <summary>
    /// The types the emitters add beside the page's: the JSON entry point and resolver, the REST client and its
    /// exception, and per union its unknown and malformed variants, dispatcher, handler interfaces and connection extensions.
    /// </summary>
    public static IEnumerable<string> GeneratedTypeNames(string title, IEnumerable<string> unions)
    {
        var client = RestClientName(title);
        yield return "RealtimeJson";
        yield return "RealtimeJsonTypeInfoResolver";
        yield return client;
        yield return client + "Exception";
        foreach (var union in unions)
        {
            yield return "Unknown" + union;
            yield return "Malformed" + union;
            yield return union + "Dispatcher";
            yield return union + "ConnectionExtensions";
            yield return "I" + union + "Handler";
            yield return "I" + union + "AsyncHandler";
        }
    }

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>The C# property name of each of an object's properties, in property order.</summary>
    public static IReadOnlyList<string> ObjectMemberNames(TypeDecl decl) =>
        MakeUnique(decl.Properties.Select(p => p.CSharpName ?? ToPascalCase(p.JsonName)), ObjectReservedMembers.Concat(new[] { decl.Name }));

    /// <summary>An enum's distinct values (the first of a repeated value wins) with the C# name of each, in page order.</summary>
    public static IReadOnlyList<(EnumMember Member, string Name)> EnumMemberNames(TypeDecl decl)
    {
        var members = decl.Members.GroupBy(m => m.Value, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var names = MakeUnique(members.Select(m => ToMemberName(m.Value)), EnumReservedMembers.Concat(new[] { decl.Name }));
        return members.Select((m, i) => (m, names[i])).ToList();
    }

    /// <summary>The REST client's class name: the page title (<c>Realtime</c>) + <c>RestClient</c>.</summary>
    public static string RestClientName(ApiSchema schema) => RestClientName(schema.Title);

    /// <summary>The REST client's method name of each endpoint (<c>CreateClientSecretAsync</c>), in endpoint order.</summary>
    public static IReadOnlyList<string> OperationMethodNames(ApiSchema schema) =>
        MakeUnique(schema.Endpoints.Select(e => ToPascalCase(e.OperationName) + "Async"), new[] { RestClientName(schema), "SendAsync", "JsonContent" });

    /// <summary>PascalCase from a JSON name or literal: words split at non-alphanumerics and lower→upper changes; a separator between two digits is kept as <c>_</c>.</summary>
    public static string ToPascalCase(string name)
    {
        var sb = new StringBuilder(name.Length);
        var startWord = true;
        var pendingSeparator = false;
        foreach (var c in name)
        {
            if (!IsAsciiLetterOrDigit(c))
            {
                pendingSeparator = sb.Length > 0;
                startWord = true;
                continue;
            }

            if (pendingSeparator && char.IsDigit(c) && char.IsDigit(sb[sb.Length - 1]))
            {
                sb.Append('_');
            }

            pendingSeparator = false;
            sb.Append(startWord ? char.ToUpperInvariant(c) : c);
            startWord = false;
        }

        if (sb.Length == 0)
        {
            return "Empty";
        }

        return char.IsDigit(sb[0]) ? "_" + sb : sb.ToString();
    }

    /// <summary>
    /// A type name by the .NET naming guidelines, from a page or derived name: no underscores or other separators
    /// (<c>RealtimeResponse_Status</c> → <c>RealtimeResponseStatus</c>), acronyms of three or more letters and
    /// <c>ID</c>/<c>OK</c> PascalCased (<c>PCMAudioFormat</c> → <c>PcmAudioFormat</c>, <c>ID</c> → <c>Id</c>), two-letter
    /// acronyms kept (<c>IO</c>), and a run of letters the page never writes as a word split into the words it does
    /// (<c>RealtimeMcphttpError</c> → <c>RealtimeMcpHttpError</c>, see <see cref="PageWords"/>). A name already in that
    /// form is returned unchanged, and the rule is idempotent.
    /// </summary>
    public static string TypeName(string name, PageWords words)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var word in NameWords(name))
        {
            if (word.All(char.IsDigit))
            {
                sb.Append(word);
            }
            else if (IsAcronym(word))
            {
                sb.Append(word.Length == 2 && !NotAcronyms.Contains(word) ? word : Capitalized(word));
            }
            else if (words.Split(LettersOf(word)) is { } pieces && LettersOf(word).Length == word.Length)
            {
                foreach (var piece in pieces) sb.Append(Capitalized(piece));
            }
            else
            {
                sb.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
            }
        }

        if (sb.Length == 0) return "Empty";
        return char.IsDigit(sb[0]) ? "N" + sb : sb.ToString();
    }

    /// <summary>
    /// The words of a name: split at non-alphanumerics, at lower→upper changes, and before the last capital of a run
    /// of capitals followed by lower case (<c>PCMAudio</c> → <c>PCM</c> <c>Audio</c>); digits stay with their word.
    /// </summary>
    public static IReadOnlyList<string> NameWords(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length > 0) words.Add(current.ToString());
            current.Clear();
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!IsAsciiLetterOrDigit(c))
            {
                Flush();
                continue;
            }

            if (current.Length > 0 && char.IsUpper(c))
            {
                var previous = current[current.Length - 1];
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower)) Flush();
            }

            current.Append(c);
        }

        Flush();
        return words;
    }

    // Abbreviations the guidelines write as words although they are two capitals on the page.
    private static readonly HashSet<string> NotAcronyms = new(StringComparer.Ordinal) { "ID", "OK" };

    private static bool IsAcronym(string word) => word.Count(char.IsLetter) >= 2 && word.Where(char.IsLetter).All(char.IsUpper);

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word.Substring(1).ToLowerInvariant();

    private static string LettersOf(string word) => new(word.Where(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z')).ToArray());

    /// <summary>camelCase for parameters and locals, escaped when it is a C# keyword.</summary>
    public static string ToCamelCase(string name)
    {
        var pascal = ToPascalCase(name);
        var camel = pascal[0] == '_' ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        return EscapeKeyword(camel);
    }

    /// <summary>Prefixes <c>@</c> when <paramref name="identifier"/> is a C# keyword.</summary>
    public static string EscapeKeyword(string identifier) => Keywords.Contains(identifier) ? "@" + identifier : identifier;

    /// <summary>True for a string that is a valid C# identifier as is (ASCII letters, digits, underscore; not a keyword).</summary>
    public static bool IsIdentifier(string name) =>
        name.Length > 0 && !char.IsDigit(name[0]) && name.All(c => c == '_' || IsAsciiLetterOrDigit(c)) && !Keywords.Contains(name);

    /// <summary>An enum member name for a literal value (<c>24000</c> → <c>_24000</c>, <c>""</c> → <c>Empty</c>).</summary>
    public static string ToMemberName(string value) => ToPascalCase(value);

    /// <summary>
    /// Makes <paramref name="names"/> unique, in order, against each other and against <paramref name="reserved"/>
    /// (the enclosing type name, generated members): a clash gets a numeric suffix, starting at 2.
    /// </summary>
    public static IReadOnlyList<string> MakeUnique(IEnumerable<string> names, IEnumerable<string> reserved)
    {
        var taken = new HashSet<string>(reserved, StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var name in names)
        {
            var candidate = name;
            for (var i = 2; taken.Contains(candidate); i++)
            {
                candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            taken.Add(candidate);
            result.Add(candidate);
        }

        return result;
    }

    private static bool IsAsciiLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');
}
