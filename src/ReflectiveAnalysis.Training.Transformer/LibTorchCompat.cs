using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace ReflectiveAnalysis.Training.Transformer;

/// <summary>
/// Lets TorchSharp 0.107.0 load on a Linux whose libstdc++ predates GCC 13 (Debian 12 ships GLIBCXX_3.4.30).
/// </summary>
/// <remarks>
/// libLibTorchSharp.so needs exactly one GLIBCXX_3.4.32 symbol, <c>std::ios_base_library_init()</c>: an empty function
/// GCC 13 code references so that the library initialises the standard streams (older libstdc++ does that itself).
/// This marks that version requirement weak in the build output's copy of libLibTorchSharp.so (never the NuGet cache),
/// compiles a one-line library that defines the function, and loads it with RTLD_GLOBAL before TorchSharp loads.
/// It does nothing where the system libstdc++ already has GLIBCXX_3.4.32.
/// </remarks>
internal static class LibTorchCompat
{
    private const string MissingVersion = "GLIBCXX_3.4.32";
    private const string ShimSource = "void _ZSt21ios_base_library_initv(void) {}\n";
    private const int RtldNow = 2, RtldGlobal = 0x100;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 2;

    [DllImport("libc", EntryPoint = "dlopen")]
    private static extern IntPtr DlOpen(string path, int flags);

    [DllImport("libc", EntryPoint = "dlerror")]
    private static extern IntPtr DlError();

    /// <summary>Call before the first TorchSharp call.</summary>
    public static void Ensure()
    {
        if (!OperatingSystem.IsLinux() || SystemHasVersion())
        {
            return;
        }
        string native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        string library = Path.Combine(native, "libLibTorchSharp.so");
        if (!File.Exists(library))
        {
            throw new FileNotFoundException("TorchSharp's native library is not in the build output.", library);
        }
        MarkVersionWeak(library, MissingVersion);
        string shim = Path.Combine(native, "libra_stdcxx_compat.so");
        if (!File.Exists(shim))
        {
            string source = Path.Combine(native, "libra_stdcxx_compat.c");
            File.WriteAllText(source, ShimSource);
            using var cc = Process.Start(new ProcessStartInfo("cc", ["-shared", "-fPIC", "-O2", "-o", shim, source]) { RedirectStandardError = true })
                ?? throw new InvalidOperationException("Could not start cc.");
            string errors = cc.StandardError.ReadToEnd();
            cc.WaitForExit();
            if (cc.ExitCode != 0)
            {
                throw new InvalidOperationException($"cc failed to build {shim}: {errors}");
            }
        }
        if (DlOpen(shim, RtldNow | RtldGlobal) == IntPtr.Zero)
        {
            throw new InvalidOperationException($"dlopen({shim}) failed: {Marshal.PtrToStringAnsi(DlError())}");
        }
    }

    private static bool SystemHasVersion()
    {
        foreach (string candidate in new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6" })
        {
            if (File.Exists(candidate))
            {
                return File.ReadAllBytes(candidate).AsSpan().IndexOf(Encoding.ASCII.GetBytes(MissingVersion + "\0")) >= 0;
            }
        }
        return false;
    }

    /// <summary>Sets VER_FLG_WEAK on the ELF64 version-needed entry named <paramref name="version"/> (idempotent).</summary>
    private static void MarkVersionWeak(string path, string version)
    {
        byte[] elf = File.ReadAllBytes(path);
        var span = elf.AsSpan();
        if (span.Length < 64 || span[4] != 2 || span[5] != 1)
        {
            throw new InvalidDataException($"{path} is not a little-endian ELF64 file.");
        }
        long shoff = BinaryPrimitives.ReadInt64LittleEndian(span[0x28..]);
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        bool changed = false, found = false;
        for (int s = 0; s < shnum; s++)
        {
            var header = span.Slice((int)(shoff + s * shentsize), shentsize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != ShtGnuVerneed)
            {
                continue;
            }
            long offset = BinaryPrimitives.ReadInt64LittleEndian(header[0x18..]);
            int link = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x28..]);
            int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x2C..]);
            long strings = BinaryPrimitives.ReadInt64LittleEndian(span.Slice((int)(shoff + link * shentsize), shentsize)[0x18..]);
            long need = offset;
            for (int n = 0; n < count; n++)
            {
                int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(span[(int)(need + 2)..]);
                long aux = need + BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(need + 8)..]);
                for (int a = 0; a < auxCount; a++)
                {
                    long name = strings + BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(aux + 8)..]);
                    int end = span[(int)name..].IndexOf((byte)0);
                    if (Encoding.ASCII.GetString(span.Slice((int)name, end)) == version)
                    {
                        found = true;
                        var flags = span.Slice((int)(aux + 4), 2);
                        ushort value = BinaryPrimitives.ReadUInt16LittleEndian(flags);
                        if ((value & VerFlagWeak) == 0)
                        {
                            BinaryPrimitives.WriteUInt16LittleEndian(flags, (ushort)(value | VerFlagWeak));
                            changed = true;
                        }
                    }
                    aux += BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(aux + 12)..]);
                }
                need += BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(need + 12)..]);
            }
        }
        if (changed)
        {
            File.WriteAllBytes(path, elf);
        }
        else if (!found)
        {
            Trace.WriteLine($"{path} does not require {version}; left as it is.");
        }
    }
}
