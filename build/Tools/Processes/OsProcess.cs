using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Deploy.Build.Tools.Processes;

/// <summary>Signals, liveness and identity of processes by PID (Linux /proc; kill(2) elsewhere).</summary>
public static class OsProcess
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    public static bool IsRoot => Environment.UserName == "root" || GetEUid() == 0;

    /// <summary>True while the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        var stat = ReadStat(pid);
        if (stat is not null)
        {
            return stat.Value.State is not ('Z' or 'X');
        }

        return !Directory.Exists("/proc") && Kill(pid, 0) == 0;
    }

    /// <summary>The kernel's start time of the process (clock ticks since boot), to tell a reused PID from ours.</summary>
    public static long? StartTime(int pid) => ReadStat(pid)?.StartTime;

    /// <summary>Sends a signal; false when the process is already gone.</summary>
    public static bool Signal(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    /// <summary>Waits for the process to go away; false on timeout.</summary>
    public static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        while (IsAlive(pid))
        {
            if (watch.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Stops a process: <paramref name="signal"/>, then SIGKILL when it outlives <paramref name="grace"/>.</summary>
    /// <returns>True when it stopped on the first signal, false when it had to be killed.</returns>
    public static async Task<bool> StopAsync(int pid, int signal, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        if (!Signal(pid, signal) || await WaitForExitAsync(pid, grace, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        Signal(pid, SigKill);
        await WaitForExitAsync(pid, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        return false;
    }

    private static (char State, long StartTime)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) S ppid ..." where comm may hold spaces and parentheses: fields follow the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19 && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? (fields[0][0], start)
            : null;
    }

    private static int Kill(int pid, int signal) => NativeMethods.kill(pid, signal);

    private static uint GetEUid() => OperatingSystem.IsWindows() ? uint.MaxValue : NativeMethods.geteuid();

    // DllImport, not LibraryImport: the latter needs unsafe code enabled for two int-only calls.
    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int kill(int pid, int sig);

        [DllImport("libc")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern uint geteuid();
    }
}
