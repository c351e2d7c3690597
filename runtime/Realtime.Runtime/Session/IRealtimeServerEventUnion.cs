namespace Realtime.Api;

/// <summary>
/// A union of server events that a <see cref="RealtimeConnection"/> can receive: read by its generated reader, and able
/// to carry a message that is not one of its events (<see cref="CreateMalformed"/>) so the stream goes on. The generated
/// code implements it for every server-event union of the page, with a malformed variant
/// (<c>Malformed{Union}</c>, an <see cref="IMalformedRealtimeEvent"/>) and typed receive methods on the connection.
/// </summary>
public interface IRealtimeServerEventUnion<TSelf> : IRealtimeJsonModel<TSelf>
    where TSelf : class, IRealtimeServerEventUnion<TSelf>
{
    /// <summary>The union's variant for a received message that is not a valid event.</summary>
    static abstract TSelf CreateMalformed(ReadOnlyMemory<byte> rawJson, MalformedMessageReason reason, string message, Exception? error);
}

/// <summary>What a malformed-message item carries, whichever event union it is delivered in.</summary>
public interface IMalformedRealtimeEvent
{
    /// <summary>The <c>type</c> the bytes named, or empty.</summary>
    string Type { get; }

    /// <summary>The message bytes as received (empty for a message skipped as too large).</summary>
    ReadOnlyMemory<byte> RawJson { get; }

    /// <summary>What was wrong.</summary>
    MalformedMessageReason Reason { get; }

    /// <summary>A readable explanation (the parser's message for invalid JSON).</summary>
    string Message { get; }

    /// <summary>The parse error, when there was one.</summary>
    Exception? Error { get; }
}
