using System.Runtime.CompilerServices;

namespace ReflectiveAnalysis.Internals;

/// <summary>
/// FNV-1a (64-bit) over case-folded characters: the same word hashes the same whatever its case, and a
/// typographic apostrophe hashes as a plain one. Stable across runs and platforms (models depend on it).
/// </summary>
internal static class TextHash
{
    public const ulong Seed = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add(ulong hash, char c)
    {
        c = Fold(c);
        hash ^= (byte)c;
        hash *= Prime;
        hash ^= (byte)(c >> 8);
        hash *= Prime;
        return hash;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add(ulong hash, ulong value)
    {
        hash ^= value;
        hash *= Prime;
        hash ^= hash >> 29;
        return hash;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static char Fold(char c)
    {
        if (c < 128)
        {
            return (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c;
        }
        return c is '\u2019' or '\u02BC' or '\u2018' ? '\'' : char.ToLowerInvariant(c);
    }

    public static ulong Of(ReadOnlySpan<char> text)
    {
        ulong hash = Seed;
        foreach (char c in text)
        {
            hash = Add(hash, c);
        }
        return hash;
    }

    /// <summary>Mixes a namespace with a hash so the same word in two feature families lands in different buckets.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong a, ulong b)
    {
        ulong h = (a ^ 0x9E3779B97F4A7C15UL) * 0xBF58476D1CE4E5B9UL;
        h ^= b;
        h *= 0x94D049BB133111EBUL;
        return h ^ (h >> 31);
    }
}
