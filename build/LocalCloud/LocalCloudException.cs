namespace Deploy.Build.LocalCloud;

/// <summary>A one-line, actionable local cloud failure (port taken, Docker not running, service unhealthy).</summary>
public sealed class LocalCloudException : Exception
{
    public LocalCloudException()
    {
    }

    public LocalCloudException(string message)
        : base(message)
    {
    }

    public LocalCloudException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
