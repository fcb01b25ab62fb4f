namespace Deploy.Build.Tests.Support;

/// <summary>
/// Debian's Chromium, headless, as a user's browser: loads a page, runs its scripts (their fetches go through the same
/// edge a user's would) and returns the DOM once the page is idle. Each run gets its own profile folder.
/// </summary>
public static class HeadlessBrowser
{
    /// <summary>How long the page's scripts may run (virtual time: Chromium waits for fetches before advancing it).</summary>
    private const int VirtualTimeBudgetMs = 15000;

    /// <summary>The page's DOM after its scripts ran.</summary>
    public static async Task<string> DumpDomAsync(Uri page) => (await ChromiumAsync(page, "--dump-dom")).StdOut;

    /// <summary>A PNG of the page as a 1280x900 window shows it, after its scripts ran.</summary>
    public static async Task ScreenshotAsync(Uri page, string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        await ChromiumAsync(page, $"--screenshot={Path.GetFullPath(file)}", "--window-size=1280,900", "--hide-scrollbars");
        Assert.True(File.Exists(file) && new FileInfo(file).Length > 0, $"chromium wrote no screenshot to {file}");
    }

    private static async Task<ProcessResult> ChromiumAsync(Uri page, params string[] what)
    {
        ArgumentNullException.ThrowIfNull(page);
        var chromium = ProcessRunner.Locate("chromium") ?? throw Requirements.Missing("chromium is not on PATH (Setup installs it for the tests)");
        using var profile = new TempDir();
        var run = await Run.ProcessAsync(chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                $"--user-data-dir={profile.Path}", $"--virtual-time-budget={VirtualTimeBudgetMs}", .. what, page.ToString(),
            ],
            timeout: TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, $"chromium exited {run.ExitCode}: {LocalDeployment.Tail(run.StdErr)}");
        return run;
    }
}
