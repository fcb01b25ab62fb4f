namespace Deploy.Build.Steps.Infrastructure;

/// <summary>
/// Saved plans hold every planned value, sensitive ones included (`terraform show -json` prints them in clear,
/// and Terragrunt writes its --json-out-dir files with mode 0755 after umask: internal/runner/common/unit_runner.go
/// at v0.93.4). The pipeline keeps them owner-only: folders 700, files 600.
/// </summary>
public static class PlanFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="folder"/> (and its parents) owner-only.</summary>
    public static void CreateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        Directory.CreateDirectory(folder, FolderMode);
        File.SetUnixFileMode(folder, FolderMode);
    }

    /// <summary>Makes everything under <paramref name="folder"/> owner-only.</summary>
    public static void Protect(string folder)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(folder))
        {
            return;
        }

        File.SetUnixFileMode(folder, FolderMode);
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(entry, Directory.Exists(entry) ? FolderMode : FileMode);
        }
    }
}
