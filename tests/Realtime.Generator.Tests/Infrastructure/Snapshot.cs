using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex;
using DiffPlex.Model;

namespace Realtime.Generator.Tests.Infrastructure;

/// <summary>
/// Snapshot assertions: <c>Snapshots/NAME.verified.cs</c> beside the calling test file holds the accepted text.
/// A mismatch writes <c>NAME.received.cs</c> and fails with a unified diff; <c>REALTIME_ACCEPT_SNAPSHOTS=1</c>
/// accepts the received text instead (overwrites the verified file).
/// </summary>
public static class Snapshot
{
    public const string AcceptVariable = "REALTIME_ACCEPT_SNAPSHOTS";

    public static void Match(string actual, string name, [CallerFilePath] string callerFile = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        var verifiedPath = Path.Combine(directory, name + ".verified.cs");
        var receivedPath = Path.Combine(directory, name + ".received.cs");
        actual = Normalize(actual);

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        if (!File.Exists(verifiedPath))
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(receivedPath, actual);
            Assert.Fail($"No accepted snapshot {verifiedPath}. Review {receivedPath} and rerun with {AcceptVariable}=1 to accept it.");
        }

        var expected = Normalize(File.ReadAllText(verifiedPath));
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        Assert.Fail($"Snapshot {name} differs from {verifiedPath} (received text in {receivedPath}; {AcceptVariable}=1 accepts it):\n"
            + UnifiedDiff(expected, actual, "verified", "received"));
    }

    /// <summary>A unified diff (3 lines of context) of two texts, line by line.</summary>
    public static string UnifiedDiff(string oldText, string newText, string oldName, string newName, int context = 3)
    {
        var diff = Differ.Instance.CreateLineDiffs(oldText, newText, ignoreWhitespace: false);
        var oldLines = diff.PiecesOld;
        var newLines = diff.PiecesNew;
        var output = new StringBuilder().Append("--- ").AppendLine(oldName).Append("+++ ").AppendLine(newName);

        // Group blocks whose context windows touch into one hunk.
        var blocks = diff.DiffBlocks;
        var i = 0;
        while (i < blocks.Count)
        {
            var j = i;
            while (j + 1 < blocks.Count && blocks[j + 1].DeleteStartA - (blocks[j].DeleteStartA + blocks[j].DeleteCountA) <= 2 * context)
            {
                j++;
            }

            var oldStart = Math.Max(0, blocks[i].DeleteStartA - context);
            var newStart = Math.Max(0, blocks[i].InsertStartB - context);
            var oldEnd = Math.Min(oldLines.Count, blocks[j].DeleteStartA + blocks[j].DeleteCountA + context);
            var newEnd = Math.Min(newLines.Count, blocks[j].InsertStartB + blocks[j].InsertCountB + context);
            output.Append("@@ -").Append(oldStart + 1).Append(',').Append(oldEnd - oldStart)
                .Append(" +").Append(newStart + 1).Append(',').Append(newEnd - newStart).AppendLine(" @@");

            var oldIndex = oldStart;
            for (var k = i; k <= j; k++)
            {
                var block = blocks[k];
                for (; oldIndex < block.DeleteStartA; oldIndex++)
                {
                    output.Append(' ').AppendLine(oldLines[oldIndex]);
                }

                for (var d = 0; d < block.DeleteCountA; d++)
                {
                    output.Append('-').AppendLine(oldLines[block.DeleteStartA + d]);
                }

                for (var n = 0; n < block.InsertCountB; n++)
                {
                    output.Append('+').AppendLine(newLines[block.InsertStartB + n]);
                }

                oldIndex = block.DeleteStartA + block.DeleteCountA;
            }

            for (; oldIndex < oldEnd; oldIndex++)
            {
                output.Append(' ').AppendLine(oldLines[oldIndex]);
            }

            i = j + 1;
        }

        return output.ToString();
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");
}
