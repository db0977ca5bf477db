namespace NeuralCore.Samples.Common;

/// <summary>Writes image files atomically (temporary file, then rename), so a viewer never opens a half-written PNG.</summary>
public static class ImageFiles
{
    /// <summary>Calls <paramref name="write"/> with a temporary path in the target's directory, then renames it to
    /// <paramref name="path"/>.</summary>
    public static void WriteAtomically(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileNameWithoutExtension(full)}.{Guid.NewGuid():N}{Path.GetExtension(full)}");
        try
        {
            write(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
