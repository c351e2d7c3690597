using System.Text;
using Realtime.Schema.Analysis;

namespace Realtime.Generator.Emit;

/// <summary>
/// C# names and literals for the emitters. The naming rules (PascalCase members, enum member names, camelCase
/// parameters, collision suffixes) are <see cref="CSharpNames"/>'s, shared with the API lock; this adds the literals.
/// </summary>
public static class Naming
{
    /// <inheritdoc cref="CSharpNames.ToPascalCase"/>
    public static string ToPascalCase(string name) => CSharpNames.ToPascalCase(name);

    /// <inheritdoc cref="CSharpNames.ToCamelCase"/>
    public static string ToCamelCase(string name) => CSharpNames.ToCamelCase(name);

    /// <inheritdoc cref="CSharpNames.EscapeKeyword"/>
    public static string EscapeKeyword(string identifier) => CSharpNames.EscapeKeyword(identifier);

    /// <inheritdoc cref="CSharpNames.IsIdentifier"/>
    public static bool IsIdentifier(string name) => CSharpNames.IsIdentifier(name);

    /// <inheritdoc cref="CSharpNames.ToMemberName"/>
    public static string ToMemberName(string value) => CSharpNames.ToMemberName(value);

    /// <inheritdoc cref="CSharpNames.MakeUnique"/>
    public static IReadOnlyList<string> MakeUnique(IEnumerable<string> names, IEnumerable<string> reserved) => CSharpNames.MakeUnique(names, reserved);

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
}
