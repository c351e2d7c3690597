using Realtime.Codegen.Cli;

namespace Realtime.Schema.Tests;

/// <summary>
/// A file that cannot be read or is not a reference page is one line on stderr and exit code 2, worded alike, for
/// every command that reads a page.
/// </summary>
public sealed class CliInputErrorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "realtime-cli-input-" + Guid.NewGuid().ToString("N"));

    public CliInputErrorTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] PageCommands = ["stats", "schema", "emit", "diff", "snapshot", "lock"];

    public static TheoryData<string> Commands => new(PageCommands);

    /// <summary>The command line of <paramref name="command"/> on one page (diff: the page against itself).</summary>
    private string[] CommandLine(string command, string page) => command switch
    {
        "emit" => ["emit", page, "-o", Path.Combine(_dir, "out")],
        "diff" => ["diff", page, page],
        "snapshot" => ["snapshot", page, "--out", Path.Combine(_dir, "snapshot.txt")],
        "lock" => ["lock", page, "-o", Path.Combine(_dir, "api.lock.yaml")],
        _ => [command, page],
    };

    private (int Exit, string Out, string Err) Run(string command, string page)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = Program.Run(CommandLine(command, page), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static void AssertOneLine(string expected, (int Exit, string Out, string Err) result)
    {
        Assert.Equal(2, result.Exit);
        Assert.Equal("", result.Out);
        Assert.Equal(expected + Environment.NewLine, result.Err);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_missing_file_is_one_line_and_exit_2(string command)
    {
        var page = Path.Combine(_dir, "missing.md");
        AssertOneLine($"error: cannot read '{page}': the file does not exist", Run(command, page));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_directory_is_one_line_and_exit_2(string command) =>
        AssertOneLine($"error: cannot read '{_dir}': it is a directory, not a markdown file", Run(command, _dir));

    [Theory]
    [MemberData(nameof(Commands))]
    public void An_empty_file_is_one_line_and_exit_2(string command)
    {
        var page = Write("empty.md", "\n \n"u8.ToArray());
        AssertOneLine($"error: '{page}' is not an API reference page: the file is empty", Run(command, page));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_binary_file_is_one_line_and_exit_2(string command)
    {
        var page = Write("binary.md", [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0xff, 0xfe, (byte)'#', (byte)'#', (byte)' ', (byte)'x']);
        AssertOneLine($"error: '{page}' is not an API reference page: the file is not text (it holds NUL bytes)", Run(command, page));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Other_markdown_is_one_line_and_exit_2(string command)
    {
        // Headings like a page's (## sections with no route) and lists, but no declaration items: a README.
        var page = Write("README.md", "# Tool\n\n## Install\n\nRun it.\n\n## Usage\n\n- `stats` counts things\n  more text\n\n- plain item\n\n### Options\n\n```sh\nx\n```\n"u8.ToArray());
        AssertOneLine($"error: '{page}' is not an API reference page: no declaration items (list items starting with a code span) were found", Run(command, page));
    }

    [Fact]
    public void The_repository_readme_is_not_a_page()
    {
        var readme = Path.Combine(TestPaths.RepoRoot, "README.md");
        foreach (var command in PageCommands)
        {
            var (exit, output, error) = Run(command, readme);
            Assert.Equal(2, exit);
            Assert.Equal("", output);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
    }
}
