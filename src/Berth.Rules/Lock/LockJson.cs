using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Berth.Rules.Lock;

/// <summary>
/// The JSON the lock file needs, read and written without a JSON library (the analyzers load this assembly and bring no
/// dependencies): objects (keys in file order), arrays, strings, integers, true, false and null. Strict: anything else
/// is a <see cref="LockFileException"/> with the line.
/// </summary>
internal static class LockJson
{
    /// <summary>Parses <paramref name="text"/>: <see cref="JsonObject"/>, <see cref="List{T}"/> of values, string, long, bool or null.</summary>
    public static object? Parse(string text)
    {
        var line = 1;
        foreach (var l in text.Split('\n'))
        {
            if (l.StartsWith("<<<<<<<", StringComparison.Ordinal) || l.StartsWith("=======", StringComparison.Ordinal) || l.StartsWith(">>>>>>>", StringComparison.Ordinal))
                throw new LockFileException(line, "a merge conflict marker: the file has both sides of a merge");
            line++;
        }

        var reader = new Reader(text);
        reader.SkipSpace();
        var value = reader.Value();
        reader.SkipSpace();
        if (!reader.AtEnd)
            throw reader.Error("unexpected text after the end of the JSON value");
        return value;
    }

    /// <summary>A JSON string literal.</summary>
    public static string Quote(string? value)
    {
        if (value is null)
            return "null";
        var b = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                default:
                    if (c < ' ')
                        b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        b.Append(c);
                    break;
            }
        }

        return b.Append('"').ToString();
    }

    /// <summary>An object: its members in file order, each with the line it starts on.</summary>
    public sealed class JsonObject
    {
        public JsonObject(int line) => Line = line;

        public int Line { get; }

        public List<KeyValuePair<string, object?>> Members { get; } = new();

        public bool TryGet(string key, out object? value)
        {
            foreach (var m in Members)
            {
                if (m.Key == key)
                {
                    value = m.Value;
                    return true;
                }
            }

            value = null;
            return false;
        }
    }

    private sealed class Reader
    {
        private readonly string _text;
        private int _pos;
        private int _line = 1;

        public Reader(string text) => _text = text;

        public bool AtEnd => _pos >= _text.Length;

        public LockFileException Error(string message) => new(_line, message);

        public void SkipSpace()
        {
            while (_pos < _text.Length)
            {
                var c = _text[_pos];
                if (c == '\n')
                    _line++;
                else if (c != ' ' && c != '\t' && c != '\r' && c != '\uFEFF')
                    return;
                _pos++;
            }
        }

        public object? Value()
        {
            if (AtEnd)
                throw Error("the file ends where a value was expected");
            var c = _text[_pos];
            switch (c)
            {
                case '{': return Object();
                case '[': return Array();
                case '"': return String();
                case 't': Word("true"); return true;
                case 'f': Word("false"); return false;
                case 'n': Word("null"); return null;
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                        return Number();
                    throw Error($"unexpected character '{c}'");
            }
        }

        private JsonObject Object()
        {
            var result = new JsonObject(_line);
            _pos++; // {
            SkipSpace();
            if (Peek('}'))
                return result;
            while (true)
            {
                SkipSpace();
                if (AtEnd || _text[_pos] != '"')
                    throw Error("expected a property name in double quotes");
                var key = String();
                SkipSpace();
                Expect(':');
                SkipSpace();
                result.Members.Add(new KeyValuePair<string, object?>(key, Value()));
                SkipSpace();
                if (Peek('}'))
                    return result;
                Expect(',');
            }
        }

        private List<object?> Array()
        {
            var result = new List<object?>();
            _pos++; // [
            SkipSpace();
            if (Peek(']'))
                return result;
            while (true)
            {
                SkipSpace();
                result.Add(Value());
                SkipSpace();
                if (Peek(']'))
                    return result;
                Expect(',');
            }
        }

        private string String()
        {
            _pos++; // "
            var b = new StringBuilder();
            while (true)
            {
                if (AtEnd || _text[_pos] == '\n')
                    throw Error("a string is not closed");
                var c = _text[_pos++];
                if (c == '"')
                    return b.ToString();
                if (c != '\\')
                {
                    b.Append(c);
                    continue;
                }

                if (AtEnd)
                    throw Error("a string is not closed");
                var e = _text[_pos++];
                switch (e)
                {
                    case '"': b.Append('"'); break;
                    case '\\': b.Append('\\'); break;
                    case '/': b.Append('/'); break;
                    case 'b': b.Append('\b'); break;
                    case 'f': b.Append('\f'); break;
                    case 'n': b.Append('\n'); break;
                    case 'r': b.Append('\r'); break;
                    case 't': b.Append('\t'); break;
                    case 'u':
                        if (_pos + 4 > _text.Length || !int.TryParse(_text.Substring(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                            throw Error("a \\u escape needs four hex digits");
                        b.Append((char)code);
                        _pos += 4;
                        break;
                    default:
                        throw Error($"unknown escape '\\{e}' in a string");
                }
            }
        }

        private long Number()
        {
            var start = _pos;
            if (_text[_pos] == '-')
                _pos++;
            while (_pos < _text.Length && _text[_pos] >= '0' && _text[_pos] <= '9')
                _pos++;
            if (!long.TryParse(_text.Substring(start, _pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                throw Error("a number must be a whole number");
            return value;
        }

        private void Word(string word)
        {
            if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
                throw Error($"unexpected text; expected {word}");
            _pos += word.Length;
        }

        private bool Peek(char c)
        {
            if (_pos < _text.Length && _text[_pos] == c)
            {
                _pos++;
                return true;
            }

            return false;
        }

        private void Expect(char c)
        {
            if (!Peek(c))
                throw Error(AtEnd ? $"the file ends where '{c}' was expected" : $"expected '{c}' but found '{_text[_pos]}'");
        }
    }
}
