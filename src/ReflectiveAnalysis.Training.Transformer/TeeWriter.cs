using System.Text;

namespace ReflectiveAnalysis.Training.Transformer;

/// <summary>Writes lines to the console and to a log file.</summary>
internal sealed class TeeWriter(string path) : TextWriter
{
    private readonly StreamWriter _file = new(path, append: true) { AutoFlush = true };

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        Console.Write(value);
        _file.Write(value);
    }

    public override void WriteLine(string? value)
    {
        Console.WriteLine(value);
        _file.WriteLine(value);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }
        base.Dispose(disposing);
    }
}
