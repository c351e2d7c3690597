using Realtime.Schema.Model;

namespace Realtime.Generator.Emit;

/// <summary>
/// Emits, for an event union, a handler interface (one method per event; each defaults to the catch-all
/// <c>OnUnhandled</c>, which does nothing; plus <c>OnUnknown</c> for events the page does not describe), its async
/// twin (ValueTask), and <c>Dispatch</c>/<c>DispatchAsync</c> extension methods that switch on the event's type.
/// </summary>
internal static class DispatcherEmitter
{
    public static void Emit(CodeWriter w, DispatcherModel model, EmitOptions options)
    {
        var union = model.UnionName;
        var unknown = "Unknown" + union;
        var visibility = EmitterCommon.Visibility(options);
        var side = model.Direction == EventDirection.Client ? "client" : "server";
        var methods = Naming.MakeUnique(model.Variants.Select(v => "On" + v.TypeName), new[] { "OnUnhandled", "OnUnknown" });

        w.Line($"/// <summary>Handles <see cref=\"{union}\"/> {side} events: override the methods of the events you need; every other event goes to <see cref=\"OnUnhandled\"/>.</summary>");
        w.Open($"{visibility} interface I{union}Handler");
        for (var i = 0; i < model.Variants.Count; i++)
        {
            var v = model.Variants[i];
            w.Summary(v.Description);
            w.Line($"void {methods[i]}({v.TypeName} @event) => OnUnhandled(@event);");
            w.Line();
        }

        w.Line($"/// <summary>An event whose type this version of the page does not describe.</summary>");
        w.Line($"void OnUnknown({unknown} @event) => OnUnhandled(@event);");
        w.Line();
        w.Line("/// <summary>Every event whose method is not implemented (does nothing by default).</summary>");
        w.Open($"void OnUnhandled({union} @event)");
        w.Close();
        w.Close();
        w.Line();

        w.Line($"/// <summary>The asynchronous form of <see cref=\"I{union}Handler\"/>.</summary>");
        w.Open($"{visibility} interface I{union}AsyncHandler");
        for (var i = 0; i < model.Variants.Count; i++)
        {
            var v = model.Variants[i];
            w.Summary(v.Description);
            w.Line($"global::System.Threading.Tasks.ValueTask {methods[i]}Async({v.TypeName} @event, global::System.Threading.CancellationToken cancellationToken) => OnUnhandledAsync(@event, cancellationToken);");
            w.Line();
        }

        w.Line($"global::System.Threading.Tasks.ValueTask OnUnknownAsync({unknown} @event, global::System.Threading.CancellationToken cancellationToken) => OnUnhandledAsync(@event, cancellationToken);");
        w.Line();
        w.Line($"global::System.Threading.Tasks.ValueTask OnUnhandledAsync({union} @event, global::System.Threading.CancellationToken cancellationToken) => default;");
        w.Close();
        w.Line();

        w.Line($"/// <summary>Calls the handler method of an event's type.</summary>");
        w.Open($"{visibility} static class {union}Dispatcher");
        w.Open($"public static void Dispatch(this I{union}Handler handler, {union} @event)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(handler);");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(@event);");
        w.Open("switch (@event)");
        for (var i = 0; i < model.Variants.Count; i++)
        {
            var v = model.Variants[i];
            w.Line($"case {v.TypeName} e: handler.{methods[i]}(e); break;");
        }

        w.Line($"case {unknown} e: handler.OnUnknown(e); break;");
        w.Line("default: handler.OnUnhandled(@event); break;");
        w.Close();
        w.Close();
        w.Line();
        w.Open($"public static global::System.Threading.Tasks.ValueTask DispatchAsync(this I{union}AsyncHandler handler, {union} @event, global::System.Threading.CancellationToken cancellationToken = default)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(handler);");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(@event);");
        w.Open("return @event switch");
        for (var i = 0; i < model.Variants.Count; i++)
        {
            var v = model.Variants[i];
            w.Line($"{v.TypeName} e => handler.{methods[i]}Async(e, cancellationToken),");
        }

        w.Line($"{unknown} e => handler.OnUnknownAsync(e, cancellationToken),");
        w.Line("_ => handler.OnUnhandledAsync(@event, cancellationToken),");
        w.Close(";");
        w.Close();
        w.Close();
    }
}
