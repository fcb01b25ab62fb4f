namespace Deploy.Build.Steps.EnvFiles;

/// <summary>Writes a .env file readable by its owner only (mode 600), created that way so no other user can ever read it.</summary>
public static class EnvFileWriter
{
    public static bool Write(EnvFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var content = file.Render();
        if (File.Exists(file.Path) && File.ReadAllText(file.Path) == content && HasOwnerOnlyMode(file.Path))
        {
            return false;
        }

        var temp = file.Path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, file.Path, overwrite: true);
        return true;
    }

    private static bool HasOwnerOnlyMode(string path) =>
        OperatingSystem.IsWindows() || File.GetUnixFileMode(path) == (UnixFileMode.UserRead | UnixFileMode.UserWrite);
}
