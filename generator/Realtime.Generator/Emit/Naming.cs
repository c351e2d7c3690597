using System.Text;

namespace Realtime.Generator.Emit;

/// <summary>
/// C# names from JSON names and literal values: PascalCase members (<c>event_id</c> → <c>EventId</c>), enum members
/// from values (<c>gpt-4o-mini-transcribe-2025-12-15</c> → <c>Gpt4oMiniTranscribe2025_12_15</c>), camelCase
/// parameters with keyword escaping (<c>object</c> → <c>@object</c>), and collision resolution.
/// </summary>
public static class Naming
{
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

    /// <summary>A C# string literal for <paramref name="value"/>.</summary>
    public static string StringLiteral(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || c > 0x7e)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>A C# UTF-8 string literal (<c>"x"u8</c>).</summary>
    public static string Utf8Literal(string value) => StringLiteral(value) + "u8";

    private static bool IsAsciiLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');
}
