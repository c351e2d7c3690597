using System.Buffers;
using System.Buffers.Text;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;

namespace Realtime.Api;

/// <summary>
/// The fast path of the generated readers, for whole documents that are one object of plain scalar members (the
/// delta events that make up most of a realtime stream). It reads strictly valid JSON of the plainest form only:
/// strings without escapes, integer numbers, <c>true</c>/<c>false</c>/<c>null</c>, no nesting. Everything else,
/// valid or not, makes a method return false and the caller reads the document again with <c>Utf8JsonReader</c>,
/// which gives the canonical result or error. So this reader may decline anything, but must never accept what
/// <c>Utf8JsonReader</c> would reject or read a value differently.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct FlatJsonReader
{
    // JSON forbids raw control characters in strings; a backslash starts an escape (left to the full reader).
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f"u8);

    // Every integer of up to 18 digits fits a long, so it is accumulated while scanning.
    private const int MaxExactDigits = 18;

    private readonly ReadOnlySpan<byte> _json;
    private int _position;
    private bool _afterMember;

    /// <summary>A reader at the start of <paramref name="utf8Json"/>, one whole document.</summary>
    public FlatJsonReader(ReadOnlySpan<byte> utf8Json)
    {
        _json = utf8Json;
    }

    /// <summary>True once a member list could not be read (as opposed to having ended at <c>}</c>).</summary>
    public bool Failed { get; private set; }

    /// <summary>Reads <c>{</c>.</summary>
    public bool TryStartObject() => TryConsume((byte)'{');

    /// <summary>Reads <c>{</c> and a first member named <paramref name="name"/> with a plain string value.</summary>
    public bool TryReadLeadingString(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!TryStartObject() || !TryNextMember(out var first) || !first.SequenceEqual(name))
        {
            return false;
        }

        return TryReadPlainString(out value);
    }

    /// <summary>
    /// Reads the next member's name and its colon. False at the end of the object (<c>}</c> read) or when the input
    /// is not a plain member list (<see cref="Failed"/> set).
    /// </summary>
    public bool TryNextMember(out ReadOnlySpan<byte> name)
    {
        // The position stays in a local until the member is read: the generated readers pass this reader by
        // reference, so every write to the field is a store the next step would have to load again.
        name = default;
        var json = _json;
        var position = SkipWhiteSpace(json, _position);
        if (position < json.Length && json[position] == (byte)'}')
        {
            _position = position + 1;
            return false;
        }

        if (_afterMember)
        {
            if (!IsAt(json, position, (byte)','))
            {
                Failed = true;
                return false;
            }

            position = SkipWhiteSpace(json, position + 1);
        }

        if (!TryReadPlainString(json, ref position, out name) || !IsAt(json, position = SkipWhiteSpace(json, position), (byte)':'))
        {
            Failed = true;
            return false;
        }

        _position = position + 1;
        _afterMember = true;
        return true;
    }

    /// <summary>Reads <c>null</c> if that is the next value (false, reading nothing, otherwise).</summary>
    public bool TryReadNull() => TryReadKeyword("null"u8);

    /// <summary>Reads a string without escapes whose UTF-8 is valid.</summary>
    public bool TryReadString([NotNullWhen(true)] out string? value)
    {
        value = TryReadPlainString(out var utf8) ? JsonStrings.TryGetString(utf8) : null;
        return value is not null;
    }

    /// <summary>Reads a string that must be exactly <paramref name="expected"/> (a discriminator or other fixed value).</summary>
    public bool TryReadLiteral(ReadOnlySpan<byte> expected) => TryReadPlainString(out var utf8) && utf8.SequenceEqual(expected);

    /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
    public bool TryReadBoolean(out bool value)
    {
        value = TryReadKeyword("true"u8);
        return value || TryReadKeyword("false"u8);
    }

    /// <summary>Reads an integer written without fraction or exponent that fits a <see cref="long"/>.</summary>
    public bool TryReadInt64(out long value)
    {
        value = 0;
        var json = _json;
        var start = SkipWhiteSpace(json, _position);
        var end = start;
        if (IsAt(json, end, (byte)'-'))
        {
            end++;
        }

        var digits = end;
        ulong magnitude = 0;
        uint digit;
        while ((uint)end < (uint)json.Length && (digit = json[end] - (uint)'0') <= 9)
        {
            magnitude = unchecked((magnitude * 10) + digit); // exact up to 18 digits; longer numbers are parsed below
            end++;
        }

        // JSON: at least one digit, no leading zero; a fraction or exponent is left to the full reader.
        if (end == digits
            || (json[digits] == (byte)'0' && end - digits > 1)
            || ((uint)end < (uint)json.Length && json[end] is (byte)'.' or (byte)'e' or (byte)'E'))
        {
            return false;
        }

        if (end - digits <= MaxExactDigits)
        {
            value = digits == start ? (long)magnitude : -(long)magnitude;
        }
        else if (!Utf8Parser.TryParse(json[start..end], out value, out var consumed) || consumed != end - start)
        {
            value = 0;
            return false; // out of range for a long
        }

        _position = end;
        return true;
    }

    /// <summary>Reads an integer written without fraction or exponent that fits an <see cref="int"/> (anything else is left to the full reader, which names the problem).</summary>
    public bool TryReadInt32(out int value)
    {
        var start = _position;
        if (TryReadInt64(out var integer) && integer is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)integer;
            return true;
        }

        _position = start;
        value = 0;
        return false;
    }

    /// <summary>
    /// Reads an integer as a double; <c>-0</c> and an integer the double cannot hold exactly (beyond ±2^53) are
    /// declined, for the full reader to refuse with its error.
    /// </summary>
    public bool TryReadDouble(out double value)
    {
        var start = _position;
        if (!TryReadInt64(out var integer)
            || (integer == 0 && _json[SkipWhiteSpace(_json, start)] == (byte)'-')
            || !JsonRuntime.IsExactDouble(integer))
        {
            _position = start;
            value = 0;
            return false;
        }

        value = integer;
        return true;
    }

    /// <summary>
    /// Decodes a base64 string into a pooled buffer in one pass: the decoder stops at the closing quote, which no
    /// base64 text contains, so the string is not scanned separately first.
    /// </summary>
    public bool TryReadBase64([NotNullWhen(true)] out Base64Data? value)
    {
        value = null;
        var start = SkipWhiteSpace(_json, _position);
        if (!IsAt(_json, start, (byte)'"'))
        {
            return false;
        }

        var text = _json[(start + 1)..];
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(1, Base64.GetMaxDecodedFromUtf8Length(text.Length)));

        // The decoder stops at the closing quote, after the padded last block if there is one. It also skips white
        // space, which a JSON string may hold only as a space (not as the \t \r \n it also skips): a count that does
        // not add up means it skipped some, and the full reader takes the string.
        Base64.DecodeFromUtf8(text, rented, out var consumed, out var written);
        var decoded = text[..consumed];
        var padding = decoded.EndsWith("=="u8) ? 2 : decoded.EndsWith("="u8) ? 1 : 0;
        var tail = text[consumed..];
        var stop = tail.IndexOfAny(StringStops);
        if (consumed % 4 != 0
            || written != consumed / 4 * 3 - padding
            || stop < 0
            || tail[stop] != (byte)'"'
            || (stop > 0 && (padding > 0 || !TryDecodeLastBlock(tail[..stop], rented.AsSpan(written), ref written))))
        {
            ArrayPool<byte>.Shared.Return(rented);
            return false;
        }

        _position = start + 1 + consumed + stop + 1;
        value = Base64Data.FromRented(rented, written);
        return true;
    }

    /// <summary>The characters before the quote that do not make a whole block (unpadded end), decoded as the end of the data.</summary>
    private static bool TryDecodeLastBlock(ReadOnlySpan<byte> block, Span<byte> destination, ref int written)
    {
        if (block.Contains((byte)' ')
            || Base64.DecodeFromUtf8(block, destination, out var consumed, out var blockWritten) != OperationStatus.Done
            || consumed != block.Length)
        {
            return false;
        }

        written += blockWritten;
        return true;
    }

    /// <summary>True when only white space is left (the object was the whole document).</summary>
    public bool IsAtEnd()
    {
        _position = SkipWhiteSpace(_json, _position);
        return _position == _json.Length;
    }

    private bool TryReadPlainString(out ReadOnlySpan<byte> value)
    {
        var position = SkipWhiteSpace(_json, _position);
        if (!TryReadPlainString(_json, ref position, out value))
        {
            return false;
        }

        _position = position;
        return true;
    }

    /// <summary>Reads the string that starts at <paramref name="position"/> (its opening quote), moving past it.</summary>
    private static bool TryReadPlainString(ReadOnlySpan<byte> json, scoped ref int position, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!IsAt(json, position, (byte)'"'))
        {
            return false;
        }

        var rest = json[(position + 1)..];
        var stop = rest.IndexOfAny(StringStops);
        if (stop < 0 || rest[stop] != (byte)'"')
        {
            return false;
        }

        value = rest[..stop];
        position += stop + 2;
        return true;
    }

    private bool TryReadKeyword(ReadOnlySpan<byte> keyword)
    {
        var position = SkipWhiteSpace(_json, _position);
        if (!_json[position..].StartsWith(keyword))
        {
            return false;
        }

        _position = position + keyword.Length;
        return true;
    }

    private bool TryConsume(byte token)
    {
        var position = SkipWhiteSpace(_json, _position);
        if (!IsAt(_json, position, token))
        {
            return false;
        }

        _position = position + 1;
        return true;
    }

    private static bool IsAt(ReadOnlySpan<byte> json, int position, byte token) => (uint)position < (uint)json.Length && json[position] == token;

    private static int SkipWhiteSpace(ReadOnlySpan<byte> json, int position)
    {
        while ((uint)position < (uint)json.Length && json[position] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            position++;
        }

        return position;
    }
}
