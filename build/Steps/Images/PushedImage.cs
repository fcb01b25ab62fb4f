namespace Deploy.Build.Steps.Images;

/// <summary>An image as pushed: later tasks deploy it by digest, never by tag.</summary>
public sealed record PushedImage(string Name, string Repository, string Tag, string Digest)
{
    /// <summary>repository@sha256:... — what task definitions reference.</summary>
    public string ByDigest => $"{Repository}@{Digest}";

    public string ByTag => $"{Repository}:{Tag}";
}
