namespace Realtime.Api.Audio;

/// <summary>How each sample is stored.</summary>
public enum AudioEncoding
{
    /// <summary>Signed 16-bit little-endian linear PCM (two bytes per sample).</summary>
    Pcm16,

    /// <summary>ITU-T G.711 µ-law (one byte per sample); the API's <c>audio/pcmu</c>.</summary>
    MuLaw,

    /// <summary>ITU-T G.711 A-law (one byte per sample); the API's <c>audio/pcma</c>.</summary>
    ALaw,
}

/// <summary>
/// An interleaved audio stream layout: encoding, sample rate and channel count.
/// The Realtime API speaks <see cref="Pcm16Realtime"/> (24 kHz mono PCM16) or 8 kHz mono G.711.
/// </summary>
public readonly record struct AudioFormat
{
    /// <summary>Highest sample rate accepted (keeps every byte/ms computation far from overflow).</summary>
    public const int MaxSampleRate = 384_000;

    /// <summary>Highest channel count accepted.</summary>
    public const int MaxChannels = 8;

    /// <summary>PCM16, 24 kHz, mono: the API's <c>audio/pcm</c> format and the default everywhere.</summary>
    public static AudioFormat Pcm16Realtime { get; } = new(AudioEncoding.Pcm16, 24_000, 1);

    /// <summary>G.711 µ-law, 8 kHz, mono (<c>audio/pcmu</c>).</summary>
    public static AudioFormat G711MuLaw { get; } = new(AudioEncoding.MuLaw, 8_000, 1);

    /// <summary>G.711 A-law, 8 kHz, mono (<c>audio/pcma</c>).</summary>
    public static AudioFormat G711ALaw { get; } = new(AudioEncoding.ALaw, 8_000, 1);

    /// <summary>
    /// The API's name for this format (<c>audio/pcm</c>, <c>audio/pcmu</c>, <c>audio/pcma</c>), or null when the API does
    /// not accept it (the API takes only 24 kHz mono PCM16 and 8 kHz mono G.711).
    /// </summary>
    public string? ApiFormatType => this == Pcm16Realtime ? "audio/pcm"
        : this == G711MuLaw ? "audio/pcmu"
        : this == G711ALaw ? "audio/pcma"
        : null;

    /// <summary>The format the API means by a format <c>type</c> (<c>audio/pcm</c>, <c>audio/pcmu</c>, <c>audio/pcma</c>).</summary>
    public static bool TryFromApiFormatType(string? type, out AudioFormat format)
    {
        switch (type)
        {
            case "audio/pcm":
                format = Pcm16Realtime;
                return true;
            case "audio/pcmu":
                format = G711MuLaw;
                return true;
            case "audio/pcma":
                format = G711ALaw;
                return true;
            default:
                format = default;
                return false;
        }
    }

    /// <summary>Creates a format; throws <see cref="ArgumentOutOfRangeException"/> for an unusable one.</summary>
    public AudioFormat(AudioEncoding encoding, int sampleRate, int channels = 1)
    {
        if (encoding is not (AudioEncoding.Pcm16 or AudioEncoding.MuLaw or AudioEncoding.ALaw))
            throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown audio encoding.");
        if (sampleRate is < 1 or > MaxSampleRate)
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, $"The sample rate must be between 1 and {MaxSampleRate} Hz.");
        if (channels is < 1 or > MaxChannels)
            throw new ArgumentOutOfRangeException(nameof(channels), channels, $"The channel count must be between 1 and {MaxChannels}.");
        Encoding = encoding;
        SampleRate = sampleRate;
        Channels = channels;
    }

    /// <summary>The sample encoding.</summary>
    public AudioEncoding Encoding { get; }

    /// <summary>Samples per second per channel.</summary>
    public int SampleRate { get; }

    /// <summary>Interleaved channels.</summary>
    public int Channels { get; }

    /// <summary>Bytes of one sample of one channel.</summary>
    public int BytesPerSample => Encoding == AudioEncoding.Pcm16 ? 2 : 1;

    /// <summary>Bytes of one sample of every channel (the WAV "block align").</summary>
    public int BlockAlign => BytesPerSample * Channels;

    /// <summary>Bytes per second of audio.</summary>
    public int BytesPerSecond => BlockAlign * SampleRate;

    /// <summary>True when the format was built through a constructor (a <c>default</c> instance is not usable).</summary>
    public bool IsValid => SampleRate > 0;

    /// <summary>The byte value that decodes to silence (used for padding).</summary>
    public byte SilenceByte => Encoding switch
    {
        AudioEncoding.MuLaw => 0xFF,
        AudioEncoding.ALaw => 0xD5,
        _ => 0x00,
    };

    /// <summary>
    /// Whole milliseconds of audio in <paramref name="byteCount"/> bytes, rounded down (so a position computed from
    /// it never points past audio that exists). Partial blocks count as not played.
    /// </summary>
    public long BytesToMilliseconds(long byteCount)
    {
        ThrowIfInvalid();
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        long blocks = byteCount / BlockAlign;
        // blocks * 1000 overflows only past ~292 years of 384 kHz audio; divide first when that close.
        return blocks <= long.MaxValue / 1000 ? blocks * 1000 / SampleRate : blocks / SampleRate * 1000;
    }

    /// <summary>Bytes in <paramref name="duration"/> of audio; throws unless it is a whole number of blocks.</summary>
    public int DurationToBytes(TimeSpan duration)
    {
        ThrowIfInvalid();
        if (duration <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "The duration must be positive.");
        // Ticks are 100 ns: samples = ticks * rate / 10^7, which must be whole.
        Int128 scaled = (Int128)duration.Ticks * SampleRate;
        if (scaled % TimeSpan.TicksPerSecond != 0)
            throw new ArgumentException($"{duration.TotalMilliseconds} ms is not a whole number of samples at {SampleRate} Hz.", nameof(duration));
        Int128 bytes = scaled / TimeSpan.TicksPerSecond * BlockAlign;
        if (bytes > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "The duration is too long for one buffer.");
        return (int)bytes;
    }

    internal void ThrowIfInvalid()
    {
        if (!IsValid)
            throw new InvalidOperationException("The audio format is default(AudioFormat); create it with its constructor or a static property.");
    }

    /// <summary>For example <c>PCM16 24000 Hz mono</c>.</summary>
    public override string ToString() => IsValid
        ? $"{Encoding switch { AudioEncoding.MuLaw => "mu-law", AudioEncoding.ALaw => "A-law", _ => "PCM16" }} {SampleRate} Hz {(Channels == 1 ? "mono" : Channels == 2 ? "stereo" : $"{Channels} channels")}"
        : "(invalid audio format)";
}
