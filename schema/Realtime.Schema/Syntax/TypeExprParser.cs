using System.Text;
using Realtime.Schema.Model;

namespace Realtime.Schema.Syntax;

/// <summary>Parses one declaration summary (a code span) into a <see cref="DeclSyntax"/>. Never throws.</summary>
internal sealed class TypeExprParser
{
    private readonly string _text;
    private int _pos;

    private TypeExprParser(string text) => _text = text;

    public static DeclSyntax ParseDeclaration(string code)
    {
        var parser = new TypeExprParser(code);
        try
        {
            return parser.Declaration();
        }
        catch (SyntaxError error)
        {
            return new DeclSyntax { Form = DeclForm.Invalid, Error = error.Message, ErrorOffset = error.Offset };
        }
    }

    private DeclSyntax Declaration()
    {
        SkipSpace();
        var start = _pos;

        // `name: …` — a property. Names are anything up to the colon that is not part of a type expression.
        var colon = PropertyNameEnd();
        if (colon > 0)
        {
            var name = _text.Substring(start, colon - start);
            _pos = colon + 1;
            var optional = TryKeyword("optional");
            var type = Union();
            ExpectEnd();
            return new DeclSyntax { Form = DeclForm.Property, Name = name, IsOptional = optional, Type = type };
        }

        if (TryIdentifier(out var ident))
        {
            SkipSpace();
            if (Peek() == '=')
            {
                _pos++;
                var type = Union();
                ExpectEnd();
                return new DeclSyntax { Form = DeclForm.Alias, Name = ident, Type = type };
            }

            // `Name object { … }`: a union variant the page names.
            if (!IsKeyword(ident) && TryKeyword("object"))
            {
                var obj = ObjectBody();
                ExpectEnd();
                return new DeclSyntax { Form = DeclForm.NamedObject, Name = ident, Type = obj };
            }

            _pos = start;
        }

        var bare = Union();
        ExpectEnd();
        return new DeclSyntax { Form = DeclForm.Bare, Type = bare };
    }

    /// <summary>Index of the colon ending a property name at the current position, or -1.</summary>
    private int PropertyNameEnd()
    {
        var i = _pos;
        if (i >= _text.Length || _text[i] == '"' || char.IsDigit(_text[i]) || _text[i] == '-') return -1;
        while (i < _text.Length)
        {
            var c = _text[i];
            if (c == ':') return i > _pos && i + 1 < _text.Length && _text[i + 1] == ' ' ? i : -1;
            if (char.IsWhiteSpace(c) || c == '"' || c == '{' || c == '}' || c == '[' || c == ']' || c == '=' || c == ',') return -1;
            i++;
        }

        return -1;
    }

    private TypeExpr Union()
    {
        var terms = new List<TypeExpr> { Term() };
        var more = 0;
        while (TryKeyword("or"))
        {
            var save = _pos;
            if (TryNumber(out var count) && TryKeyword("more") && int.TryParse(count, out var n))
            {
                more += n;
                continue;
            }

            _pos = save;
            terms.Add(Term());
        }

        return terms.Count == 1 && more == 0 ? terms[0] : new UnionExpr(terms, more);
    }

    private TypeExpr Term()
    {
        SkipSpace();
        if (_pos >= _text.Length) throw Error("a type was expected");
        var c = _text[_pos];
        if (c == '"') return new LiteralExpr(StringLiteral(), LiteralKind.String);
        if (c == '-' || char.IsDigit(c))
        {
            if (TryNumber(out var number)) return new LiteralExpr(number, LiteralKind.Number);
            throw Error("malformed number");
        }

        if (c == '(')
        {
            _pos++;
            var inner = Union();
            Expect(')');
            return inner;
        }

        var start = _pos;
        if (!TryIdentifier(out var word)) throw Error($"unexpected '{c}'");
        switch (word)
        {
            case "array":
                if (!TryKeyword("of")) throw Error("'array' must be followed by 'of'");
                return new ArrayExpr(Term());
            case "map":
                Expect('[');
                var value = Union();
                Expect(']');
                return new MapExpr(value);
            case "object":
                return ObjectBody();
            case "string": return PrimitiveExpr.String;
            case "number": return PrimitiveExpr.Number;
            case "integer": return PrimitiveExpr.Integer;
            case "boolean": return PrimitiveExpr.Boolean;
            case "unknown": return PrimitiveExpr.Unknown;
            case "null": return PrimitiveExpr.Null;
            case "true":
            case "false":
                return new LiteralExpr(word, LiteralKind.Boolean);
            case "optional":
            case "or":
            case "of":
            case "more":
                _pos = start;
                throw Error($"unexpected '{word}'");
            default:
                if (!char.IsLetter(word[0]) && word[0] != '_') throw Error($"'{word}' is not a type name");
                return new NamedExpr(word);
        }
    }

