namespace ReflectiveAnalysis;

/// <summary>
/// Thrown when a model file is not one this library can read: empty, truncated, corrupted (checksum mismatch),
/// of another format version, or internally inconsistent. A model is either loaded whole or not at all.
/// </summary>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the error that revealed the problem.</summary>
    public ModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
