namespace Realtime.Api.Tests.Properties;

/// <summary>
/// How long the property tests run: a few seconds each in the normal suite; set <c>REALTIME_PROPERTY_SECONDS</c> (e.g.
/// 600) for a longer run. <c>REALTIME_PROPERTY_SEED</c> replays a failure CsCheck reported.
/// </summary>
internal static class PropertyRun
{
    public static int Seconds => int.TryParse(Environment.GetEnvironmentVariable("REALTIME_PROPERTY_SECONDS"), out var seconds) && seconds > 0 ? seconds : 3;

    public static string? Seed => Environment.GetEnvironmentVariable("REALTIME_PROPERTY_SEED") is { Length: > 0 } seed ? seed : null;
}
