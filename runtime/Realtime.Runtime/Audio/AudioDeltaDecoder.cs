using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Realtime.Api.Audio;

/// <summary>
/// Decoded audio in a buffer rented from <see cref="ArrayPool{T}.Shared"/>. Dispose it to return the buffer;
/// using it after that throws <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed class PooledAudioBuffer : IMemoryOwner<byte>
{
    private byte[]? _array;

    internal PooledAudioBuffer(byte[] array, int length)
    {
        _array = array;
        Length = length;
    }

    /// <summary>Bytes of audio.</summary>
    public int Length { get; }

    /// <summary>The audio bytes.</summary>
    public Memory<byte> Memory => Array.AsMemory(0, Length);

    /// <summary>The audio bytes as a span.</summary>
    public Span<byte> Span => Array.AsSpan(0, Length);

    private byte[] Array => _array ?? throw new ObjectDisposedException(nameof(PooledAudioBuffer));

    /// <summary>Returns the buffer to the pool (idempotent).</summary>
    public void Dispose()
    {
        byte[]? array = Interlocked.Exchange(ref _array, null);
        if (array is not null)
            ArrayPool<byte>.Shared.Return(array);
    }
}

/// <summary>
/// Decodes the base64 <c>delta</c> of <c>response.output_audio.delta</c> events: from the UTF-8 bytes of the JSON
/// (no intermediate string), from a string, or straight from a <see cref="Utf8JsonReader"/> positioned on the value.
/// Invalid base64 throws <see cref="FormatException"/> saying where.
/// </summary>
public static class AudioDeltaDecoder
{
    /// <summary>The largest number of bytes <paramref name="base64Length"/> base64 characters can decode to.</summary>
    public static int GetMaxDecodedLength(int base64Length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(base64Length);
        return (int)(((long)base64Length + 3) / 4 * 3);
    }

    /// <summary>Decodes UTF-8 base64 into <paramref name="destination"/> (size it with <see cref="GetMaxDecodedLength"/>); returns the bytes written.</summary>
    public static int Decode(ReadOnlySpan<byte> base64Utf8, Span<byte> destination)
    {
        OperationStatus status = Base64.DecodeFromUtf8(base64Utf8, destination, out int consumed, out int written);
        return status switch
        {
            OperationStatus.Done => written,
            OperationStatus.DestinationTooSmall => throw new ArgumentException(
                $"The destination holds {destination.Length} bytes; {base64Utf8.Length} base64 characters need up to {GetMaxDecodedLength(base64Utf8.Length)}.", nameof(destination)),
            _ => throw InvalidBase64(base64Utf8.Length, consumed),
        };
    }

    /// <summary>Decodes base64 characters into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Decode(ReadOnlySpan<char> base64, Span<byte> destination)
    {
        if (System.Convert.TryFromBase64Chars(base64, destination, out int written))
            return written;
        // Failed: tell a too-small destination apart from bad input.
        if (!Base64.IsValid(base64, out int decodedLength))
            throw new FormatException($"The audio delta is not valid base64 ({base64.Length} characters): it has a character outside the base64 alphabet, misplaced padding, or an incomplete final group of 4.");
        throw new ArgumentException($"The destination holds {destination.Length} bytes; the base64 decodes to {decodedLength}.", nameof(destination));
    }

    /// <summary>Decodes UTF-8 base64 into a pooled buffer (the caller disposes it).</summary>
    public static PooledAudioBuffer Decode(ReadOnlySpan<byte> base64Utf8)
    {
        byte[] array = ArrayPool<byte>.Shared.Rent(Math.Max(1, GetMaxDecodedLength(base64Utf8.Length)));
        try
        {
            return new PooledAudioBuffer(array, Decode(base64Utf8, array));
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(array);
            throw;
        }
    }

    /// <summary>Decodes base64 characters (e.g. a string) into a pooled buffer (the caller disposes it).</summary>
    public static PooledAudioBuffer Decode(ReadOnlySpan<char> base64)
    {
        byte[] array = ArrayPool<byte>.Shared.Rent(Math.Max(1, GetMaxDecodedLength(base64.Length)));
        try
        {
            return new PooledAudioBuffer(array, Decode(base64, array));
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(array);
            throw;
        }
    }

    /// <summary>
    /// Decodes the JSON string the reader is positioned on (e.g. the value of <c>"delta"</c>) into a pooled buffer,
    /// straight from the reader's bytes; a value with JSON escapes (<c>\/</c>) is unescaped first.
    /// </summary>
    /// <exception cref="InvalidOperationException">The reader is not on a string.</exception>
    public static PooledAudioBuffer Decode(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new InvalidOperationException($"Expected a base64 JSON string for the audio delta, found {reader.TokenType}.");
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
            return Decode(reader.ValueSpan);
        int rawLength = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        byte[] unescaped = ArrayPool<byte>.Shared.Rent(Math.Max(1, rawLength));
        try
        {
            int length = reader.CopyString(unescaped);
            return Decode(unescaped.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(unescaped);
        }
    }

    private static FormatException InvalidBase64(int length, int validPrefix) => new(
        $"The audio delta is not valid base64: the {length} characters are valid up to character {validPrefix}, " +
        "then comes a character outside the base64 alphabet, misplaced padding, or an incomplete final group of 4.");
}
