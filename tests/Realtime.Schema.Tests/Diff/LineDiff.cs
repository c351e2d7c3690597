using System.Text;

namespace Realtime.Schema.Tests.Diff;

/// <summary>A small unified-style line diff for snapshot failures: common prefix/suffix trimmed, LCS on the rest.</summary>
internal static class LineDiff
{
    private const int Context = 2;
    private const int MaxMiddle = 4000;
    private const int MaxOutputLines = 200;

    public static string Render(string expected, string actual, string expectedName, string actualName)
    {
        var a = Split(expected);
        var b = Split(actual);
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix]) prefix++;
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix]) suffix++;

        var midA = a.Skip(prefix).Take(a.Length - prefix - suffix).ToArray();
        var midB = b.Skip(prefix).Take(b.Length - prefix - suffix).ToArray();
        var ops = midA.Length > MaxMiddle || midB.Length > MaxMiddle
            ? midA.Select(l => ('-', l)).Concat(midB.Select(l => ('+', l))).ToList()
            : Lcs(midA, midB);

        var sb = new StringBuilder();
        sb.Append("--- ").Append(expectedName).Append('\n').Append("+++ ").Append(actualName).Append('\n');
        sb.Append("@@ from line ").Append(prefix + 1).Append(" @@\n");
        for (var i = Math.Max(0, prefix - Context); i < prefix; i++) sb.Append("  ").Append(a[i]).Append('\n');
        var written = 0;
        for (var i = 0; i < ops.Count; i++)
        {
            var (op, line) = ops[i];
            if (op == ' ' && !NearChange(ops, i))
            {
                // Long unchanged runs between changes collapse to one marker line.
                if (i == 0 || NearChange(ops, i - 1)) sb.Append("  …\n");
                continue;
            }

            if (++written > MaxOutputLines)
            {
                sb.Append("… (diff cut at ").Append(MaxOutputLines).Append(" lines)\n");
                break;
            }

            sb.Append(op).Append(' ').Append(line).Append('\n');
        }

        for (var i = a.Length - suffix; i < Math.Min(a.Length, a.Length - suffix + Context); i++) sb.Append("  ").Append(a[i]).Append('\n');
        return sb.ToString();
    }

    private static bool NearChange(List<(char Op, string Line)> ops, int index)
    {
        for (var j = Math.Max(0, index - Context); j <= Math.Min(ops.Count - 1, index + Context); j++)
        {
            if (ops[j].Op != ' ') return true;
        }

        return false;
    }

    private static string[] Split(string text) => text.Replace("\r\n", "\n").Split('\n');

    private static List<(char, string)> Lcs(string[] a, string[] b)
    {
        var table = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                table[i, j] = a[i] == b[j] ? table[i + 1, j + 1] + 1 : Math.Max(table[i + 1, j], table[i, j + 1]);
            }
        }

        var ops = new List<(char, string)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                ops.Add((' ', a[x++]));
                y++;
            }
            else if (x < a.Length && (y == b.Length || table[x + 1, y] >= table[x, y + 1]))
            {
                ops.Add(('-', a[x++]));
            }
            else
            {
                ops.Add(('+', b[y++]));
            }
        }

        return ops;
    }
}
