using System.Security.Cryptography;

namespace Deploy.Build.LocalCloud;

/// <summary>A generated password kept in a mode-600 file (folder mode 700). Never printed.</summary>
public static class SecretFile
{
    public static string ReadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var secret = RandomNumberGenerator.GetHexString(32, lowercase: true);
        Write(path, secret);
        return secret;
    }

    public static string? Read(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;

    /// <summary>Writes a private file: only the owner can read it.</summary>
    public static void Write(string path, string content)
    {
        var dir = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(path, content);
            return;
        }

        Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
