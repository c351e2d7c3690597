using System.Text;

namespace Realtime.Schema.Building;

internal static class Naming
{
    /// <summary>PascalCase of a JSON name or heading: <c>turn_detection</c> → <c>TurnDetection</c>, <c>Create client secret</c> → <c>CreateClientSecret</c>.</summary>
    public static string Pascal(string text)
    {
        var sb = new StringBuilder(text.Length);
        var upperNext = true;
        foreach (var c in text)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upperNext = true;
                continue;
            }

            sb.Append(upperNext ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }

        if (sb.Length == 0) return "Value";
        if (char.IsDigit(sb[0])) sb.Insert(0, 'N');
        return sb.ToString();
    }
}
