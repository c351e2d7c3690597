using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using System.Text.Unicode;

namespace Realtime.Api;

/// <summary>
/// Makes the strings of JSON string values, reusing the string made the last time the same short ASCII value was read
/// on the same thread. A realtime stream repeats its ids in event after event (every delta carries its response id and
/// item id), so most of those reads allocate nothing and transcode nothing. Strings are immutable: handing the same
/// instance to two events is invisible to their readers.
/// </summary>
/// <remarks>
/// The cache is a small direct-mapped table per thread: a value that maps to a taken slot replaces its string, so
/// values seen once (event ids) cost one lookup and never grow it. Non-ASCII values and values longer than
/// <see cref="MaxCachedLength"/> bytes are made as usual.
/// </remarks>
internal static class JsonStrings
{
    /// <summary>The longest value the cache keeps (ids are far shorter; long text rarely repeats).</summary>
    public const int MaxCachedLength = 64;

    private const int SlotBits = 8; // 256 slots: the slot is the top bits of the hash

    [ThreadStatic]
    private static Slot[]? t_slots;

    /// <summary>The string of <paramref name="utf8"/>, or null when it is not valid UTF-8.</summary>
    public static string? TryGetString(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        if (utf8.Length > MaxCachedLength)
        {
            return Utf8.IsValid(utf8) ? Encoding.UTF8.GetString(utf8) : null;
        }

        var slots = t_slots ??= new Slot[1 << SlotBits];
        ref var slot = ref slots[SlotOf(utf8)].Value;

        // Only ASCII strings are cached, and ASCII bytes equal to one are its exact UTF-8.
        if (slot is { } cached && cached.Length == utf8.Length && Ascii.Equals(utf8, cached))
        {
            return cached;
        }

        if (!Ascii.IsValid(utf8))
        {
            return Utf8.IsValid(utf8) ? Encoding.UTF8.GetString(utf8) : null;
        }

        return slot = Encoding.Latin1.GetString(utf8); // ASCII: Latin-1 decoding is the plain widening, one pass
    }

    /// <summary>Hashes the length and the first and last eight bytes: all of a short value, and the random tail of an id.</summary>
    private static int SlotOf(ReadOnlySpan<byte> utf8)
    {
        ulong first, last;
        if (utf8.Length >= 8)
        {
            first = BinaryPrimitives.ReadUInt64LittleEndian(utf8);
            last = BinaryPrimitives.ReadUInt64LittleEndian(utf8[^8..]);
        }
        else if (utf8.Length >= 4)
        {
            first = BinaryPrimitives.ReadUInt32LittleEndian(utf8);
            last = BinaryPrimitives.ReadUInt32LittleEndian(utf8[^4..]);
        }
        else
        {
            first = utf8[0] | ((ulong)utf8[utf8.Length / 2] << 8);
            last = utf8[^1];
        }

        var hash = (first ^ BitOperations.RotateLeft(last, 29) ^ (ulong)utf8.Length) * 0x9E3779B97F4A7C15;
        return (int)(hash >> (64 - SlotBits));
    }

    /// <summary>A slot of the table: a struct, so that taking a reference to it needs no array type check.</summary>
    private struct Slot
    {
        public string? Value;
    }
}
