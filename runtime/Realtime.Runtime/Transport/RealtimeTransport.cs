using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;

namespace Realtime.Api;

/// <summary>
/// The untyped realtime connection: a WebSocket with one send lock, a receive pump that reassembles each message from
/// its frames into a pooled buffer, and a bounded queue between that pump and the consumer.
/// <list type="bullet">
/// <item>Sends are serialised (the WebSocket allows one at a time); a message is written straight into a pooled buffer and sent from it.</item>
/// <item>Receives never stop the pump for a bad message: too-large messages are skipped and reported (<see cref="RealtimeMessage.IsTooLarge"/>).</item>
/// <item>A lost connection, or a close in the middle of a message or with an error status, ends the receive side with a
/// <see cref="RealtimeConnectionException"/> after the messages already queued; a normal close just ends it.</item>
/// <item>Finishing an enumeration does not close anything: only <see cref="CloseAsync"/> and <see cref="DisposeAsync"/> do.</item>
/// </list>
/// </summary>
public sealed class RealtimeTransport : IAsyncDisposable
{
    private readonly WebSocket _socket;
    private readonly bool _ownsSocket;
    private readonly RealtimeTransportOptions _options;
    private readonly ReceiveQueue _queue;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly PooledBufferWriter _sendBuffer = new();
    private readonly ReceiveBufferPool _receiveBuffers;
    private readonly CancellationTokenSource _pumpStop = new();
    private readonly CancellationToken _lifetimeToken; // _pumpStop's: cancelled on dispose, ends the pump and a stuck send
    private readonly Task _pump;
    private byte[]? _messageBuffer; // the pump's, for the message being received: rented once its first frame arrives
    private long _dropped;
    private int _closeRequested;
    private int _disposed;

    // Receive buffers kept for reuse: as many as a full queue holds (plus the pump's and the consumer's), so a queue
    // whose depth swings (the consumer catching up, then falling behind again) recycles instead of allocating;
    // bounded in bytes for very large queues or start buffers.
    private const int RetainedReceiveBytes = 16 * 1024 * 1024;

    private RealtimeTransport(WebSocket socket, bool ownsSocket, RealtimeTransportOptions options)
    {
        _socket = socket;
        _ownsSocket = ownsSocket;
        _options = options;
        var startBytes = ReceiveStartBytes(options);
        _receiveBuffers = new ReceiveBufferPool(startBytes, Math.Min(options.ReceiveQueueCapacity + 2, Math.Max(4, RetainedReceiveBytes / startBytes)));
        _queue = new ReceiveQueue(options.ReceiveQueueCapacity, options.BackpressurePolicy, OnMessageDropped);
        _lifetimeToken = _pumpStop.Token;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Opens a realtime WebSocket (URL, credential and headers from <paramref name="connection"/>).</summary>
    /// <exception cref="RealtimeConnectionException">The handshake failed (with the HTTP status when the server answered).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option of <paramref name="options"/> is out of range.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="connection"/> cannot make a URL or has no credential (see <see cref="RealtimeConnectionOptions"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<RealtimeTransport> ConnectAsync(
        RealtimeConnectionOptions connection,
        RealtimeTransportOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new RealtimeTransportOptions();
        options.Validate();

        var uri = connection.BuildUri();
        var endpoint = RealtimeConnectionOptions.Describe(uri);
        var socket = new ClientWebSocket();
        try
        {
            connection.ApplyTo(socket.Options);
            TransportLog.Connecting(options.Logger, endpoint);
            await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException ex)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw new RealtimeConnectionException(
                status == 0
                    ? $"Could not open the realtime WebSocket at {endpoint}: {ex.Message}"
                    : $"The server at {endpoint} refused the realtime WebSocket with HTTP {(int)status} ({status}).",
                ex)
            {
                HttpStatusCode = status == 0 ? null : status,
            };
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        TransportLog.Connected(options.Logger, endpoint);
        return new RealtimeTransport(socket, ownsSocket: true, options);
    }

    /// <summary>Runs the transport over an open WebSocket (a custom client, a server-side socket, an in-memory pair).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option of <paramref name="options"/> is out of range.</exception>
    public static RealtimeTransport Create(WebSocket socket, RealtimeTransportOptions? options = null, bool ownsSocket = true)
    {
        ArgumentNullException.ThrowIfNull(socket);
        options ??= new RealtimeTransportOptions();
        options.Validate();
        return new RealtimeTransport(socket, ownsSocket, options);
    }

