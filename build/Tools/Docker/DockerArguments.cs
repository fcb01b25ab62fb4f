using Cake.Core;
using Cake.Core.IO;

namespace Deploy.Build.Tools.Docker;

/// <summary>Command lines for the docker commands the pipeline runs: settings map to flags here and nowhere else.</summary>
public static class DockerArguments
{
    public static ProcessArgumentBuilder Build(string contextPath, DockerBuildSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var args = new ProcessArgumentBuilder();
        if (settings.Builder == DockerBuilder.Buildx)
        {
            // --load keeps the result in the engine's image store, where tag and push find it.
            args.Append("buildx").Append("build").Append("--load");
        }
        else
        {
            args.Append("build");
        }

        if (settings.File is not null)
        {
            args.Append("--file").AppendQuoted(settings.File);
        }

        foreach (var tag in settings.Tags)
        {
            args.Append("--tag").AppendQuoted(tag);
        }

        if (settings.Platform is not null)
        {
            args.Append("--platform").AppendQuoted(settings.Platform);
        }

        foreach (var (key, value) in settings.BuildArgs)
        {
            args.Append("--build-arg").AppendQuoted($"{key}={value}");
        }

        foreach (var (key, value) in settings.Labels)
        {
            args.Append("--label").AppendQuoted($"{key}={value}");
        }

        if (settings.NoCache)
        {
            args.Append("--no-cache");
        }
        else
        {
            foreach (var source in settings.CacheFrom)
            {
                args.Append("--cache-from").AppendQuoted(settings.Builder == DockerBuilder.Buildx ? $"type=registry,ref={source}" : source);
            }

            if (settings.Builder == DockerBuilder.Buildx)
            {
                // Cache metadata inside the pushed image, so the next build can use it as --cache-from.
                args.Append("--cache-to").Append("type=inline");
            }
        }

        if (settings.Network is not null)
        {
            args.Append("--network").AppendQuoted(settings.Network);
        }

        args.AppendQuoted(contextPath);
        return args;
    }

    public static ProcessArgumentBuilder Tag(string source, string target) =>
        new ProcessArgumentBuilder().Append("tag").AppendQuoted(source).AppendQuoted(target);

    public static ProcessArgumentBuilder Push(string reference) =>
        new ProcessArgumentBuilder().Append("push").AppendQuoted(reference);

    /// <summary>The password is never an argument: docker reads it from stdin.</summary>
    public static ProcessArgumentBuilder Login(string server, string username) =>
        new ProcessArgumentBuilder().Append("login").Append("--username").AppendQuoted(username).Append("--password-stdin").AppendQuoted(server);

    public static ProcessArgumentBuilder Logout(string server) =>
        new ProcessArgumentBuilder().Append("logout").AppendQuoted(server);

    public static ProcessArgumentBuilder Inspect(string reference, string format) =>
        new ProcessArgumentBuilder().Append("image").Append("inspect").Append("--format").AppendQuoted(format).AppendQuoted(reference);

    public static ProcessArgumentBuilder BuildxVersion() =>
        new ProcessArgumentBuilder().Append("buildx").Append("version");
}
