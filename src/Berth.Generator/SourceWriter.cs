using System;
using System.Text;

namespace Berth.Generator;

/// <summary>A small indented text writer for generated code (cheaper than SyntaxFactory + NormalizeWhitespace).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public void WriteLine(string line = "")
    {
        if (line.Length > 0)
            _builder.Append(' ', _indent * 4).Append(line);
        _builder.Append('\n');
    }

    public void OpenBlock(string header)
    {
        WriteLine(header);
        WriteLine("{");
        _indent++;
    }

    public void CloseBlock(string suffix = "")
    {
        _indent--;
        WriteLine("}" + suffix);
    }

    public IDisposable Block(string header)
    {
        OpenBlock(header);
        return new Closer(this);
    }

    public override string ToString() => _builder.ToString();

    private sealed class Closer : IDisposable
    {
        private readonly SourceWriter _writer;
        public Closer(SourceWriter writer) => _writer = writer;
        public void Dispose() => _writer.CloseBlock();
    }
}
