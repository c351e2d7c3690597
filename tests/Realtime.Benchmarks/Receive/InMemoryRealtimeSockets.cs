using System.ClientModel;
using System.Net.WebSockets;
using OpenAI.Realtime;

#pragma warning disable OPENAI002 // the SDK's realtime types are experimental

namespace Realtime.Benchmarks.Receive;

// The receive-path harness, shared by the benchmark and by the correctness tests in Realtime.Api.Tests (linked there),
// so the tests check exactly the sockets, frames and sessions the benchmark measures.
//
// Both ends are the runtime's managed WebSocket (WebSocket.CreateFromStream): the implementation ClientWebSocket runs
// on after its HTTP handshake, so every library receives through the same WebSocket code over an in-memory stream.

/// <summary>A client and a server WebSocket joined by two in-memory socket buffers (one per direction).</summary>
public sealed class InMemoryWebSocketPair : IDisposable
{
    private InMemoryWebSocketPair(WebSocket client, WebSocket server)
    {
        Client = client;
        Server = server;
    }

    /// <summary>The client end (what a realtime session reads from).</summary>
    public WebSocket Client { get; }

    /// <summary>The server end (what sends the events).</summary>
    public WebSocket Server { get; }

    /// <param name="bufferedBytes">How far a writer may run ahead of its reader before its sends wait (like a socket's buffers).</param>
    public static InMemoryWebSocketPair Create(int bufferedBytes = 256 * 1024)
    {
        var toClient = new InMemorySocketBuffer(bufferedBytes);
        var toServer = new InMemorySocketBuffer(bufferedBytes);
        var client = WebSocket.CreateFromStream(
            new InMemorySocketStream(toClient, toServer),
            new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
        var server = WebSocket.CreateFromStream(
            new InMemorySocketStream(toServer, toClient),
            new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        return new InMemoryWebSocketPair(client, server);
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}

/// <summary>Server-side sending of one text message cut into frames (as a server that streams large events does).</summary>
public static class ServerFrames
{
    /// <summary>The realistic frame size used by the benchmark: 4 KiB, a common server write size.</summary>
    public const int TypicalFrameBytes = 4096;

    /// <summary>Sends <paramref name="message"/> as text frames whose sizes come from <paramref name="nextFrameBytes"/> (at least 1).</summary>
    public static async ValueTask SendAsync(WebSocket server, ReadOnlyMemory<byte> message, Func<int> nextFrameBytes, CancellationToken cancellationToken = default)
    {
        var offset = 0;
        do
        {
            var size = Math.Min(Math.Max(1, nextFrameBytes()), message.Length - offset);
            var last = offset + size == message.Length;
            await server.SendAsync(message.Slice(offset, size), WebSocketMessageType.Text, last, cancellationToken).ConfigureAwait(false);
            offset += size;
        }
        while (offset < message.Length);
    }

    /// <summary>Sends <paramref name="message"/> in frames of <paramref name="frameBytes"/> (the last one shorter).</summary>
    public static ValueTask SendAsync(WebSocket server, ReadOnlyMemory<byte> message, int frameBytes = TypicalFrameBytes, CancellationToken cancellationToken = default) =>
        SendAsync(server, message, () => frameBytes, cancellationToken);

    /// <summary>
    /// The exact bytes a server-side WebSocket puts on the wire for <paramref name="messages"/> in frames of
    /// <paramref name="frameBytes"/> (recorded from a real server end writing into memory).
    /// </summary>
    public static byte[] Record(IEnumerable<byte[]> messages, int frameBytes = TypicalFrameBytes)
    {
        using var wire = new MemoryStream();
        using var server = WebSocket.CreateFromStream(wire, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        foreach (var message in messages)
        {
            // A MemoryStream completes every write synchronously.
            SendAsync(server, message, frameBytes).AsTask().GetAwaiter().GetResult();
        }

        return wire.ToArray();
    }
}

/// <summary>
/// The client's side of a connection whose server replays recorded frames forever (see <see cref="ServerFrames.Record"/>):
/// reads return the recording again and again, writes (the client's close frame) are accepted and dropped. It has no
/// producer thread, so a benchmark over it measures only the receive path. <see cref="End"/> makes reads return end
/// of stream (the connection drops) so a session over it can be torn down.
/// </summary>
public sealed class ReplayedServerStream(byte[] recording) : ConnectionStream
{
    private int _position;
    private volatile bool _ended;

    /// <summary>From now on reads see the end of the stream.</summary>
    public void End() => _ended = true;

    public override int Read(Span<byte> buffer)
    {
        if (_ended || buffer.IsEmpty)
        {
            return 0;
        }

        var count = Math.Min(buffer.Length, recording.Length - _position);
        recording.AsSpan(_position, count).CopyTo(buffer);
        _position = (_position + count) % recording.Length;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => default;

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A client WebSocket reading this stream.</summary>
    public WebSocket CreateClient() =>
        WebSocket.CreateFromStream(this, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
}

/// <summary>
/// OpenAI 2.15.0's realtime session over a WebSocket that is already open. The SDK's own connect always opens a
/// <see cref="ClientWebSocket"/>, but its session exposes a protected constructor and a protected
/// <see cref="RealtimeSessionClient.WebSocket"/> setter, and every receive reads that property: setting it is all
/// that differs from a connected session.
/// </summary>
public sealed class OpenAiSessionOverSocket : RealtimeSessionClient
{
    public OpenAiSessionOverSocket(WebSocket socket)
        : base(new ApiKeyCredential("in-memory"), new Uri("ws://in-memory/v1/realtime"), "gpt-realtime", null, null)
    {
        WebSocket = socket;
    }
}
