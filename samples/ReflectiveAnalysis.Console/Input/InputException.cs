namespace ReflectiveAnalysis.Console.Input;

/// <summary>An input that cannot be read: the message is one line naming the file and the reason (exit code 3).</summary>
public sealed class InputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public InputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
