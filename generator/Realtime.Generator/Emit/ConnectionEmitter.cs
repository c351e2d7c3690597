using Realtime.Schema.Model;

namespace Realtime.Generator.Emit;

/// <summary>
/// Emits an event union's typed methods on the runtime's <c>RealtimeConnection</c>, as extension methods over its
/// generic core: <c>SendAsync(union)</c> for a client-event union; <c>Receive{Stem}EventsAsync</c>,
/// <c>Receive{Stem}EventAsync</c>, <c>TryReceive{Stem}Event</c> and <c>DispatchEventsAsync(handler)</c> for a
/// server-event union. The hand-written connection never names a type of the page, so any page builds.
/// </summary>
internal static class ConnectionEmitter
{
    private const string Token = "global::System.Threading.CancellationToken";

    public static void Emit(CodeWriter w, DispatcherModel model, EmitOptions options)
    {
        var union = model.UnionName;
        w.Line($"/// <summary>The <see cref=\"{union}\"/> methods of <see cref=\"{TypeMapping.Connection}\"/>.</summary>");
        w.Open($"{EmitterCommon.Visibility(options)} static class {union}ConnectionExtensions");
        if (model.Direction == EventDirection.Client)
        {
            EmitSend(w, union);
        }
        else
        {
            EmitReceive(w, union, model.ReceiveStem);
        }

        w.Close();
    }

    private static void EmitSend(CodeWriter w, string union)
    {
        w.Line($"/// <summary>Sends one <see cref=\"{union}\"/>, serialised by its generated writer straight into the pooled send buffer.</summary>");
        w.Open($"public static global::System.Threading.Tasks.ValueTask SendAsync(this {TypeMapping.Connection} connection, {union} clientEvent, {Token} cancellationToken = default)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(connection);");
        w.Line($"return connection.SendEventAsync<{union}>(clientEvent, cancellationToken);");
        w.Close();
    }

    private static void EmitReceive(CodeWriter w, string union, string stem)
    {
        var malformed = "Malformed" + union;
        var events = $"Receive{stem}EventsAsync";
        w.Line($"/// <summary>");
        w.Line($"/// The <see cref=\"{union}\"/>s until the connection ends. Malformed messages arrive as <see cref=\"{malformed}\"/>; a lost");
        w.Line($"/// connection throws <see cref=\"global::Realtime.Api.RealtimeConnectionException\"/> after the events received before it.");
        w.Line($"/// Breaking out of the loop leaves the session open; another enumeration continues where this one stopped.");
        w.Line($"/// </summary>");
        w.Open($"public static global::System.Collections.Generic.IAsyncEnumerable<{union}> {events}(this {TypeMapping.Connection} connection, {Token} cancellationToken = default)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(connection);");
        w.Line($"return connection.ReceiveEventsAsync<{union}>(cancellationToken);");
        w.Close();
        w.Line();
        w.Line($"/// <summary>The next <see cref=\"{union}\"/>, or null once the connection ended normally.</summary>");
        w.Open($"public static global::System.Threading.Tasks.ValueTask<{union}?> Receive{stem}EventAsync(this {TypeMapping.Connection} connection, {Token} cancellationToken = default)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(connection);");
        w.Line($"return connection.ReceiveEventAsync<{union}>(cancellationToken);");
        w.Close();
        w.Line();
        w.Line($"/// <summary>Takes an already received <see cref=\"{union}\"/> without waiting.</summary>");
        w.Open($"public static bool TryReceive{stem}Event(this {TypeMapping.Connection} connection, [global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out {union}? serverEvent)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(connection);");
        w.Line($"return connection.TryReceiveEvent<{union}>(out serverEvent);");
        w.Close();
        foreach (var async in new[] { true, false })
        {
            var handler = async ? $"I{union}AsyncHandler" : $"I{union}Handler";
            w.Line();
            w.Line($"/// <summary>Receives <see cref=\"{union}\"/>s and passes each to <paramref name=\"handler\"/> (the generated dispatcher) until the connection ends or <paramref name=\"cancellationToken\"/> fires.</summary>");
            w.Open($"public static async global::System.Threading.Tasks.Task DispatchEventsAsync(this {TypeMapping.Connection} connection, {handler} handler, {Token} cancellationToken = default)");
            w.Line("global::System.ArgumentNullException.ThrowIfNull(connection);");
            w.Line("global::System.ArgumentNullException.ThrowIfNull(handler);");
            // Named in full: generated files have no usings, and ConfigureAwait on a stream is an extension method.
            w.Open($"await foreach (var serverEvent in global::System.Threading.Tasks.TaskAsyncEnumerableExtensions.ConfigureAwait(connection.ReceiveEventsAsync<{union}>(cancellationToken), false))");
            w.Line(async
                ? "await handler.DispatchAsync(serverEvent, cancellationToken).ConfigureAwait(false);"
                : "handler.Dispatch(serverEvent);");
            w.Close();
            w.Close();
        }
    }
}
