using System.Text;
using Realtime.Api;

namespace Realtime.Runtime.Tests.Json;

/// <summary><see cref="JsonStrings"/>: the same text as a plain decode, and the same instance for a repeated id.</summary>
public sealed class JsonStringsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("resp_1")]
    [InlineData("item_a1")]
    [InlineData("item_CNx0xQjXr1ZSUGxMVfEdv")]
    [InlineData("ünï 日本")] // not ASCII: decoded, not cached
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")] // 64 bytes: the longest cached
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")] // 65: decoded, not cached
    public void Text_is_the_utf8_decoding(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        Assert.Equal(text, JsonStrings.TryGetString(utf8));
        Assert.Equal(text, JsonStrings.TryGetString(utf8)); // again, from the cache where it is kept
    }

    [Fact]
    public void A_repeated_short_ascii_value_is_the_same_string()
    {
        var first = JsonStrings.TryGetString("resp_CNx0xQjXr1ZSUGxMVfEdv"u8);
        var second = JsonStrings.TryGetString(Encoding.UTF8.GetBytes("resp_CNx0xQjXr1ZSUGxMVfEdv"));
        Assert.Same(first, second);
    }

    [Fact]
    public void Values_that_share_a_slot_replace_each_other_and_never_mix()
    {
        // More distinct values than the table has slots: some share one. Each read still gets its own text.
        var values = Enumerable.Range(0, 5000).Select(i => $"evt_{i:x}").ToArray();
        foreach (var value in values.Concat(values.Reverse()))
        {
            Assert.Equal(value, JsonStrings.TryGetString(Encoding.ASCII.GetBytes(value)));
        }
    }

    [Fact]
    public void Values_that_differ_only_in_the_middle_are_told_apart()
    {
        // The hash covers the first and last eight bytes: these two land in the same slot.
        var a = JsonStrings.TryGetString("item_012-X-45678901"u8);
        var b = JsonStrings.TryGetString("item_012-Y-45678901"u8);
        Assert.Equal("item_012-X-45678901", a);
        Assert.Equal("item_012-Y-45678901", b);
        Assert.Equal("item_012-X-45678901", JsonStrings.TryGetString("item_012-X-45678901"u8));
    }

    [Theory]
    [InlineData(new byte[] { 0xC3 })] // truncated sequence
    [InlineData(new byte[] { (byte)'a', 0xFF, (byte)'b' })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // a surrogate
    public void Invalid_utf8_is_null(byte[] utf8)
    {
        Assert.Null(JsonStrings.TryGetString(utf8));
        var longer = Enumerable.Repeat((byte)'x', 80).Concat(utf8).ToArray(); // past the cached length too
        Assert.Null(JsonStrings.TryGetString(longer));
    }

    [Fact]
    public void Each_thread_has_a_table_of_its_own()
    {
        var values = Enumerable.Range(0, 2000).Select(i => $"id_{i % 300}").ToArray();
        Parallel.For(0, 8, _ =>
        {
            foreach (var value in values)
            {
                Assert.Equal(value, JsonStrings.TryGetString(Encoding.ASCII.GetBytes(value)));
            }
        });
    }
}
