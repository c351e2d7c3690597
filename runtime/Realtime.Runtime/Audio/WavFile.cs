using System.Buffers.Binary;

namespace Realtime.Api.Audio;

/// <summary>Where the audio of a WAV file is: its format and the byte range of the <c>data</c> chunk.</summary>
public readonly record struct WavLayout(AudioFormat Format, int DataOffset, int DataLength);

/// <summary>A decoded WAV file: format and sample bytes (interleaved, as stored).</summary>
public sealed record WavAudio(AudioFormat Format, ReadOnlyMemory<byte> Data)
{
    /// <summary>Duration of the audio.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)(Data.Length / Format.BlockAlign) / Format.SampleRate);
}

/// <summary>
/// Reads and writes RIFF/WAVE files holding 16-bit PCM (any rate, 1–8 channels), and G.711 µ-law (format tag 7) or
/// A-law (tag 6). <c>WAVE_FORMAT_EXTENSIBLE</c> is read when its sub-format is one of those. Anything else — IEEE float,
/// 8/24/32-bit PCM, compressed formats, RF64, truncated or inconsistent headers, a data chunk that is not a whole
/// number of sample frames — throws <see cref="InvalidDataException"/> naming the problem. Unknown chunks (LIST, fact, …) are skipped.
/// </summary>
public static class WavFile
{
    private const ushort TagPcm = 1;
    private const ushort TagFloat = 3;
    private const ushort TagALaw = 6;
    private const ushort TagMuLaw = 7;
    private const ushort TagExtensible = 0xFFFE;
    private const uint UnknownDataLength = 0xFFFFFFFF; // written by some streaming recorders: "to the end of the file"

    // Bytes 2..15 shared by every KSDATAFORMAT_SUBTYPE GUID derived from a format tag.
    private static ReadOnlySpan<byte> SubFormatGuidSuffix => [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>Parses the header of a complete WAV file held in memory.</summary>
    /// <exception cref="InvalidDataException">Not a supported WAV file (the message says why).</exception>
    public static WavLayout ReadLayout(ReadOnlySpan<byte> file)
    {
        if (file.Length < 12)
            throw new InvalidDataException($"Not a WAV file: {file.Length} bytes is shorter than the 12-byte RIFF header.");
        if (file.StartsWith("RF64"u8))
            throw new InvalidDataException("RF64 (WAV over 4 GiB) files are not supported.");
        if (!file.StartsWith("RIFF"u8) || !file.Slice(8, 4).SequenceEqual("WAVE"u8))
            throw new InvalidDataException("Not a WAV file: it does not start with a RIFF header of form WAVE.");

        AudioFormat? format = null;
        int offset = 12;
        while (true)
        {
            if (file.Length - offset < 8)
                throw new InvalidDataException(format is null
                    ? "Truncated WAV file: no \"fmt \" chunk before the end of the file."
                    : "Truncated WAV file: no \"data\" chunk before the end of the file.");
            ReadOnlySpan<byte> id = file.Slice(offset, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(offset + 4));
            int bodyOffset = offset + 8;
            long available = file.Length - bodyOffset;
            if (id.SequenceEqual("data"u8))
            {
                if (format is not { } audioFormat)
                    throw new InvalidDataException("Invalid WAV file: the \"data\" chunk comes before the \"fmt \" chunk.");
                long length = size == UnknownDataLength ? available : size;
                if (length > available)
                    throw new InvalidDataException($"Truncated WAV file: the data chunk declares {size} bytes but only {available} follow.");
                if (length % audioFormat.BlockAlign != 0)
                    throw new InvalidDataException($"Invalid WAV file: the data chunk has {length} bytes, not a whole number of {audioFormat.BlockAlign}-byte sample frames ({audioFormat}).");
                return new WavLayout(audioFormat, bodyOffset, (int)length);
            }
            if (size > available)
                throw new InvalidDataException($"Truncated WAV file: the \"{System.Text.Encoding.ASCII.GetString(id)}\" chunk declares {size} bytes but only {available} follow.");
            if (id.SequenceEqual("fmt "u8))
                format = ParseFormat(file.Slice(bodyOffset, (int)size));
            offset = bodyOffset + (int)size + (int)(size & 1); // chunks are padded to an even size
        }
    }

    /// <summary>Reads a WAV file held in memory (the data is copied out).</summary>
    public static WavAudio Read(ReadOnlySpan<byte> file)
    {
        WavLayout layout = ReadLayout(file);
        return new WavAudio(layout.Format, file.Slice(layout.DataOffset, layout.DataLength).ToArray());
    }

    /// <summary>Reads a whole WAV stream.</summary>
    public static WavAudio Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        byte[] file = memory.GetBuffer();
        WavLayout layout = ReadLayout(file.AsSpan(0, (int)memory.Length));
        return new WavAudio(layout.Format, file.AsMemory(layout.DataOffset, layout.DataLength));
    }

