using Microsoft.Extensions.Logging;

namespace Realtime.Api.Tests.Session;

/// <summary>A logger that keeps every formatted line (with its exception), for checking what the session logs.</summary>
internal sealed class ListLogger : ILogger
{
    public List<string> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Lines)
        {
            Lines.Add(formatter(state, exception) + " " + exception);
        }
    }
}
