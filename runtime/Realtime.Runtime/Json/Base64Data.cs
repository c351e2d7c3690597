using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Realtime.Api;

/// <summary>
/// Binary data carried on the wire as a base64 JSON string (audio deltas, appended audio). Read straight from the
/// UTF-8 JSON bytes into a buffer rented from <see cref="ArrayPool{T}"/> (no intermediate string) and written back as
/// base64 straight into the <see cref="Utf8JsonWriter"/>. <see cref="Dispose"/> returns a rented buffer to the pool;
/// not disposing is safe (the buffer is then left to the GC).
/// </summary>
public sealed class Base64Data : IEquatable<Base64Data>, IDisposable
{
    private byte[]? _buffer;
    private readonly ReadOnlyMemory<byte> _owned;
    private readonly int _length;
    private readonly bool _pooled;

    private Base64Data(byte[] rented, int length)
    {
        _buffer = rented;
        _length = length;
        _pooled = true;
    }

    private Base64Data(ReadOnlyMemory<byte> bytes)
    {
        _owned = bytes;
        _length = bytes.Length;
    }

    /// <summary>Takes over a buffer rented from <see cref="ArrayPool{T}.Shared"/> holding <paramref name="length"/> decoded bytes.</summary>
    internal static Base64Data FromRented(byte[] rented, int length) => new(rented, length);

    /// <summary>Wraps bytes the caller owns (not copied, not pooled).</summary>
    public static Base64Data FromBytes(ReadOnlyMemory<byte> bytes) => new(bytes);

    /// <summary>Decodes a base64 string (a convenience for tests and small payloads).</summary>
    public static Base64Data FromBase64String(string base64) => new(Convert.FromBase64String(base64));

    /// <summary>The decoded bytes.</summary>
    public ReadOnlyMemory<byte> Memory => _pooled
        ? new ReadOnlyMemory<byte>(_buffer ?? throw new ObjectDisposedException(nameof(Base64Data)), 0, _length)
        : _owned;

    /// <summary>The decoded bytes.</summary>
    public ReadOnlySpan<byte> Span => Memory.Span;

    /// <summary>The number of decoded bytes.</summary>
    public int Length => _length;

    /// <summary>The base64 text.</summary>
    public override string ToString() => Convert.ToBase64String(Span);

    /// <summary>Returns a pooled buffer to the pool; the data must not be used afterwards.</summary>
    public void Dispose()
    {
        if (_pooled && _buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Same decoded bytes.</summary>
    public bool Equals(Base64Data? other) => other is not null && Span.SequenceEqual(other.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Base64Data);

    /// <summary>A hash of the decoded bytes.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    /// <summary>Reads a base64 JSON string at the reader's current token into a pooled buffer.</summary>
    public static Base64Data ReadJson(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw JsonRuntime.UnexpectedToken(ref reader, "a base64 string");
        }

        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            var utf8 = reader.ValueSpan;
            var rented = ArrayPool<byte>.Shared.Rent(Math.Max(1, Base64.GetMaxDecodedFromUtf8Length(utf8.Length)));
            var status = Base64.DecodeFromUtf8(utf8, rented, out _, out var written);
            if (status != OperationStatus.Done)
            {
                ArrayPool<byte>.Shared.Return(rented);
                throw JsonRuntime.Error(ref reader, "The string is not valid base64.");
            }

            return new Base64Data(rented, written);
        }

        // Escaped (e.g. "\/") or split across segments: unescape into the buffer, then decode in place.
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
        var copied = reader.CopyString(buffer);
        if (Base64.DecodeFromUtf8InPlace(buffer.AsSpan(0, copied), out var decoded) != OperationStatus.Done)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw JsonRuntime.Error(ref reader, "The string is not valid base64.");
        }

        return new Base64Data(buffer, decoded);
    }

    /// <summary>Writes the data as a base64 JSON string.</summary>
    public static void WriteJson(Utf8JsonWriter writer, Base64Data value) => writer.WriteBase64StringValue(value.Span);
}
