using Deploy.Build.Tools.Processes;

namespace Deploy.Build.Tools.Git;

/// <summary>
/// The commit being deployed and whether the working tree matches it; <paramref name="Sha"/> (full) and
/// <paramref name="CommittedAt"/> (committer date) for the audit record's lead time, null where git could not say.
/// <paramref name="CommitTree"/> is the commit's tree hash: a merge commit that changes no file keeps it.
/// </summary>
public sealed record GitState(string ShortSha, bool IsDirty, string? DirtyTreeId, string? Sha = null, DateTimeOffset? CommittedAt = null, string? CommitTree = null)
{
    /// <summary>
    /// The source tree deployed: the commit's tree, or for a dirty tree the hash of its content. The release identity
    /// that survives a merge: production promotes staging's release of the same tree.
    /// </summary>
    public string? Tree => IsDirty ? DirtyTreeId : CommitTree;

    /// <summary>The release version: the short SHA, or for a dirty local tree the SHA plus a hash of its content.</summary>
    public string ReleaseVersion => IsDirty && DirtyTreeId is not null ? $"{ShortSha}-dirty-{DirtyTreeId[..8]}" : ShortSha;
}

public static class GitRevision
{
    public static async Task<GitState> ReadAsync(string repository)
    {
        var sha = (await Git(repository, null, "rev-parse", "--short=12", "HEAD").ConfigureAwait(false)).Trim();
        var (full, committedAt) = ParseCommit(await TryAsync(repository, "show", "-s", "--format=%H%n%cI", "HEAD").ConfigureAwait(false));
        var tree = await TryAsync(repository, "rev-parse", "HEAD^{tree}").ConfigureAwait(false);
        var status = await Git(repository, null, "status", "--porcelain", "--untracked-files=normal").ConfigureAwait(false);
        if (status.Trim().Length == 0)
        {
            return new GitState(sha, false, null, full, committedAt, tree);
        }

        // Hash the exact working tree (tracked and untracked, .gitignore respected) through a throwaway index,
        // so each distinct dirty state gets its own image tag and nothing in .git/index changes.
        var index = Path.Combine(Path.GetTempPath(), $"deploy-index-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            await Git(repository, index, "add", "-A").ConfigureAwait(false);
            var dirtyTree = (await Git(repository, index, "write-tree").ConfigureAwait(false)).Trim();
            return new GitState(sha, true, dirtyTree, full, committedAt, tree);
        }
        finally
        {
            File.Delete(index);
        }
    }

    /// <summary>The full SHA and committer date of <c>git show -s --format=%H%n%cI</c>; nulls for what it did not print.</summary>
    public static (string? Sha, DateTimeOffset? CommittedAt) ParseCommit(string? output)
    {
        var lines = (output ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var sha = lines.Length > 0 && lines[0].Length == 40 && lines[0].All(char.IsAsciiHexDigit) ? lines[0] : null;
        DateTimeOffset? at = lines.Length > 1 && DateTimeOffset.TryParse(lines[1], System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var parsed) ? parsed : null;
        return (sha, at);
    }

    /// <summary>One git command's output, trimmed, or null when git fails (for optional facts such as the origin URL).</summary>
    public static async Task<string?> TryAsync(string repository, params string[] args)
    {
        try
        {
            return (await Git(repository, null, args).ConfigureAwait(false)).Trim();
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static async Task<string> Git(string repository, string? indexFile, params string[] args)
    {
        var spec = new ProcessSpec("git", args)
        {
            WorkingDirectory = repository,
            Environment = indexFile is null ? null : new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = indexFile },
            Timeout = ProcessRunner.DefaultTimeout,
        };
        var result = await ProcessRunner.RunAsync(spec).ConfigureAwait(false);
        if (result.ExitCode == ProcessResult.NotFound && result.StdOutLines.Count == 0)
        {
            throw new InvalidOperationException($"could not start git: {result.ErrorLine}");
        }

        if (!result.Succeeded)
        {
            var reason = result.StdErrLines.Count > 0 ? result.StdErrLines[0].Trim() : string.Empty;
            throw new InvalidOperationException($"git {args[0]} failed in {repository}: {reason}");
        }

        return result.StdOut + (result.StdOutLines.Count > 0 ? "\n" : string.Empty);
    }
}