    /// <summary>Reads a WAV file from disk.</summary>
    public static WavAudio Read(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        WavLayout layout = ReadLayout(file);
        return new WavAudio(layout.Format, file.AsMemory(layout.DataOffset, layout.DataLength));
    }

    /// <summary>Writes a complete WAV file of <paramref name="data"/> (whole sample frames of <paramref name="format"/>).</summary>
    public static void Write(Stream stream, AudioFormat format, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[MaxHeaderLength];
        int headerLength = WriteHeader(header, format, data.Length);
        stream.Write(header.Slice(0, headerLength));
        stream.Write(data);
        if ((data.Length & 1) != 0)
            stream.WriteByte(0);
    }

    /// <summary>Writes a complete WAV file to disk.</summary>
    public static void Write(string path, AudioFormat format, ReadOnlySpan<byte> data)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        Write(stream, format, data);
    }

    internal const int MaxHeaderLength = 58;

    // RIFF header, fmt chunk (16 bytes for PCM, 18 + a fact chunk for G.711) and the data chunk header.
    internal static int WriteHeader(Span<byte> header, AudioFormat format, long dataLength)
    {
        format.ThrowIfInvalid();
        if (dataLength % format.BlockAlign != 0)
            throw new ArgumentException($"{dataLength} bytes is not a whole number of {format.BlockAlign}-byte sample frames of {format}.", nameof(dataLength));
        bool pcm = format.Encoding == AudioEncoding.Pcm16;
        int fmtSize = pcm ? 16 : 18;
        int headerLength = 12 + 8 + fmtSize + (pcm ? 0 : 12) + 8;
        long riffSize = headerLength - 8 + dataLength + (dataLength & 1);
        if (riffSize > uint.MaxValue)
            throw new ArgumentException($"{dataLength} bytes of audio do not fit in a WAV file (4 GiB limit).", nameof(dataLength));

        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(4), (uint)riffSize);
        "WAVE"u8.CopyTo(header.Slice(8));
        "fmt "u8.CopyTo(header.Slice(12));
        BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(16), (uint)fmtSize);
        ushort tag = format.Encoding switch { AudioEncoding.MuLaw => TagMuLaw, AudioEncoding.ALaw => TagALaw, _ => TagPcm };
        BinaryPrimitives.WriteUInt16LittleEndian(header.Slice(20), tag);
        BinaryPrimitives.WriteUInt16LittleEndian(header.Slice(22), (ushort)format.Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(24), (uint)format.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(28), (uint)format.BytesPerSecond);
        BinaryPrimitives.WriteUInt16LittleEndian(header.Slice(32), (ushort)format.BlockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(header.Slice(34), (ushort)(8 * format.BytesPerSample));
        int offset = 36;
        if (!pcm)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header.Slice(36), 0); // cbSize
            "fact"u8.CopyTo(header.Slice(38));
            BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(42), 4);
            BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(46), (uint)(dataLength / format.BlockAlign));
            offset = 50;
        }
        "data"u8.CopyTo(header.Slice(offset));
        BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(offset + 4), (uint)dataLength);
        return headerLength;
    }

    private static AudioFormat ParseFormat(ReadOnlySpan<byte> fmt)
    {
        if (fmt.Length < 16)
            throw new InvalidDataException($"Invalid WAV file: the \"fmt \" chunk has {fmt.Length} bytes, fewer than the 16 every format needs.");
        ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        ushort channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt.Slice(2));
        uint sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt.Slice(4));
        ushort blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt.Slice(12));
        ushort bitsPerSample = BinaryPrimitives.ReadUInt16LittleEndian(fmt.Slice(14));
        if (tag == TagExtensible)
        {
            if (fmt.Length < 40)
                throw new InvalidDataException($"Invalid WAV file: a WAVE_FORMAT_EXTENSIBLE \"fmt \" chunk needs 40 bytes, this one has {fmt.Length}.");
            ReadOnlySpan<byte> subFormat = fmt.Slice(24, 16);
            if (!subFormat.Slice(2).SequenceEqual(SubFormatGuidSuffix))
                throw new InvalidDataException("Unsupported WAV file: WAVE_FORMAT_EXTENSIBLE with a sub-format GUID that is not a standard format tag.");
            tag = BinaryPrimitives.ReadUInt16LittleEndian(subFormat);
            ushort validBits = BinaryPrimitives.ReadUInt16LittleEndian(fmt.Slice(18));
            if (validBits != 0 && validBits != bitsPerSample)
                throw new InvalidDataException($"Unsupported WAV file: {validBits} valid bits in {bitsPerSample}-bit containers.");
        }
        AudioEncoding encoding = tag switch
        {
            TagPcm when bitsPerSample == 16 => AudioEncoding.Pcm16,
            TagPcm => throw new InvalidDataException($"Unsupported WAV file: {bitsPerSample}-bit PCM; only 16-bit PCM is supported."),
            TagFloat => throw new InvalidDataException($"Unsupported WAV file: {bitsPerSample}-bit IEEE float samples; convert to 16-bit PCM."),
            TagMuLaw or TagALaw when bitsPerSample == 8 => tag == TagMuLaw ? AudioEncoding.MuLaw : AudioEncoding.ALaw,
            TagMuLaw or TagALaw => throw new InvalidDataException($"Invalid WAV file: G.711 with {bitsPerSample} bits per sample (must be 8)."),
            _ => throw new InvalidDataException($"Unsupported WAV file: format tag 0x{tag:X4}; supported are PCM (1) 16-bit, A-law (6) and mu-law (7)."),
        };
        if (channels is < 1 or > AudioFormat.MaxChannels)
            throw new InvalidDataException($"Unsupported WAV file: {channels} channels (1 to {AudioFormat.MaxChannels} are supported).");
        if (sampleRate is < 1 or > AudioFormat.MaxSampleRate)
            throw new InvalidDataException($"Unsupported WAV file: sample rate {sampleRate} Hz (1 to {AudioFormat.MaxSampleRate} Hz are supported).");
        var format = new AudioFormat(encoding, (int)sampleRate, channels);
        if (blockAlign != format.BlockAlign)
            throw new InvalidDataException($"Invalid WAV file: block align {blockAlign} does not match {format} ({format.BlockAlign}).");
        return format;
    }
}

