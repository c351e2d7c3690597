using System.IO.Pipelines;
using System.Net.WebSockets;

namespace Realtime.Runtime.Tests.Transport;

/// <summary>A client and a server WebSocket joined by two in-memory pipes (64 KiB of buffering each way, so backpressure is real).</summary>
internal sealed class InMemoryWebSocketPair : IDisposable
{
    private readonly DuplexStream _clientStream;
    private readonly DuplexStream _serverStream;

    public InMemoryWebSocketPair()
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        _clientStream = new DuplexStream(toClient.Reader.AsStream(), toServer.Writer.AsStream());
        _serverStream = new DuplexStream(toServer.Reader.AsStream(), toClient.Writer.AsStream());
        Client = WebSocket.CreateFromStream(_clientStream, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
        Server = WebSocket.CreateFromStream(_serverStream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
    }

    public WebSocket Client { get; }

    public WebSocket Server { get; }

    /// <summary>Drops the server's end of the connection without a close frame (like a lost TCP connection).</summary>
    public void DropServer() => _serverStream.Dispose();

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
        _clientStream.Dispose();
        _serverStream.Dispose();
    }

    private sealed class DuplexStream(Stream input, Stream output) : Stream
    {
        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => input.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => input.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => input.ReadAsync(buffer, offset, count, cancellationToken);
        public override void Write(byte[] buffer, int offset, int count) => output.Write(buffer, offset, count);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => output.WriteAsync(buffer, cancellationToken);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => output.WriteAsync(buffer, offset, count, cancellationToken);
        public override void Flush() => output.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => output.FlushAsync(cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                input.Dispose();
                output.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
