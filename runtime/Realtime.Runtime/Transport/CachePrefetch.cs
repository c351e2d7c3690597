using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Realtime.Api;

/// <summary>
/// Software prefetch of a buffer another core wrote. A message crosses from the pump's core to the consumer's; read
/// in place, each of its cache lines is a miss that the parser waits for, and on a machine whose cores trade a line in
/// a hundred nanoseconds or more that is a large part of taking a message. Asked for ahead, the lines arrive while the
/// message before is parsed. A hint only: where the processor has no prefetch instruction it does nothing.
/// </summary>
internal static class CachePrefetch
{
    /// <summary>The most bytes asked for at once (a few messages fit in the first-level cache beside the parser's own data).</summary>
    private const int MaxBytes = 4096;

    private const int LineBytes = 64;

    /// <summary>Asks this core's cache for the array's header and its first <paramref name="length"/> bytes (up to <see cref="MaxBytes"/>).</summary>
    public static unsafe void Bytes(byte[] buffer, int length)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        // Not pinned: should the collector move the array right now, the hint goes to stale memory, which is harmless
        // (a prefetch never faults and reads nothing).
        var data = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        Sse.Prefetch0(data - (2 * sizeof(nint))); // the header: its length is read first
        var end = Math.Min(length, MaxBytes);
        for (var offset = 0; offset < end; offset += LineBytes)
        {
            Sse.Prefetch0(data + offset);
        }
    }
}