/// <summary>
/// Writes a WAV file incrementally to a seekable stream: the header is written first and its sizes are fixed up by
/// <see cref="Complete"/> (or <see cref="Dispose"/>). Partial sample frames are allowed between calls but not at the end.
/// </summary>
public sealed class WavWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly long _start;
    private long _dataLength;
    private bool _completed;

    /// <summary>Starts a WAV file of <paramref name="format"/> at the stream's current position.</summary>
    public WavWriter(Stream stream, AudioFormat format, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !stream.CanWrite)
            throw new ArgumentException("WavWriter needs a writable, seekable stream to fix up the header; use WavFile.Write for other streams.", nameof(stream));
        format.ThrowIfInvalid();
        _stream = stream;
        _leaveOpen = leaveOpen;
        Format = format;
        _start = stream.Position;
        WriteHeader();
    }

    /// <summary>Creates (or overwrites) a WAV file on disk.</summary>
    public WavWriter(string path, AudioFormat format)
        : this(new FileStream(path, FileMode.Create, FileAccess.ReadWrite), format)
    {
    }

    /// <summary>The file's audio format.</summary>
    public AudioFormat Format { get; }

    /// <summary>Audio bytes written so far.</summary>
    public long DataLength => _dataLength;

    /// <summary>Appends audio bytes.</summary>
    public void Write(ReadOnlySpan<byte> audio)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_dataLength + audio.Length + WavFile.MaxHeaderLength > uint.MaxValue)
            throw new InvalidOperationException("The WAV file would exceed its 4 GiB limit.");
        _stream.Write(audio);
        _dataLength += audio.Length;
    }

    /// <summary>Pads, fixes the header sizes and flushes; the writer accepts no more audio.</summary>
    /// <exception cref="InvalidOperationException">The audio ends inside a sample frame.</exception>
    public void Complete()
    {
        if (_completed)
            return;
        if (_dataLength % Format.BlockAlign != 0)
            throw new InvalidOperationException($"The WAV audio ends inside a sample frame: {_dataLength} bytes is not a multiple of {Format.BlockAlign}.");
        if ((_dataLength & 1) != 0)
            _stream.WriteByte(0);
        long end = _stream.Position;
        _stream.Position = _start;
        WriteHeader();
        _stream.Position = end;
        _stream.Flush();
        _completed = true;
    }

    /// <summary>Completes the file when it is consistent, and closes the stream unless asked to leave it open.</summary>
    public void Dispose()
    {
        try
        {
            if (!_completed && _dataLength % Format.BlockAlign == 0)
                Complete();
        }
        finally
        {
            _completed = true;
            if (!_leaveOpen)
                _stream.Dispose();
        }
    }

    private void WriteHeader()
    {
        Span<byte> header = stackalloc byte[WavFile.MaxHeaderLength];
        int length = WavFile.WriteHeader(header, Format, _dataLength);
        _stream.Write(header.Slice(0, length));
    }
}
