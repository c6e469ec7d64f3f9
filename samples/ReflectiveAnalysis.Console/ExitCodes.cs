namespace ReflectiveAnalysis.Console;

/// <summary>The exit codes of <c>reflect</c>.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The analysis raised warnings and <c>--strict</c> was given.</summary>
    public const int Warnings = 1;

    /// <summary>The command line was wrong.</summary>
    public const int Usage = 2;

    /// <summary>The input could not be read or was empty or too long.</summary>
    public const int Input = 3;
}