    /// <summary>After the <c>object</c> keyword: an optional <c>{ a, b, N more }</c> field list.</summary>
    private ObjectExpr ObjectBody()
    {
        SkipSpace();
        if (Peek() != '{') return new ObjectExpr(Array.Empty<string>(), 0, hasFieldList: false);
        _pos++;
        var fields = new List<string>();
        var more = 0;
        SkipSpace();
        if (Peek() == '}')
        {
            _pos++;
            return new ObjectExpr(fields, 0, hasFieldList: true);
        }

        while (true)
        {
            SkipSpace();
            var save = _pos;
            if (TryNumber(out var count) && TryKeyword("more") && int.TryParse(count, out var n))
            {
                more += n;
            }
            else
            {
                _pos = save;
                if (!TryFieldName(out var field)) throw Error("a field name was expected");
                fields.Add(field);
            }

            SkipSpace();
            var c = Peek();
            if (c != '}' && c != ',') throw Error(c == '\0' ? "unclosed '{'" : $"',' or '}}' expected, found '{c}'");
            _pos++;
            if (c == '}') break;
        }

        return new ObjectExpr(fields, more, hasFieldList: true);
    }

    private string StringLiteral()
    {
        _pos++; // opening quote
        var close = _text.IndexOf('"', _pos);
        if (close >= 0 && _text.IndexOf('\\', _pos, close - _pos) < 0)
        {
            var plain = _text.Substring(_pos, close - _pos);
            _pos = close + 1;
            return plain;
        }

        var sb = new StringBuilder();
        while (_pos < _text.Length)
        {
            var c = _text[_pos++];
            if (c == '"') return sb.ToString();
            if (c == '\\' && _pos < _text.Length)
            {
                var e = _text[_pos++];
                sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => e });
                continue;
            }

            sb.Append(c);
        }

        throw Error("unterminated string literal");
    }

    private bool TryNumber(out string number)
    {
        SkipSpace();
        var start = _pos;
        var i = _pos;
        if (i < _text.Length && _text[i] == '-') i++;
        var digits = i;
        while (i < _text.Length && char.IsDigit(_text[i])) i++;
        if (i == digits) { number = ""; return false; }
        if (i + 1 < _text.Length && _text[i] == '.' && char.IsDigit(_text[i + 1]))
        {
            i++;
            while (i < _text.Length && char.IsDigit(_text[i])) i++;
        }

        if (i < _text.Length && (char.IsLetter(_text[i]) || _text[i] == '_')) { number = ""; return false; }
        _pos = i;
        number = _text.Substring(start, i - start);
        return true;
    }

    private bool TryIdentifier(out string identifier)
    {
        SkipSpace();
        var start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_' || _text[_pos] == '.' || _text[_pos] == '-' || _text[_pos] == '$'))
        {
            _pos++;
        }

        identifier = _text.Substring(start, _pos - start);
        return identifier.Length > 0;
    }

    private bool TryFieldName(out string name)
    {
        SkipSpace();
        var start = _pos;
        while (_pos < _text.Length && _text[_pos] != ',' && _text[_pos] != '}' && !char.IsWhiteSpace(_text[_pos])) _pos++;
        name = _text.Substring(start, _pos - start);
        return name.Length > 0;
    }

    private bool TryKeyword(string keyword)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _pos, keyword, 0, keyword.Length) != 0) return false;
        var end = _pos + keyword.Length;
        if (end < _text.Length && (char.IsLetterOrDigit(_text[end]) || _text[end] == '_')) return false;
        _pos = end;
        return true;
    }

    private static bool IsKeyword(string word) => word is "array" or "map" or "object" or "string" or "number" or "integer" or "boolean" or "unknown" or "null" or "true" or "false" or "optional";

    private void Expect(char c)
    {
        SkipSpace();
        if (Peek() != c) throw Error(Peek() == '\0' ? $"'{c}' expected at end" : $"'{c}' expected, found '{Peek()}'");
        _pos++;
    }

    private void ExpectEnd()
    {
        SkipSpace();
        if (_pos < _text.Length) throw Error($"unexpected '{_text.Substring(_pos)}' after the type");
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private SyntaxError Error(string message) => new(message, _pos);

    private sealed class SyntaxError : Exception
    {
        public SyntaxError(string message, int offset) : base(message) => Offset = offset;

        public int Offset { get; }
    }
}
