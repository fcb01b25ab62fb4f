namespace Deploy.Build.Host.Secrets;

/// <summary>
/// Every secret value the run handles (registry passwords, database URLs, tokens) is registered here the
/// moment it is read: in GitHub Actions it is masked with ::add-mask:: before anything can print it, and
/// the pipeline's log and summaries replace it with ***.
/// </summary>
public sealed class SecretRegistry
{
    private readonly Lock _gate = new();
    private readonly TextWriter _commandOut;
    private readonly bool _gitHubActions;
    private string[] _secrets = [];

    public SecretRegistry(bool gitHubActions, TextWriter? commandOut = null)
    {
        _gitHubActions = gitHubActions;
        _commandOut = commandOut ?? Console.Out;
    }

    public static SecretRegistry FromEnvironment() =>
        new(Environment.GetEnvironmentVariable(EnvVars.GitHubActions) == "true");

    public void Register(string? secret)
    {
        // Very short values would mask ordinary words; real secrets are longer.
        if (string.IsNullOrEmpty(secret) || secret.Length < 6)
        {
            return;
        }

        lock (_gate)
        {
            if (_secrets.Contains(secret, StringComparer.Ordinal))
            {
                return;
            }

            if (_gitHubActions)
            {
                foreach (var line in secret.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    _commandOut.WriteLine($"::add-mask::{line.TrimEnd('\r')}");
                }

                _commandOut.Flush();
            }

            // Longest first, so a secret containing another is replaced whole.
            _secrets = [.. _secrets.Append(secret).OrderByDescending(s => s.Length)];
        }
    }

    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var secrets = _secrets;
        foreach (var secret in secrets)
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return text;
    }
}
