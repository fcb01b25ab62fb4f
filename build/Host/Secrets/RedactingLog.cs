using System.Globalization;
using Cake.Core.Diagnostics;

namespace Deploy.Build.Host.Secrets;

/// <summary>The Cake log with every registered secret replaced by *** (redaction is structural, not remembered per call).</summary>
public sealed class RedactingLog(ICakeLog inner, SecretRegistry secrets) : ICakeLog
{
    public Verbosity Verbosity
    {
        get => inner.Verbosity;
        set => inner.Verbosity = value;
    }

    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
    {
        var text = args is { Length: > 0 } ? string.Format(CultureInfo.InvariantCulture, format, args) : format;
        var safe = secrets.Redact(text).Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);
        inner.Write(verbosity, level, safe);
    }
}
