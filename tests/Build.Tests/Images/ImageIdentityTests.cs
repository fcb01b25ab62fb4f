using Deploy.Build.Configuration;
using Deploy.Build.Steps.Images;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Images;

/// <summary>An image's identity changes exactly when something that goes into it changes.</summary>
public sealed class ImageIdentityTests
{
    private static readonly Dictionary<string, string> Args = new() { ["BASE_IMAGE"] = "deploy-example-base:local" };

    private static ImageConfig Image(string context, IReadOnlyList<string>? preBuild = null) =>
        new(Path.GetFileName(context), context, "Dockerfile", "linux/amd64", new Dictionary<string, string>(), preBuild ?? []);

    private static async Task<TempDir> RepositoryAsync()
    {
        var dir = new TempDir();
        foreach (var name in new[] { "api", "web" })
        {
            dir.Write($"{name}/Dockerfile", "ARG BASE_IMAGE=busybox\nFROM ${BASE_IMAGE}\nCOPY . /app/\n");
            dir.Write($"{name}/src/main.txt", name);
        }

        dir.Write(".gitignore", "dist/\n");
        foreach (var args in new[] { new[] { "init", "-q" }, ["add", "-A"], ["-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "one"] })
        {
            var git = await Run.ProcessAsync("git", args, dir.Path);
            Assert.True(git.ExitCode == 0, git.Output);
        }

        return dir;
    }

    private static Task<ImageIdentity> IdentityAsync(TempDir dir, string name, IReadOnlyDictionary<string, string>? args = null, Func<string, string?>? engine = null,
        IReadOnlyList<string>? preBuild = null) =>
        ImageIdentity.ComputeAsync(Image(name, preBuild), Path.Combine(dir.Path, name), args ?? Args, engine ?? (_ => "sha256:base1"));

    [SkippableFact]
    public async Task The_same_inputs_give_the_same_identity_and_a_change_in_one_context_changes_only_that_image()
    {
        Requirements.Tool("git");
        using var dir = await RepositoryAsync();
        var (api, web) = (await IdentityAsync(dir, "api"), await IdentityAsync(dir, "web"));
        Assert.Equal(api, await IdentityAsync(dir, "api"));
        Assert.NotEqual(api, web);
        Assert.Matches("^id-[0-9a-f]{32}$", api.Tag);

        dir.Write("web/src/main.txt", "web, changed and not committed");

        Assert.Equal(api, await IdentityAsync(dir, "api"));
        Assert.NotEqual(web, await IdentityAsync(dir, "web"));
    }

    [SkippableFact]
    public async Task Untracked_files_count_ignored_ones_do_not()
    {
        Requirements.Tool("git");
        using var dir = await RepositoryAsync();
        var before = await IdentityAsync(dir, "api");

        dir.Write("api/dist/generated.js", "made by a preBuild");
        Assert.Equal(before, await IdentityAsync(dir, "api"));

        dir.Write("api/src/new.txt", "a new source file");
        Assert.NotEqual(before, await IdentityAsync(dir, "api"));
    }

    [SkippableFact]
    public async Task Build_arguments_the_base_image_and_the_prebuild_command_are_inputs()
    {
        Requirements.Tool("git");
        using var dir = await RepositoryAsync();
        var before = await IdentityAsync(dir, "api");

        Assert.NotEqual(before, await IdentityAsync(dir, "api", new Dictionary<string, string> { ["BASE_IMAGE"] = "other:1" }));
        Assert.NotEqual(before, await IdentityAsync(dir, "api", engine: _ => "sha256:base2"));
        Assert.NotEqual(before, await IdentityAsync(dir, "api", preBuild: ["node", "build.mjs"]));
    }

    [Fact]
    public async Task A_context_outside_git_is_hashed_file_by_file()
    {
        using var dir = new TempDir();
        dir.Write("api/Dockerfile", "FROM scratch\n");
        dir.Write("api/a.txt", "1");
        var before = await IdentityAsync(dir, "api");

        dir.Write("api/a.txt", "2");

        Assert.NotEqual(before, await IdentityAsync(dir, "api"));
    }

    [Theory]
    [InlineData("ARG BASE_IMAGE=busybox\nFROM ${BASE_IMAGE}\n", "deploy-example-base:local")]
    [InlineData("ARG NODE=20\nFROM node:${NODE} AS build\nFROM build\nFROM --platform=linux/amd64 nginx:1.25\n", "node:20|nginx:1.25")]
    [InlineData("FROM scratch\n", "")]
    public void Base_images_come_from_the_FROM_lines_with_arguments_substituted(string dockerfile, string expected) =>
        Assert.Equal(expected, string.Join('|', ImageIdentity.BaseImages(dockerfile, Args)));
}
