using System.ClientModel.Primitives;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using OpenAI.Realtime;
using Realtime.Api;

#pragma warning disable OPENAI002 // the SDK's realtime types are experimental

namespace Realtime.Benchmarks.Serialization;

/// <summary>
/// Server-event deserialisation over <see cref="ServerEventCorpus"/>: the generated reader vs OpenAI 2.15.0
/// (<c>ModelReaderWriter.Read&lt;RealtimeServerUpdate&gt;</c>) vs <c>JsonDocument.Parse</c>, per event.
/// Audio deltas are disposed after reading (a consumer returns the pooled buffer once the audio is played).
/// </summary>
[MemoryDiagnoser]
public class ServerEventDeserializationBenchmarks
{
    private IReadOnlyList<byte[]> _events = [];
    private BinaryData[] _binary = [];

    public static int EventCount { get; } = ServerEventCorpus.Build().Count;

    /// <summary>
    /// Which events of the corpus: all of them (the figure to compare), or only the ~4 KB audio deltas / only the
    /// other events, to see where each reader spends its time.
    /// </summary>
    [Params("all", "audio deltas", "other events")]
    public string Events { get; set; } = "all";

    [GlobalSetup]
    public void Setup()
    {
        _events = ServerEventCorpus.Build()
            .Where(e => Events switch
            {
                "audio deltas" => IsAudioDelta(e),
                "other events" => !IsAudioDelta(e),
                _ => true,
            })
            .ToArray();
        _binary = _events.Select(e => BinaryData.FromBytes(e)).ToArray();

        // Every parser must understand every event, or the comparison is not like for like.
        foreach (var (json, binary) in _events.Zip(_binary))
        {
            if (RealtimeJson.DeserializeRealtimeServerEvent(json) is UnknownRealtimeServerEvent unknown)
            {
                throw new InvalidOperationException($"Realtime.Api does not know {unknown.Type}");
            }

            if (ModelReaderWriter.Read<RealtimeServerUpdate>(binary) is null)
            {
                throw new InvalidOperationException("OpenAI could not read " + binary);
            }
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1)]
    public int OpenAi_ModelReaderWriter()
    {
        var count = 0;
        foreach (var binary in _binary)
        {
            count += ModelReaderWriter.Read<RealtimeServerUpdate>(binary) is null ? 0 : 1;
        }

        return count;
    }

    [Benchmark]
    public int JsonDocument_Parse()
    {
        var count = 0;
        foreach (var json in _events)
        {
            using var document = JsonDocument.Parse(json);
            count += document.RootElement.ValueKind == JsonValueKind.Object ? 1 : 0;
        }

        return count;
    }

    [Benchmark]
    public int RealtimeApi_Generated()
    {
        var count = 0;
        foreach (var json in _events)
        {
            var serverEvent = RealtimeJson.DeserializeRealtimeServerEvent(json);
            if (serverEvent is ResponseAudioDeltaEvent delta)
            {
                delta.Delta.Dispose();
            }

            count++;
        }

        return count;
    }

    private static bool IsAudioDelta(byte[] json) =>
        json.AsSpan().IndexOf("\"type\":\"response.output_audio.delta\""u8) >= 0;
}
