namespace Realtime.Generator;

/// <summary>Turns the parser's 1-based line/column into the character span Roslyn locations need.</summary>
internal sealed class LineMap
{
    private readonly string _text;
    private readonly List<int> _lineStarts = [0];

    public LineMap(string text)
    {
        _text = text;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>The span from <paramref name="column"/> to the end of <paramref name="line"/> (both 1-based), clamped to the text.</summary>
    public (int Start, int Length, int Line, int Column, int EndColumn) SpanOf(int line, int column)
    {
        var lineIndex = Math.Min(Math.Max(line, 1), _lineStarts.Count) - 1;
        var lineStart = _lineStarts[lineIndex];
        var lineEnd = lineIndex + 1 < _lineStarts.Count ? _lineStarts[lineIndex + 1] - 1 : _text.Length;
        if (lineEnd > lineStart && _text[lineEnd - 1] == '\r')
        {
            lineEnd--;
        }

        var start = Math.Min(lineStart + Math.Max(column, 1) - 1, lineEnd);
        return (start, lineEnd - start, lineIndex + 1, start - lineStart + 1, lineEnd - lineStart + 1);
    }
}
