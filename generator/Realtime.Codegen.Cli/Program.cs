namespace Realtime.Codegen.Cli;

/// <summary>One maintainer command: its name, usage line and entry point (args after the name, stdout, stderr → exit code).</summary>
public sealed record CliCommand(string Name, string Usage, Func<IReadOnlyList<string>, TextWriter, TextWriter, int> Run);

/// <summary><c>realtime-codegen &lt;command&gt; …</c>: a table of commands, one class per command.</summary>
public static class Program
{
    /// <summary>The commands, one line each.</summary>
    public static IReadOnlyList<CliCommand> Commands { get; } = new CliCommand[]
    {
        new("stats", StatsCommand.Usage, StatsCommand.Run),
        new("schema", SchemaCommand.Usage, SchemaCommand.Run),
        new("diff", DiffCommand.Usage, DiffCommand.Run),
        new("snapshot", SnapshotCommand.Usage, SnapshotCommand.Run),
        new("emit", EmitCommand.Usage, EmitCommand.Run),
        new("lock", LockCommand.Usage, LockCommand.Run),
    };

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs a command line in-process (what <see cref="Main"/> does, with the writers given).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            WriteUsage(args.Count == 0 ? stderr : stdout);
            return args.Count == 0 ? 2 : 0;
        }

        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            stderr.WriteLine($"error: unknown command '{args[0]}'");
            WriteUsage(stderr);
            return 2;
        }

        return command.Run(args.Skip(1).ToArray(), stdout, stderr);
    }

    private static void WriteUsage(TextWriter writer)
    {
        writer.WriteLine("realtime-codegen: maintainer tool for the Realtime API reference schema");
        foreach (var command in Commands) writer.WriteLine("  " + command.Usage);
    }
}
