using System.Buffers;

namespace Realtime.Api;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over arrays rented from <see cref="ArrayPool{T}"/> for one message at a time:
/// it rents on the first write and gives the array back on <see cref="Release"/>, so a connection that is not
/// sending holds no buffer.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>
{
    private readonly int _initialCapacity;
    private byte[] _buffer = [];
    private int _written;

    public PooledBufferWriter(int initialCapacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialCapacity, 1);
        _initialCapacity = initialCapacity;
    }

    public int WrittenCount => _written;

    /// <summary>The bytes of the array held now (0 between messages).</summary>
    public int CapacityBytes => _buffer.Length;

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <summary>Forgets what was written and gives the array back; the next write rents again.</summary>
    public void Release()
    {
        _written = 0;
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    public void Advance(int count)
    {
        if (count < 0 || _written + count > _buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "Advanced past the end of the buffer.");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        var newSize = Math.Max(checked(_written + needed), (int)Math.Min(Array.MaxLength, Math.Max((long)_buffer.Length * 2, _initialCapacity)));
        var bigger = ArrayPool<byte>.Shared.Rent(newSize);
        _buffer.AsSpan(0, _written).CopyTo(bigger);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = bigger;
    }
}
