using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Realtime.Api;

namespace Realtime.Runtime.Tests.Transport;

/// <summary>
/// The send queue over a real socket on 127.0.0.1, against a peer that stops reading: cancelling one send cancels that
/// send only, and a send blocked when the transport is disposed ends with <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed class SendQueueTests : IAsyncDisposable
{
    private const int MessageBytes = 4 * 1024 * 1024;

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private TcpClient? _client;
    private TcpClient? _accepted;

    private CancellationToken Timeout => _timeout.Token;

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _accepted?.Dispose();
        _listener.Stop();
        _listener.Dispose();
        await Task.CompletedTask;
        _timeout.Dispose();
    }

    private async Task<(RealtimeTransport Transport, WebSocket Server)> ConnectAsync()
    {
        _listener.Start();
        _client = new TcpClient();
        await _client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)_listener.LocalEndpoint).Port, Timeout);
        _accepted = await _listener.AcceptTcpClientAsync(Timeout);
        var server = WebSocket.CreateFromStream(_accepted.GetStream(), new WebSocketCreationOptions { IsServer = true });
        var transport = RealtimeTransport.Create(
            WebSocket.CreateFromStream(_client.GetStream(), new WebSocketCreationOptions()),
            new RealtimeTransportOptions { CloseTimeout = TimeSpan.FromMilliseconds(300) });
        return (transport, server);
    }

    /// <summary>A JSON string of <see cref="MessageBytes"/> bytes whose first letter names it.</summary>
    private static byte[] Message(char name)
    {
        var bytes = new byte[MessageBytes];
        bytes.AsSpan().Fill((byte)'x');
        bytes[0] = (byte)'"';
        bytes[1] = (byte)name;
        bytes[^1] = (byte)'"';
        return bytes;
    }

    /// <summary>Sends messages until one stays pending (the peer's and our socket buffers are full); returns it and how many went before.</summary>
    private async Task<(Task Blocked, CancellationTokenSource Cancel, int Before)> SendUntilBlockedAsync(RealtimeTransport transport)
    {
        for (var i = 0; i < 40; i++)
        {
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(Timeout);
            var send = transport.SendAsync(Message('a'), cancel.Token).AsTask();
            if (await Task.WhenAny(send, Task.Delay(300, Timeout)) != send)
            {
                return (send, cancel, i);
            }

            await send;
            cancel.Dispose();
        }

        throw new InvalidOperationException("The socket never filled up.");
    }

    /// <summary>Reads whole messages until the close frame or the message named <paramref name="last"/>; returns their first letters.</summary>
    private async Task<string> ReadAllAsync(WebSocket server, char last)
    {
        var names = new StringBuilder();
        var buffer = new byte[MessageBytes + 16];
        while (true)
        {
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await server.ReceiveAsync(buffer.AsMemory(count), Timeout);
                count += result.Count;
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return names.ToString();
            }

            Assert.Equal(MessageBytes, count); // whole messages only
            names.Append((char)buffer[1]);
            if (buffer[1] == last)
            {
                return names.ToString();
            }
        }
    }

    [Fact]
    public async Task Cancelling_a_blocked_send_cancels_that_send_only_and_the_next_send_works()
    {
        var (transport, server) = await ConnectAsync();
        await using var _ = transport;
        using var __ = server;
        var (blocked, cancelBlocked, before) = await SendUntilBlockedAsync(transport);

        // One more send waits behind the blocked one; cancelled there, it leaves the queue unwritten.
        using var cancelQueued = CancellationTokenSource.CreateLinkedTokenSource(Timeout);
        var queuedWrites = 0;
        var queued = transport.SendAsync(0, (output, _) =>
        {
            queuedWrites++;
            output.Write(Message('q'));
        }, cancelQueued.Token).AsTask();
        cancelQueued.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);

        // The blocked one is already on the socket: the caller stops waiting at once, the message is still sent whole.
        cancelBlocked.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked).WaitAsync(TimeSpan.FromSeconds(2), Timeout);
        cancelBlocked.Dispose();
        Assert.Equal(WebSocketState.Open, transport.State);

        var reading = ReadAllAsync(server, last: 'z');
        await transport.SendAsync(Message('z'), Timeout);
        var received = await reading;

        Assert.Equal(0, queuedWrites);
        Assert.Equal(new string('a', before + 1) + "z", received);
    }

    [Fact]
    public async Task A_send_blocked_when_the_transport_is_disposed_ends_with_ObjectDisposedException()
    {
        var (transport, server) = await ConnectAsync();
        using var _ = server;
        var (blocked, cancelBlocked, _) = await SendUntilBlockedAsync(transport);
        using var __ = cancelBlocked;
        var queued = transport.SendAsync(Message('q'), Timeout).AsTask();

        await transport.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), Timeout);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => blocked);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => queued);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => transport.SendAsync(Message('n'), Timeout).AsTask());
    }
}
