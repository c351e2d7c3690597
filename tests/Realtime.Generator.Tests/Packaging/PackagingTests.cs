using System.IO.Compression;
using System.Xml.Linq;
using Realtime.Generator.Tests.Infrastructure;

namespace Realtime.Generator.Tests.Packaging;

/// <summary>
/// Packs the generator, runtime and Realtime.Api packages into a temporary folder feed (one pack), then builds and runs a
/// throwaway consumer project outside the repository (so none of its Directory.Build.* apply) that restores from that
/// feed: the Realtime.Api package's types, and the generator package run over a small docs page of the consumer's own.
/// </summary>
public sealed class PackagingTests : IDisposable
{
    private const string Version = "0.1.0";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    private readonly string _work = Path.Combine(Path.GetTempPath(), "realtime-packaging-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the temp folder is cleaned by the OS later.
        }
    }

    [Fact]
    public void PackedPackages_WorkInAFreshConsumerProject()
    {
        var feed = Path.Combine(_work, "feed");
        Directory.CreateDirectory(_work);
        PackAll(feed);

        AssertGeneratorPackageLayout(Path.Combine(feed, $"Realtime.Generator.{Version}.nupkg"));
        AssertApiPackageLayout(Path.Combine(feed, $"Realtime.Api.{Version}.nupkg"));

        var consumer = WriteConsumer(feed);
        var run = DotnetCli.Run(consumer, Timeout, "run", "--disable-build-servers", "-c", "Release");
        Assert.True(run.ExitCode == 0, "consumer failed:\n" + run);
        Assert.Contains("api: ", run.Output);
        Assert.Contains("generated: ", run.Output);
        Assert.Contains("CONSUMER OK", run.Output);

        // A docs path that does not exist is a build error naming the property (raised before the compiler runs).
        var missing = DotnetCli.Run(consumer, Timeout, "build", "--disable-build-servers", "--no-restore", "-c", "Release", "-p:RealtimeDocsPath=" + Path.Combine(_work, "missing.md"));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("RTCG911", missing.Output);
        Assert.Contains("RealtimeDocsPath", missing.Output);
    }

    /// <summary>One pack over a solution filter of the three packable library projects.</summary>
    private void PackAll(string feed)
    {
        var repo = TestPaths.RepoRoot;
        var filter = Path.Combine(_work, "packages.slnf");
        File.WriteAllText(filter, $$"""
            {
              "solution": {
                "path": "{{Path.Combine(repo, "Realtime.Codegen.sln").Replace("\\", "\\\\")}}",
                "projects": [
                  "generator/Realtime.Generator/Realtime.Generator.csproj",
                  "runtime/Realtime.Runtime/Realtime.Runtime.csproj",
                  "runtime/Realtime.Api/Realtime.Api.csproj"
                ]
              }
            }
            """);
        var pack = DotnetCli.Run(_work, Timeout, "pack", filter, "--disable-build-servers", "-c", "Release",
            "-o", feed, "--artifacts-path", Path.Combine(_work, "artifacts"), "-p:Version=" + Version);
        Assert.True(pack.ExitCode == 0, "pack failed:\n" + pack);
    }

    private static void AssertGeneratorPackageLayout(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        foreach (var dll in new[] { "Realtime.Generator.dll", "Realtime.Schema.dll", "Markdig.dll", "YamlDotNet.dll", "System.Memory.dll" })
        {
            Assert.Contains("analyzers/dotnet/cs/" + dll, entries);
        }

        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
        foreach (var folder in new[] { "build", "buildTransitive" })
        {
            Assert.Contains($"{folder}/Realtime.Generator.props", entries);
            Assert.Contains($"{folder}/Realtime.Generator.targets", entries);
        }

        Assert.Empty(Dependencies(zip));
    }

    private static void AssertApiPackageLayout(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("lib/net8.0/Realtime.Api.dll", entries);
        Assert.Contains("lib/net10.0/Realtime.Api.dll", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("analyzers/", StringComparison.Ordinal));

        var dependencies = Dependencies(zip);
        Assert.Contains("Realtime.Runtime", dependencies);
        Assert.DoesNotContain("Realtime.Generator", dependencies);
        Assert.DoesNotContain("Realtime.Schema", dependencies);
        Assert.DoesNotContain("Markdig", dependencies);
    }

    private static HashSet<string> Dependencies(ZipArchive zip)
    {
        using var stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => (string)e.Attribute("id")!).ToHashSet();
    }

    private string WriteConsumer(string feed)
    {
        var consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(consumer);

        // Stop MSBuild's upward search for Directory.Build.* and Directory.Packages.props at the temp folder.
        foreach (var guard in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(_work, guard), "<Project />\n");
        }

        // Restore from the feed; every other package from the machine's own package folder, into a private
        // package folder so a package of the same version from an earlier run can never be picked up.
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(_work, "packages")}" />
              </config>
              <packageSources>
                <clear />
                <add key="realtime-feed" value="{feed}" />
                <add key="machine-packages" value="{globalPackages}" />
              </packageSources>
            </configuration>
            """);

        File.Copy(TestPaths.Fixture("events.md"), Path.Combine(consumer, "garden.md"));
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <RealtimeDocsPath>garden.md</RealtimeDocsPath>
                <RealtimeNamespace>Consumer.Garden</RealtimeNamespace>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Realtime.Api" Version="{Version}" />
                <PackageReference Include="Realtime.Generator" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), ConsumerProgram);
        return consumer;
    }

    private const string ConsumerProgram = """
        Console.WriteLine("api: " + typeof(Realtime.Api.RealtimeServerEvent).FullName);
        Console.WriteLine("generated: " + typeof(Consumer.Garden.RealtimeServerEvent).FullName);
        Console.WriteLine("CONSUMER OK");
        """;
}
