// Compiled by MSBuild's RoslynCodeTaskFactory (see ../Directory.Build.targets), not by the
// benchmark project: it runs inside the build, so it needs nothing but the .NET SDK.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks one symbol-version requirement of an ELF64 shared library weak (VER_FLG_WEAK in the
/// matching Elf64_Vernaux of .gnu.version_r), so that the dynamic loader accepts a system library
/// that lacks that version. Used for TorchSharp's libLibTorchSharp.so, built with GCC 13, which
/// asks libstdc++ for GLIBCXX_3.4.32 only because of the std::ios_base_library_init marker that
/// no relocation references; Debian 12's libstdc++ stops at GLIBCXX_3.4.30.
/// The task refuses to patch when any relocation binds a symbol of that version, because then the
/// missing version would be a real missing function, not an unused marker.
/// </summary>
public sealed class WeakenElfVersionNeed : Task
{
    /// <summary>The shared libraries to patch in place (copies under bin/, never the NuGet cache).</summary>
    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The needed library whose requirement is weakened, e.g. libstdc++.so.6.</summary>
    [Required] public string Library { get; set; } = "";

    /// <summary>The version to mark weak, e.g. GLIBCXX_3.4.32.</summary>
    [Required] public string Version { get; set; } = "";

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            string path = item.ItemSpec;
            try
            {
                string outcome = ElfVersionNeedPatcher.MarkWeak(path, Library, Version);
                Log.LogMessage(MessageImportance.High, $"ElfPatch: {path}: {outcome}");
            }
            catch (Exception e) when (e is InvalidDataException || e is IOException || e is UnauthorizedAccessException)
            {
                Log.LogError($"ElfPatch: {path}: {e.Message}");
            }
        }
        return !Log.HasLoggedErrors;
    }
}

/// <summary>The ELF work, separate from MSBuild so that it reads as plain code.</summary>
public static class ElfVersionNeedPatcher
{
    private const uint ShtRela = 4, ShtDynsym = 11, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>Sets VER_FLG_WEAK on (library, version) in the file; returns what it did.</summary>
    public static string MarkWeak(string path, string library, string version)
    {
        byte[] elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only little-endian ELF64 is supported");

        var sections = ReadSections(elf);
        int verneedIndex = sections.FindIndex(s => s.Type == ShtGnuVerneed);
        if (verneedIndex < 0)
            throw new InvalidDataException("no .gnu.version_r section");
        var verneed = sections[verneedIndex];
        var dynstr = sections[(int)verneed.Link];

        // Walk the Elf64_Verneed chain (one entry per needed library) and its Elf64_Vernaux list.
        long need = verneed.Offset;
        for (uint i = 0; i < verneed.Info; i++)
        {
            ushort auxCount = U16(elf, need + 2);
            string file = CString(elf, dynstr.Offset + U32(elf, need + 4));
            long aux = need + U32(elf, need + 8);
            for (int j = 0; j < auxCount; j++)
            {
                string name = CString(elf, dynstr.Offset + U32(elf, aux + 8));
                if (file == library && name == version)
                {
                    ushort flags = U16(elf, aux + 4);
                    ushort versionIndex = U16(elf, aux + 6);
                    if ((flags & VerFlgWeak) != 0)
                        return $"{library} {version} already weak";
                    string symbols = CheckUnreferenced(elf, sections, versionIndex, version);
                    WriteU16(elf, aux + 4, (ushort)(flags | VerFlgWeak));
                    // Write a new file and swap it in, so that a hard link to the NuGet cache (if the
                    // build was told to link instead of copying) is broken, never written through.
                    string temporary = path + ".elfpatch.tmp";
                    File.WriteAllBytes(temporary, elf);
                    File.Delete(path);
                    File.Move(temporary, path);
                    return $"marked {library} {version} weak (only symbols: {symbols}; no relocation uses them)";
                }
                uint nextAux = U32(elf, aux + 12);
                if (nextAux == 0) break;
                aux += nextAux;
            }
            uint nextNeed = U32(elf, need + 12);
            if (nextNeed == 0) break;
            need += nextNeed;
        }
        throw new InvalidDataException($"no requirement of {version} from {library}: TorchSharp's native library changed, revisit the patch");
    }

    // Refuses when a dynamic relocation binds a symbol of this version: weakening it would turn a
    // load-time error into a crash at the first call. Returns the names of the symbols concerned.
    private static string CheckUnreferenced(byte[] elf, List<Section> sections, ushort versionIndex, string version)
    {
        int dynsymIndex = sections.FindIndex(s => s.Type == ShtDynsym);
        int versymIndex = sections.FindIndex(s => s.Type == ShtGnuVersym);
        if (dynsymIndex < 0 || versymIndex < 0)
            throw new InvalidDataException("no .dynsym or .gnu.version section");
        var dynsym = sections[dynsymIndex];
        var dynstr = sections[(int)dynsym.Link];
        var versym = sections[versymIndex];
        long symbolCount = dynsym.Size / 24;
        var ofVersion = new HashSet<long>();
        var names = new List<string>();
        for (long s = 0; s < symbolCount; s++)
            if ((U16(elf, versym.Offset + 2 * s) & 0x7fff) == versionIndex)
            {
                ofVersion.Add(s);
                names.Add(CString(elf, dynstr.Offset + U32(elf, dynsym.Offset + 24 * s)));
            }
        foreach (var rela in sections)
        {
            if (rela.Type != ShtRela || rela.Link != dynsymIndex) continue;
            for (long r = 0; r < rela.Size / 24; r++)
            {
                long symbol = (long)(U64(elf, rela.Offset + 24 * r + 8) >> 32);
                if (ofVersion.Contains(symbol))
                    throw new InvalidDataException($"a relocation uses {names[0]}@{version}; marking it weak would break at run time");
            }
        }
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }

    private readonly struct Section
    {
        public Section(uint type, long offset, long size, uint link, uint info)
        { Type = type; Offset = offset; Size = size; Link = link; Info = info; }
        public uint Type { get; }
        public long Offset { get; }
        public long Size { get; }
        public uint Link { get; }
        public uint Info { get; }
    }

    private static List<Section> ReadSections(byte[] elf)
    {
        long shoff = (long)U64(elf, 0x28);
        ushort shentsize = U16(elf, 0x3A), shnum = U16(elf, 0x3C);
        if (shoff <= 0 || shentsize < 64 || shoff + (long)shentsize * shnum > elf.Length)
            throw new InvalidDataException("bad section header table");
        var sections = new List<Section>(shnum);
        for (int i = 0; i < shnum; i++)
        {
            long h = shoff + (long)shentsize * i;
            sections.Add(new Section(U32(elf, h + 4), (long)U64(elf, h + 0x18), (long)U64(elf, h + 0x20), U32(elf, h + 0x28), U32(elf, h + 0x2C)));
        }
        return sections;
    }

    private static ushort U16(byte[] b, long at) => BitConverter.ToUInt16(b, checked((int)at));
    private static uint U32(byte[] b, long at) => BitConverter.ToUInt32(b, checked((int)at));
    private static ulong U64(byte[] b, long at) => BitConverter.ToUInt64(b, checked((int)at));
    private static void WriteU16(byte[] b, long at, ushort v) { b[at] = (byte)v; b[at + 1] = (byte)(v >> 8); }

    private static string CString(byte[] b, long at)
    {
        int end = checked((int)at);
        while (end < b.Length && b[end] != 0) end++;
        return Encoding.ASCII.GetString(b, (int)at, end - (int)at);
    }
}
