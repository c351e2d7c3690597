using System.Diagnostics;
using System.Reflection;

namespace Realtime.Samples.Tests;

/// <summary>Runs a built sample as its own process (as a newcomer would with <c>dotnet run</c>), with a private temp folder.</summary>
internal static class SampleRunner
{
    public sealed record Result(int ExitCode, string Output, string Error, string TempDirectory);

    public static async Task<Result> RunAsync(string sample, params string[] args)
    {
        var metadata = typeof(SampleRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        var assembly = Path.Combine(metadata["RealtimeRepoRoot"]!, "samples", sample, "bin", metadata["SamplesConfiguration"]!, "net10.0", sample + ".dll");
        Assert.True(File.Exists(assembly), $"sample not built: {assembly}");

        var temp = Directory.CreateTempSubdirectory("realtime-sample-").FullName;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["TMPDIR"] = temp;   // Path.GetTempPath() of the sample: its outputs land here
        start.Environment.Remove("OPENAI_API_KEY");

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{sample} did not finish within 2 minutes. Output so far:\n{await output}");
        }

        return new Result(process.ExitCode, await output, await error, temp);
    }
}
