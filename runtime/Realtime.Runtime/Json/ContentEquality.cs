using System.Text.Json;

namespace Realtime.Api;

/// <summary>
/// Equality by content for what records would otherwise compare by reference: lists, maps, any-JSON values and the
/// <see cref="Optional{T}"/> of those. The generated records' <c>Equals</c>/<c>GetHashCode</c> use these comparers, so
/// two reads of the same JSON are equal with equal hash codes, whatever collection type a consumer assigned.
/// </summary>
public static class ContentEquality
{
    /// <summary>Lists equal element by element (same count, same order); <c>null</c> equals only <c>null</c>.</summary>
    public static IEqualityComparer<IReadOnlyList<T>?> List<T>(IEqualityComparer<T> element) => new ListComparer<T>(element);

    /// <summary>Maps equal as sets of key/value pairs (keys ordinal, order ignored); <c>null</c> equals only <c>null</c>.</summary>
    public static IEqualityComparer<IReadOnlyDictionary<string, T>?> Map<T>(IEqualityComparer<T> value) => new MapComparer<T>(value);

    /// <summary>An <see cref="Optional{T}"/> whose value compares with <paramref name="value"/> (same state, equal values).</summary>
    public static IEqualityComparer<Optional<T>> Optional<T>(IEqualityComparer<T> value) => new OptionalComparer<T>(value);

    /// <summary>A nullable value whose value compares with <paramref name="value"/>; <c>null</c> equals only <c>null</c>.</summary>
    public static IEqualityComparer<T?> Nullable<T>(IEqualityComparer<T> value)
        where T : struct => new NullableComparer<T>(value);

    /// <summary>
    /// Any JSON value by content: the same kind, strings and property names ordinal, numbers by their text, arrays in
    /// order, objects as name/value pairs in order (duplicate names kept, as the JSON had them).
    /// </summary>
    public static IEqualityComparer<JsonElement> Element { get; } = new ElementComparer();

    private sealed class ListComparer<T>(IEqualityComparer<T> element) : IEqualityComparer<IReadOnlyList<T>?>
    {
        public bool Equals(IReadOnlyList<T>? x, IReadOnlyList<T>? y)
        {
            if (ReferenceEquals(x, y))
            {
                return true;
            }

            if (x is null || y is null || x.Count != y.Count)
            {
                return false;
            }

            for (var i = 0; i < x.Count; i++)
            {
                if (!element.Equals(x[i], y[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public int GetHashCode(IReadOnlyList<T>? list)
        {
            if (list is null)
            {
                return 0;
            }

            var hash = new HashCode();
            hash.Add(list.Count);
            for (var i = 0; i < list.Count; i++)
            {
                hash.Add(list[i] is { } item ? element.GetHashCode(item) : 0);
            }

            return hash.ToHashCode();
        }
    }

    private sealed class MapComparer<T>(IEqualityComparer<T> value) : IEqualityComparer<IReadOnlyDictionary<string, T>?>
    {
        public bool Equals(IReadOnlyDictionary<string, T>? x, IReadOnlyDictionary<string, T>? y)
        {
            if (ReferenceEquals(x, y))
            {
                return true;
            }

            if (x is null || y is null || x.Count != y.Count)
            {
                return false;
            }

            foreach (var pair in x)
            {
                if (!y.TryGetValue(pair.Key, out var other) || !value.Equals(pair.Value, other))
                {
                    return false;
                }
            }

            return true;
        }

        public int GetHashCode(IReadOnlyDictionary<string, T>? map)
        {
            if (map is null)
            {
                return 0;
            }

            // Order-independent: a sum of the pairs' hashes.
            var sum = 0;
            foreach (var pair in map)
            {
                sum += HashCode.Combine(StringComparer.Ordinal.GetHashCode(pair.Key), pair.Value is { } v ? value.GetHashCode(v) : 0);
            }

            return HashCode.Combine(map.Count, sum);
        }
    }

    private sealed class OptionalComparer<T>(IEqualityComparer<T> value) : IEqualityComparer<Optional<T>>
    {
        public bool Equals(Optional<T> x, Optional<T> y)
        {
            if (x.IsSet != y.IsSet || x.IsNull != y.IsNull)
            {
                return false;
            }

            return !x.HasValue || value.Equals(x.Value, y.Value);
        }

        public int GetHashCode(Optional<T> optional) =>
            optional.HasValue ? HashCode.Combine(2, optional.Value is { } v ? value.GetHashCode(v) : 0) : optional.IsNull ? 1 : 0;
    }

    private sealed class NullableComparer<T>(IEqualityComparer<T> value) : IEqualityComparer<T?>
        where T : struct
    {
        public bool Equals(T? x, T? y) => x.HasValue ? y.HasValue && value.Equals(x.Value, y.Value) : !y.HasValue;

        public int GetHashCode(T? nullable) => nullable.HasValue ? value.GetHashCode(nullable.Value) : 0;
    }

    private sealed class ElementComparer : IEqualityComparer<JsonElement>
    {
        public bool Equals(JsonElement x, JsonElement y)
        {
            if (x.ValueKind != y.ValueKind)
            {
                return false;
            }

            switch (x.ValueKind)
            {
                case JsonValueKind.String:
                    return x.ValueEquals(y.GetString());
                case JsonValueKind.Number:
                    return x.GetRawText() == y.GetRawText();
                case JsonValueKind.Array:
                    if (x.GetArrayLength() != y.GetArrayLength())
                    {
                        return false;
                    }

                    using (var left = x.EnumerateArray())
                    using (var right = y.EnumerateArray())
                    {
                        while (left.MoveNext() && right.MoveNext())
                        {
                            if (!Equals(left.Current, right.Current))
                            {
                                return false;
                            }
                        }
                    }

                    return true;
                case JsonValueKind.Object:
                    using (var left = x.EnumerateObject())
                    using (var right = y.EnumerateObject())
                    {
                        while (true)
                        {
                            var more = left.MoveNext();
                            if (more != right.MoveNext())
                            {
                                return false;
                            }

                            if (!more)
                            {
                                return true;
                            }

                            if (left.Current.Name != right.Current.Name || !Equals(left.Current.Value, right.Current.Value))
                            {
                                return false;
                            }
                        }
                    }

                default:
                    // Undefined, null, true, false: the kind is the value.
                    return true;
            }
        }

        public int GetHashCode(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.String => HashCode.Combine(element.ValueKind, StringComparer.Ordinal.GetHashCode(element.GetString()!)),
            JsonValueKind.Number => HashCode.Combine(element.ValueKind, StringComparer.Ordinal.GetHashCode(element.GetRawText())),
            JsonValueKind.Array => HashCode.Combine(element.ValueKind, element.GetArrayLength()),
            JsonValueKind.Object => HashCode.Combine(element.ValueKind, CountProperties(element)),
            _ => element.ValueKind.GetHashCode(),
        };

        private static int CountProperties(JsonElement element)
        {
            var count = 0;
            foreach (var _ in element.EnumerateObject())
            {
                count++;
            }

            return count;
        }
    }
}