    /// <summary>The options in effect.</summary>
    public RealtimeTransportOptions Options => _options;

    /// <summary>The WebSocket's state.</summary>
    public WebSocketState State => _socket.State;

    /// <summary>The close status the peer sent, once it did.</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>The close description the peer sent, once it did.</summary>
    public string? CloseStatusDescription => _socket.CloseStatusDescription;

    /// <summary>Messages dropped by a drop policy because the consumer was behind (always 0 with <see cref="RealtimeBackpressurePolicy.Wait"/>).</summary>
    public long DroppedMessageCount => Interlocked.Read(ref _dropped);

    /// <summary>Messages received and waiting for the consumer.</summary>
    public int QueuedMessageCount => _queue.Count;

    // ---- send ----
    //
    // The send queue: senders wait their turn on _sendLock (its waiters are served in order), write their message into
    // the one pooled send buffer and hand it to the socket with the connection's lifetime token, never their own. A
    // sender cancelled while it waits leaves the queue and nothing of its message is written; once its message is
    // handed to the socket, cancelling only stops that sender's wait: the message is sent whole in the background (a
    // WebSocket cannot take back part of a frame, and cancelling the socket's own send would abort the connection)
    // and the next sender's turn comes after it. Disposing cancels the lifetime token, which ends a send stuck on a
    // peer that stopped reading.

