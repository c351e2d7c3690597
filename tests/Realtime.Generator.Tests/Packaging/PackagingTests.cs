using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using Realtime.Api.Tests.Json;
using Realtime.Generator.Tests.Infrastructure;
using Realtime.Schema.Analysis;
using Realtime.Schema.Lock;
using Realtime.Schema.Model;

namespace Realtime.Generator.Tests.Packaging;

/// <summary>
/// Packs the generator, runtime and Realtime.Api packages into a temporary folder feed (one pack, no rebuild), then builds and runs a
/// throwaway consumer outside the repository (so none of its Directory.Build.* apply) that restores from that feed: an
/// app that uses the Realtime.Api package's types, and the types of a class library of its own that runs the generator
/// package over a small docs page (the README's generator path).
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

        var events = PageServerEvents();
        var consumer = WriteConsumer(feed, events);
        var eventsFile = Path.Combine(_work, "page-server-events.tsv");
        File.WriteAllLines(eventsFile, events.Select(e => $"{e.Union}\t{e.Variant}\t{e.Json}"));
        var run = DotnetCli.Run(consumer, Timeout, "run", "--disable-build-servers", "-c", "Release", "--", eventsFile);
        Assert.True(run.ExitCode == 0, "consumer failed:\n" + run);
        Assert.Contains("api: ", run.Output);
        Assert.Contains("generated: ", run.Output);
        Assert.Contains($"page events: {events.Count} read and dispatched", run.Output);
        Assert.Contains("CONSUMER OK", run.Output);
        AssertToolInstallsAndRuns(consumer);

        // A docs path that does not exist is a build error naming the property (raised before the compiler runs).
        var missing = DotnetCli.Run(consumer, Timeout, "build", "--disable-build-servers", "--no-restore", "-c", "Release", "-p:RealtimeDocsPath=" + Path.Combine(_work, "missing.md"));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("RTCG911", missing.Output);
        Assert.Contains("RealtimeDocsPath", missing.Output);

        // No docs path at all: the same, before the compiler runs (no empty API, no CS errors).
        var unset = DotnetCli.Run(consumer, Timeout, "build", "--disable-build-servers", "--no-restore", "-c", "Release", "-p:RealtimeDocsPath=");
        Assert.NotEqual(0, unset.ExitCode);
        Assert.Contains("RTCG910", unset.Output);
        Assert.Contains("RealtimeDocsPath", unset.Output);
        Assert.DoesNotContain("error CS", unset.Output);

        // RealtimeApiLock feeds the lock to the generator: a locked type the page does not have is a build error.
        var page = ApiGeneration.Parse(File.ReadAllText(TestPaths.Fixture("events.md")), "garden.md");
        var apiLock = ApiLocks.Create(ApiShaping.Shape(page));
        var ghost = new LockedType { Name = "GhostEvent", Kind = "object", Sites = EquatableArray.Create("GhostEvent") };
        var lockPath = Path.Combine(_work, "garden.lock.yaml");
        File.WriteAllText(lockPath, ApiLockYaml.Write(apiLock with { Types = apiLock.Types.Append(ghost).ToEquatableArray() }));
        var locked = DotnetCli.Run(consumer, Timeout, "build", "--disable-build-servers", "--no-restore", "-c", "Release", "-p:RealtimeApiLock=" + lockPath);
        Assert.NotEqual(0, locked.ExitCode);
        Assert.Contains("error RTCG021", locked.Output);
        Assert.Contains("'GhostEvent'", locked.Output);

        // The page's own warnings (here a summary that miscounts its fields: RTCG003) do not fail a consumer's build
        // under TreatWarningsAsErrors; RealtimeStrictDiagnostics=true makes them errors.
        var miscounted = Path.Combine(_work, "garden-miscounted.md");
        var gardenText = File.ReadAllText(TestPaths.Fixture("events.md"));
        Assert.Contains("`BedWaterEvent object { bed_id, type, event_id }`", gardenText);
        File.WriteAllText(miscounted, gardenText.Replace("`BedWaterEvent object { bed_id, type, event_id }`", "`BedWaterEvent object { bed_id, type, event_id, 2 more }`"));
        var lenient = DotnetCli.Run(consumer, Timeout, "build", "--disable-build-servers", "--no-restore", "-c", "Release", "-p:RealtimeDocsPath=" + miscounted);
        Assert.True(lenient.ExitCode == 0, "a page warning failed the build:\n" + lenient);
        Assert.Contains("warning RTCG003", lenient.Output);
        var strict = DotnetCli.Run(consumer, Timeout, "build", "--disable-build-servers", "--no-restore", "-c", "Release", "-p:RealtimeDocsPath=" + miscounted, "-p:RealtimeStrictDiagnostics=true");
        Assert.NotEqual(0, strict.ExitCode);
        Assert.Contains("error RTCG003", strict.Output);

        // A lock file that does not exist: an error naming the property, before the compiler runs.
        var missingLock = DotnetCli.Run(consumer, Timeout, "build", "--disable-build-servers", "--no-restore", "-c", "Release", "-p:RealtimeApiLock=" + Path.Combine(_work, "missing.lock.yaml"));
        Assert.NotEqual(0, missingLock.ExitCode);
        Assert.Contains("RTCG912", missingLock.Output);
        Assert.DoesNotContain("error CS", missingLock.Output);
    }

    /// <summary>One sample of every server event of every server event union on the page (read from ../shared now).</summary>
    private static List<(string Union, string Variant, string Json)> PageServerEvents()
    {
        var schema = ApiGeneration.Parse(File.ReadAllText(TestPaths.DocsPath), TestPaths.DocsPath);
        var events = schema.Types
            .Where(t => t.EventDirection == EventDirection.Server && t.Kind == TypeDeclKind.Union)
            .DistinctBy(t => t.Name)
            .SelectMany(union => union.Variants.Select(v => v.Type.Name!).Distinct().Select(variant =>
                (Union: union.Name, Variant: variant, Json: SchemaSamples.Sample(schema, TypeRef.Named(variant)))))
            .ToList();
        Assert.Contains(events, e => e.Union == "RealtimeServerEvent" && e.Variant == "ConversationCreatedEvent");
        Assert.True(events.Count(e => e.Union == "RealtimeServerEvent") >= 40, $"{events.Count} server events");
        return events;
    }

    /// <summary>
    /// The README's pack command: one pack of the repository's <c>packages.slnf</c> (every shipped package) into one
    /// folder, from the outputs this test run was built with (the test project references every one of them, for all
    /// their target frameworks, so they are current).
    /// </summary>
    private void PackAll(string feed)
    {
        var filter = Path.Combine(TestPaths.RepoRoot, "packages.slnf");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var pack = DotnetCli.Run(_work, Timeout, "pack", filter, "--no-build", "--disable-build-servers", "-c", configuration, "-o", feed, "-p:Version=" + Version);
        Assert.True(pack.ExitCode == 0, "pack failed:\n" + pack);
        Assert.Equal(
            ["Realtime.Api", "Realtime.Codegen.Cli", "Realtime.Generator", "Realtime.Runtime"],
            Directory.GetFiles(feed, "*.nupkg").Select(f => Path.GetFileName(f)[..^$".{Version}.nupkg".Length]).Order(StringComparer.Ordinal));
        foreach (var package in Directory.GetFiles(feed, "*.nupkg"))
        {
            using var zip = ZipFile.OpenRead(package);
            Assert.Contains(zip.Entries, e => e.FullName == "README.md");
        }

        using var runtime = ZipFile.OpenRead(Path.Combine(feed, $"Realtime.Runtime.{Version}.nupkg"));
        foreach (var framework in new[] { "net8.0", "net10.0" })
        {
            Assert.Contains(runtime.Entries, e => e.FullName == $"lib/{framework}/Realtime.Runtime.xml");
        }
    }

    /// <summary>
    /// The CLI package installs from the same folder into a tool path and runs. (A local tool would not run: `dotnet
    /// tool run` looks for it outside the consumer's private package folder.)
    /// </summary>
    private void AssertToolInstallsAndRuns(string consumer)
    {
        var tools = Path.Combine(_work, "tools");
        var install = DotnetCli.Run(consumer, Timeout, "tool", "install", "Realtime.Codegen.Cli", "--version", Version, "--tool-path", tools);
        Assert.True(install.ExitCode == 0, "tool install failed:\n" + install);
        var stats = DotnetCli.RunProgram(Path.Combine(tools, "realtime-codegen"), consumer, Timeout, "stats", Path.Combine("Garden", "garden.md"));
        Assert.True(stats.ExitCode == 0, "realtime-codegen stats failed:\n" + stats);
        Assert.Contains("events", stats.Output);
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
        foreach (var framework in new[] { "net8.0", "net10.0" })
        {
            Assert.Contains($"lib/{framework}/Realtime.Api.dll", entries);
            // The page's descriptions as IntelliSense for the generated types.
            Assert.Contains($"lib/{framework}/Realtime.Api.xml", entries);
        }

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

    private string WriteConsumer(string feed, IReadOnlyList<(string Union, string Variant, string Json)> pageEvents)
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

        // The README's generator path: the generated API in a class library of its own (so an edit to the app does not
        // recompile it), referenced by the app, which also uses the Realtime.Api package.
        var garden = Path.Combine(consumer, "Garden");
        Directory.CreateDirectory(garden);
        File.Copy(TestPaths.Fixture("events.md"), Path.Combine(garden, "garden.md"));
        File.WriteAllText(Path.Combine(garden, "Garden.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <RealtimeDocsPath>garden.md</RealtimeDocsPath>
                <RealtimeNamespace>Consumer.Garden</RealtimeNamespace>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Realtime.Generator" Version="{Version}" PrivateAssets="all" />
                <PackageReference Include="Realtime.Runtime" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <!-- The library is built by its own project (through the reference), not compiled here. -->
                <DefaultItemExcludes>$(DefaultItemExcludes);Garden/**</DefaultItemExcludes>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Realtime.Api" Version="{Version}" />
                <ProjectReference Include="Garden/Garden.csproj" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), ConsumerProgram);
        File.WriteAllText(Path.Combine(consumer, "PageEvents.cs"), PageEventsSource(pageEvents));
        File.WriteAllText(Path.Combine(consumer, "GardenConnection.cs"), GardenConnectionSource);
        return consumer;
    }

    /// <summary>
    /// The consumer's check of every server event of the page: for each event union a handler that implements the
    /// method of every one of its events (by the page's names), and a reader that deserialises each sample with
    /// <c>RealtimeJson.Deserialize{Union}</c>, dispatches it, checks the method of its type ran, and writes it back.
    /// </summary>
    private static string PageEventsSource(IReadOnlyList<(string Union, string Variant, string Json)> pageEvents)
    {
        var code = new StringBuilder();
        code.AppendLine("""
            using System.Text;
            using System.Text.Json.Nodes;

            static class PageEvents
            {
                public static int Check(string path)
                {
                    var failures = 0;
                    var count = 0;
                    foreach (var line in File.ReadAllLines(path))
                    {
                        var parts = line.Split('\t', 3);
                        var (union, variant, json) = (parts[0], parts[1], parts[2]);
                        string seen, written;
                        try
                        {
                            (seen, written) = union switch
                            {
            """);
        foreach (var union in pageEvents.Select(e => e.Union).Distinct())
        {
            code.AppendLine($"                    \"{union}\" => Run{union}(json),");
        }

        code.AppendLine("""
                                _ => ("no such union", ""),
                            };
                        }
                        catch (System.Text.Json.JsonException ex)
                        {
                            (seen, written) = ("JsonException: " + ex.Message, "");
                        }

                        var sameJson = written.Length > 0 && JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(written));
                        if (seen != variant || !sameJson)
                        {
                            Console.WriteLine($"FAIL page event {union}/{variant}: dispatched to {seen}, written back equal: {sameJson}");
                            failures++;
                        }

                        count++;
                    }

                    Console.WriteLine($"page events: {count} read and dispatched, {failures} failed");
                    return failures;
                }
            """);
        foreach (var union in pageEvents.GroupBy(e => e.Union))
        {
            code.AppendLine($$"""
                    static (string, string) Run{{union.Key}}(string json)
                    {
                        var e = Realtime.Api.RealtimeJson.Deserialize{{union.Key}}(Encoding.UTF8.GetBytes(json));
                        var handler = new {{union.Key}}Handler();
                        Realtime.Api.{{union.Key}}Dispatcher.Dispatch(handler, e);
                        return (handler.Seen, Realtime.Api.RealtimeJson.Serialize(e));
                    }

                    sealed class {{union.Key}}Handler : Realtime.Api.I{{union.Key}}Handler
                    {
                        public string Seen = "nothing";
                        public void OnUnknown(Realtime.Api.Unknown{{union.Key}} e) => Seen = "unknown:" + e.Type;
                        public void OnUnhandled(Realtime.Api.{{union.Key}} e) => Seen = "unhandled:" + e.GetType().Name;
                """);
            foreach (var variant in union.Select(e => e.Variant))
            {
                code.AppendLine($"            public void On{variant}(Realtime.Api.{variant} e) => Seen = \"{variant}\";");
            }

            code.AppendLine("        }");
        }

        code.AppendLine("}");
        return code.ToString();
    }

    // The generator path's typed connection: the runtime's RealtimeConnection with the send, receive and dispatch
    // methods generated from the consumer's own page (only Consumer.Garden is imported, so these are its unions'),
    // against a WebSocket server on loopback TCP.
    private const string GardenConnectionSource = """"
        using System.Net;
        using System.Net.Sockets;
        using System.Net.WebSockets;
        using System.Text;
        using Consumer.Garden;

        static class GardenConnection
        {
            public static async Task<string> RunAsync()
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, timeout.Token);
                using var accepted = await listener.AcceptTcpClientAsync(timeout.Token);
                using var server = WebSocket.CreateFromStream(accepted.GetStream(), new WebSocketCreationOptions { IsServer = true });
                await using var connection = Realtime.Api.RealtimeConnection.Create(
                    Realtime.Api.RealtimeTransport.Create(WebSocket.CreateFromStream(client.GetStream(), new WebSocketCreationOptions())));

                var seen = new StringBuilder();
                await connection.SendAsync(new BedWaterEvent { BedId = "bed_1" }, timeout.Token);
                var buffer = new byte[4096];
                var received = await server.ReceiveAsync(buffer, timeout.Token);
                seen.Append("sent:" + Realtime.Api.JsonRuntime.FindStringProperty(buffer.AsSpan(0, received.Count), "type"u8) + ";");

                async Task ServerSendsAsync(string json) =>
                    await server.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, timeout.Token);
                await ServerSendsAsync("""{"type":"sensor.reading","event_id":"event_4","moisture":0.5}""");
                await ServerSendsAsync("""{"type":"sensor.reading","event_id":"event_5","moisture":"wet"}""");
                await foreach (var serverEvent in connection.ReceiveEventsAsync(timeout.Token))
                {
                    seen.Append(serverEvent switch
                    {
                        SensorReadingEvent reading => "moisture:" + reading.Moisture.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";",
                        MalformedRealtimeServerEvent malformed => "malformed:" + malformed.Reason + ";",
                        _ => "other:" + serverEvent.GetType().Name + ";",
                    });
                    if (serverEvent is MalformedRealtimeServerEvent)
                    {
                        break;
                    }
                }

                await ServerSendsAsync("""{"type":"bed.watered","event_id":"event_6","bed_id":"bed_1"}""");
                await server.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
                var handler = new Handler();
                await connection.DispatchEventsAsync(handler, timeout.Token);
                seen.Append("dispatched:" + handler.Seen + ";");
                return seen.ToString();
            }

            sealed class Handler : IRealtimeServerEventHandler
            {
                public string Seen = "";
                public void OnUnhandled(RealtimeServerEvent e) => Seen += e.GetType().Name;
            }
        }
        """";

    // A consumer's first lines: read server events with the packaged API and with the types generated from its own
    // page, dispatch them to handlers, and keep an unknown event's JSON intact.
    private const string ConsumerProgram = """"
        using System.Text;

        var failures = 0;
        void Check(bool ok, string what)
        {
            Console.WriteLine((ok ? "ok   " : "FAIL ") + what);
            if (!ok) failures++;
        }

        // The Realtime.Api package.
        var created = Realtime.Api.RealtimeJson.DeserializeRealtimeServerEvent(
            """{"type":"conversation.created","event_id":"event_1","conversation":{"id":"conv_1","object":"realtime.conversation"}}"""u8);
        var apiHandler = new ApiHandler();
        Realtime.Api.RealtimeServerEventDispatcher.Dispatch(apiHandler, created);
        const string futureJson = """{"type":"some.future.event","event_id":"event_2","detail":{"a":[1,2]}}""";
        var future = Realtime.Api.RealtimeJson.DeserializeRealtimeServerEvent(Encoding.UTF8.GetBytes(futureJson));
        Realtime.Api.RealtimeServerEventDispatcher.Dispatch(apiHandler, future);
        Console.WriteLine("api: " + apiHandler.Seen);
        Check(apiHandler.Seen == "created:event_1;unknown;", "Realtime.Api events dispatched");
        Check(Realtime.Api.RealtimeJson.Serialize(future) == futureJson, "unknown event re-serialised unchanged");

        // The generator package over the consumer's own page (namespace Consumer.Garden).
        var reading = Consumer.Garden.RealtimeJson.DeserializeRealtimeServerEvent(
            """{"type":"sensor.reading","event_id":"event_3","moisture":0.25}"""u8);
        var gardenHandler = new GardenHandler();
        Consumer.Garden.RealtimeServerEventDispatcher.Dispatch(gardenHandler, reading);
        Console.WriteLine("generated: " + gardenHandler.Seen);
        Check(gardenHandler.Seen == "moisture:0.25;", "generated events dispatched");
        var conversation = await GardenConnection.RunAsync();
        Console.WriteLine("connection: " + conversation);
        Check(conversation == "sent:bed.water;moisture:0.5;malformed:InvalidJson;dispatched:BedWateredEvent;", "typed send and receive on the connection");

        // Every server event of the page (samples written by the test), read and dispatched to its own method.
        failures += PageEvents.Check(args[0]);

        if (failures == 0) Console.WriteLine("CONSUMER OK");
        return failures;

        sealed class ApiHandler : Realtime.Api.IRealtimeServerEventHandler
        {
            public string Seen = "";
            public void OnConversationCreatedEvent(Realtime.Api.ConversationCreatedEvent e) => Seen += "created:" + e.EventId + ";";
            public void OnUnknown(Realtime.Api.UnknownRealtimeServerEvent e) => Seen += "unknown;";
        }

        sealed class GardenHandler : Consumer.Garden.IRealtimeServerEventHandler
        {
            public string Seen = "";
            public void OnSensorReadingEvent(Consumer.Garden.SensorReadingEvent e) => Seen += "moisture:" + e.Moisture.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";";
        }
        """";
}