    /// <summary>Sends one text message (UTF-8 JSON) as is (copied into the send buffer when its turn comes).</summary>
    /// <param name="utf8Message">The message; it may be reused as soon as the returned task completes or is cancelled.</param>
    /// <param name="cancellationToken">Cancels this send only: see <see cref="TrySendAsync{TState}"/>.</param>
    /// <exception cref="RealtimeMessageTooLargeException">Over <see cref="RealtimeTransportOptions.MaxSendMessageBytes"/>; nothing was sent.</exception>
    /// <exception cref="RealtimeConnectionException">The connection is closed or was lost; the message was not sent (or not completely received by the peer).</exception>
    /// <exception cref="ObjectDisposedException">The transport was disposed before or while the message was sent.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled: see <see cref="TrySendAsync{TState}"/>.</exception>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> utf8Message, CancellationToken cancellationToken = default)
    {
        CheckSendSize(utf8Message.Length);
        await TrySendAsync(utf8Message, static (output, message) =>
        {
            output.Write(message.Span);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends one text message that <paramref name="write"/> writes straight into the transport's pooled send buffer
    /// when the message's turn comes (so the buffer is reused without copies or allocations).
    /// </summary>
    /// <param name="state">What <paramref name="write"/> writes.</param>
    /// <param name="write">Writes the message; it runs once, when the message's turn comes, and never after a cancellation took it out of the queue.</param>
    /// <param name="cancellationToken">Cancels this send only: see <see cref="TrySendAsync{TState}"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="write"/> is null.</exception>
    /// <exception cref="RealtimeMessageTooLargeException">The message written is over <see cref="RealtimeTransportOptions.MaxSendMessageBytes"/>; nothing was sent.</exception>
    /// <exception cref="RealtimeConnectionException">The connection is closed or was lost; the message was not sent (or not completely received by the peer).</exception>
    /// <exception cref="ObjectDisposedException">The transport was disposed before or while the message was sent.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled: see <see cref="TrySendAsync{TState}"/>.</exception>
    /// <remarks>An exception <paramref name="write"/> throws reaches the caller; nothing is sent and the connection goes on.</remarks>
    public async ValueTask SendAsync<TState>(TState state, Action<IBufferWriter<byte>, TState> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        await TrySendAsync((state, write), static (output, s) =>
        {
            s.write(output, s.state);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Like <see cref="SendAsync{TState}(TState, Action{IBufferWriter{byte}, TState}, CancellationToken)"/>, but
    /// <paramref name="write"/> may decline (return false, e.g. no complete audio frame yet): then nothing is sent.
    /// </summary>
    /// <param name="state">What <paramref name="write"/> writes.</param>
    /// <param name="write">Writes the message or declines; it runs once, when the message's turn comes.</param>
    /// <param name="cancellationToken">
    /// Cancels this send only, never the connection. Cancelled while the message waits its turn (behind other sends
    /// or a peer that is slow to read): the message leaves the queue, <paramref name="write"/> never runs and nothing
    /// is sent. Cancelled once the message is handed to the socket: the call ends with
    /// <see cref="OperationCanceledException"/> at once while the message is still sent, whole, before the next one
    /// (no partial message ever reaches the socket).
    /// </param>
    /// <returns>Whether a message was sent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="write"/> is null.</exception>
    /// <exception cref="RealtimeMessageTooLargeException">The message written is over <see cref="RealtimeTransportOptions.MaxSendMessageBytes"/>; nothing was sent.</exception>
    /// <exception cref="RealtimeConnectionException">The connection is closed or was lost; the message was not sent (or not completely received by the peer).</exception>
    /// <exception cref="ObjectDisposedException">The transport was disposed before or while the message was sent.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (see above).</exception>
    public async ValueTask<bool> TrySendAsync<TState>(TState state, Func<IBufferWriter<byte>, TState, bool> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        ThrowIfDisposed();
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        Task sent;
        try
        {
            ThrowIfDisposed();
            if (!write(_sendBuffer, state))
            {
                _sendBuffer.Release();
                _sendLock.Release();
                return false;
            }

            CheckSendSize(_sendBuffer.WrittenCount);
            CheckOpen();
            sent = SendAndReleaseAsync(_sendBuffer.WrittenMemory);
        }
        catch
        {
            _sendBuffer.Release();
            _sendLock.Release();
            throw;
        }

        if (!sent.IsCompleted && cancellationToken.CanBeCanceled)
        {
            try
            {
                await sent.WaitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (!sent.IsCompleted)
            {
                // The message goes on in the background; its outcome is the connection's, not this caller's.
                _ = sent.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                throw;
            }
        }

        await sent.ConfigureAwait(false);
        return true;
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(RealtimeTransport), "The realtime transport was disposed: nothing more can be sent.");
        }
    }

    private void CheckSendSize(long size)
    {
        if (size > _options.MaxSendMessageBytes)
        {
            throw new RealtimeMessageTooLargeException(size, _options.MaxSendMessageBytes, "outgoing");
        }
    }

    private void CheckOpen()
    {
        if (_socket.State != WebSocketState.Open)
        {
            throw new RealtimeConnectionException($"Cannot send: the realtime connection is {DescribeState()}.")
            {
                CloseStatus = _socket.CloseStatus,
                CloseStatusDescription = _socket.CloseStatusDescription,
            };
        }
    }

    /// <summary>Hands the message in the send buffer to the socket; the send lock is released once the socket is done with it.</summary>
    private async Task SendAndReleaseAsync(ReadOnlyMemory<byte> message)
    {
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, _lifetimeToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException("The realtime transport was disposed while the message was being sent.", ex);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            throw new RealtimeConnectionException($"Sending failed: the realtime connection is {DescribeState()} ({ex.Message}).", ex)
            {
                CloseStatus = _socket.CloseStatus,
                CloseStatusDescription = _socket.CloseStatusDescription,
            };
        }
        finally
        {
            _sendBuffer.Release();
            _sendLock.Release();
        }
    }

    // ---- receive ----

    /// <summary>Waits until a message can be read; false once the connection ended normally and everything was read.</summary>
    /// <exception cref="RealtimeConnectionException">The connection was lost or closed abnormally (after the queued messages were read).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the connection stays open).</exception>
    public ValueTask<bool> WaitToReceiveAsync(CancellationToken cancellationToken = default) =>
        _queue.WaitToReadAsync(cancellationToken);

    /// <summary>Takes a queued message if there is one. The caller owns it and disposes it.</summary>
    public bool TryReceive([NotNullWhen(true)] out RealtimeMessage? message)
    {
        if (!_queue.TryRead(out var received))
        {
            message = null;
            return false;
        }

        // Made here, on the consumer's thread: see ReceivedMessage.
        message = received.Buffer is { } buffer
            ? new RealtimeMessage(buffer, received.Length, received.MessageType, _receiveBuffers)
            : RealtimeMessage.TooLarge(received.MessageType, received.ReceivedLength);
        return true;
    }

    /// <summary>The next message, or null once the connection ended normally. The caller owns it and disposes it.</summary>
    /// <exception cref="RealtimeConnectionException">The connection was lost or closed abnormally (after the queued messages were read).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the connection stays open).</exception>
    public async ValueTask<RealtimeMessage?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        while (await _queue.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (TryReceive(out var message))
            {
                return message;
            }
        }

        return null;
    }

    /// <summary>The received messages until the connection ends; stopping the enumeration leaves the connection open.</summary>
    /// <exception cref="RealtimeConnectionException">The connection was lost or closed abnormally (after the queued messages were read).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the connection stays open).</exception>
    public async IAsyncEnumerable<RealtimeMessage> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await _queue.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (TryReceive(out var message))
            {
                yield return message;
            }
        }
    }

    /// <summary>The bytes of the buffers held for the message being received and the one being sent (none between messages).</summary>
    internal long InFlightBufferBytes => (Volatile.Read(ref _messageBuffer)?.Length ?? 0) + _sendBuffer.CapacityBytes;

    private void OnMessageDropped(ReceivedMessage message)
    {
        ReturnBuffer(message);
        TransportLog.MessageDropped(_options.Logger, Interlocked.Increment(ref _dropped));
    }

    private async Task PumpAsync()
    {
        Exception? error = null;
        try
        {
            while (await ReceiveMessageAsync(_pumpStop.Token).ConfigureAwait(false) is { } message)
            {
                try
                {
                    // Lossless policy with a full queue: stop reading the socket until the consumer has taken half of it
                    // (so that a consumer that is behind does not pay a thread hand-off for every message).
                    while (!_queue.TryWrite(message))
                    {
                        await _queue.WaitForRoomAsync(_pumpStop.Token).ConfigureAwait(false);
                    }
                }
                catch
                {
                    ReturnBuffer(message);
                    throw;
                }
            }
        }
        catch (OperationCanceledException) when (_pumpStop.IsCancellationRequested)
        {
            // Disposed locally: the receive side just ends.
        }
        catch (Exception ex)
        {
            error = ex;
            TransportLog.ConnectionLost(_options.Logger, ex);
        }
        finally
        {
            _queue.Complete(error);
        }
    }

    private void ReturnBuffer(ReceivedMessage message)
    {
        if (message.Buffer is { } buffer)
        {
            _receiveBuffers.Return(buffer);
        }
    }

    /// <summary>Reads one whole message; null when the connection ended cleanly.</summary>
    private async ValueTask<ReceivedMessage?> ReceiveMessageAsync(CancellationToken cancellationToken)
    {
        var limit = _options.MaxReceiveMessageBytes;
        var count = 0;
        long received = 0;
        var tooLarge = false;
        try
        {
            while (true)
            {
                if (_messageBuffer is not null && count == _messageBuffer.Length)
                {
                    if (tooLarge)
                    {
                        count = 0; // skipping an oversized message: reuse the buffer
                    }
                    else
                    {
                        _messageBuffer = Grow(_messageBuffer, count, limit, _receiveBuffers);
                    }
                }

                ValueWebSocketReceiveResult result;
                try
                {
                    // No buffer yet: the socket waits for the next frame and reads its header, no payload.
                    result = await _socket.ReceiveAsync(_messageBuffer is null ? Memory<byte>.Empty : _messageBuffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
                {
                    if (Volatile.Read(ref _closeRequested) != 0 || _pumpStop.IsCancellationRequested)
                    {
                        return null;
                    }

                    throw new RealtimeConnectionException(
                        received > 0
                            ? $"The realtime connection was lost in the middle of a message, after {received:N0} bytes of it: {ex.Message}"
                            : $"The realtime connection was lost: {ex.Message}",
                        ex)
                    {
                        PartialMessageBytes = received,
                    };
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await OnCloseReceivedAsync(received).ConfigureAwait(false);
                    return null;
                }

                _messageBuffer ??= _receiveBuffers.Rent();
                count += result.Count;
                received += result.Count;
                if (!tooLarge && received > limit)
                {
                    tooLarge = true;
                    count = 0;
                }

                if (result.EndOfMessage)
                {
                    if (tooLarge)
                    {
                        TransportLog.MessageTooLarge(_options.Logger, received, limit);
                        return new ReceivedMessage(null, 0, result.MessageType, received);
                    }

                    var message = new ReceivedMessage(_messageBuffer, count, result.MessageType, count);
                    _messageBuffer = null;
                    return message;
                }
            }
        }
        finally
        {
            if (_messageBuffer is not null)
            {
                _receiveBuffers.Return(_messageBuffer);
                _messageBuffer = null;
            }
        }
    }

    private static int ReceiveStartBytes(RealtimeTransportOptions options) =>
        (int)Math.Min(options.InitialReceiveBufferBytes, (long)options.MaxReceiveMessageBytes + 1);

    private static byte[] Grow(byte[] buffer, int count, int limit, ReceiveBufferPool pool)
    {
        var length = (int)Math.Min(Math.Min((long)buffer.Length * 2, (long)limit + 1), Array.MaxLength);
        var bigger = ArrayPool<byte>.Shared.Rent(length);
        buffer.AsSpan(0, count).CopyTo(bigger);
        pool.Return(buffer);
        return bigger;
    }

    /// <summary>Answers the peer's close frame and decides whether the end is clean (throws when it is not).</summary>
    private async Task OnCloseReceivedAsync(long partialBytes)
    {
        var status = _socket.CloseStatus;
        var description = _socket.CloseStatusDescription;
        TransportLog.ClosedByServer(_options.Logger, status, description);
        var weClosed = Volatile.Read(ref _closeRequested) != 0;

        if (_socket.State == WebSocketState.CloseReceived && await _sendLock.WaitAsync(_options.CloseTimeout).ConfigureAwait(false))
        {
            try
            {
                using var timeout = new CancellationTokenSource(_options.CloseTimeout);
                await _socket.CloseOutputAsync(status ?? WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
            {
                // The peer is gone already; nothing left to acknowledge.
            }
            finally
            {
                _sendLock.Release();
            }
        }

        if (partialBytes > 0)
        {
            throw new RealtimeConnectionException(
                $"The server closed the connection ({DescribeClose(status, description)}) in the middle of a message, after {partialBytes:N0} bytes of it.")
            {
                CloseStatus = status,
                CloseStatusDescription = description,
                PartialMessageBytes = partialBytes,
            };
        }

        if (!weClosed && status is not (WebSocketCloseStatus.NormalClosure or WebSocketCloseStatus.Empty or null))
        {
            throw new RealtimeConnectionException($"The server closed the connection: {DescribeClose(status, description)}.")
            {
                CloseStatus = status,
                CloseStatusDescription = description,
            };
        }
    }

    private static string DescribeClose(WebSocketCloseStatus? status, string? description) =>
        status is null
            ? "no status"
            : string.IsNullOrEmpty(description)
                ? $"status {(int)status} {status}"
                : $"status {(int)status} {status}, \"{description}\"";

    private string DescribeState() => _socket.State switch
    {
        WebSocketState.CloseReceived or WebSocketState.Closed when _socket.CloseStatus is { } status =>
            $"closed ({DescribeClose(status, _socket.CloseStatusDescription)})",
        WebSocketState.Aborted => "aborted (the connection was lost)",
        var state => state.ToString().ToLowerInvariant(),
    };

    // ---- close ----

    /// <summary>
    /// Closes cleanly: sends a close frame with <paramref name="status"/>, then waits (up to
    /// <see cref="RealtimeTransportOptions.CloseTimeout"/>) for the server's; aborts if it does not come. Messages
    /// already received stay readable; the receive side then ends normally.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The transport was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the socket is then aborted).</exception>
    public async Task CloseAsync(
        WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure,
        string? description = null,
        CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await CloseCoreAsync(status, description, cancellationToken).ConfigureAwait(false);
    }

    private async Task CloseCoreAsync(WebSocketCloseStatus status, string? description, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _closeRequested, 1);
        TransportLog.Closing(_options.Logger, status);
        try
        {
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync(status, description, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or IOException)
            {
                // Already gone: there is nothing to close.
            }
            finally
            {
                _sendLock.Release();
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.CloseTimeout);
            try
            {
                await _pump.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                _socket.Abort(); // the server did not answer in time (or the consumer is not reading)
            }
        }
        catch (OperationCanceledException)
        {
            _socket.Abort();
            throw;
        }
    }

    /// <summary>
    /// Closes (briefly, see <see cref="CloseAsync"/>) if still open, stops the pump, releases the socket and the queued
    /// buffers. Sends still waiting or in progress end with <see cref="ObjectDisposedException"/>. Never throws.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                // Bounded: a send stuck on a peer that stopped reading must not hold the lock (and us) forever.
                using var timeout = new CancellationTokenSource(_options.CloseTimeout);
                await CloseCoreAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // Best effort on the way out.
            }
        }

        _pumpStop.Cancel();
        if (_socket.State is not (WebSocketState.Closed or WebSocketState.Aborted))
        {
            _socket.Abort();
        }

        await _pump.ConfigureAwait(false); // never faults: PumpAsync catches everything
        if (_ownsSocket)
        {
            _socket.Dispose();
        }

        while (_queue.TryRead(out var message))
        {
            ReturnBuffer(message);
        }

        _receiveBuffers.Close();
        _pumpStop.Dispose();
    }
}
