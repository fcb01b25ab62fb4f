using Deploy.Build.Host.CommandLine;

namespace Deploy.Build.Tests.Host;

public sealed class ArgumentCheckTests
{
    [Theory]
    [InlineData("--target=Preflight")]
    [InlineData("--target Test --verbosity verbose")]
    [InlineData("--target=Preflight --environment=staging --dry-run")]
    [InlineData("--tree")]
    [InlineData("--target=Preflight --dryrun")]
    public void Accepts_valid_command_lines(string line) => Assert.Null(ArgumentCheck.Find(line.Split(' ')));

    [Theory]
    [InlineData("--enviroment=staging", "Unknown option '--enviroment'. Did you mean --environment? Run ./build.sh --help for the options.")]
    [InlineData("--dryrun-all", "Unknown option '--dryrun-all'.")]
    [InlineData("--environment=dev", "Unknown environment 'dev': use one of local, staging, production.")]
    [InlineData("--target=Preflite", "Unknown target 'Preflite'. Did you mean Preflight? Run ./build.sh to list targets.")]
    [InlineData("--environment", "Option --environment needs a value.")]
    [InlineData("--dry-run=maybe", "Option --dry-run is a flag; 'maybe' is not true or false.")]
    [InlineData("staging", "Unexpected argument 'staging': options look like --name=value.")]
    public void Rejects_bad_command_lines_with_one_line(string line, string expectedStart)
    {
        var problem = ArgumentCheck.Find(line.Split(' '));

        Assert.NotNull(problem);
        Assert.StartsWith(expectedStart, problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Fact]
    public void Every_pipeline_target_has_a_description()
    {
        var tasks = Cake.Frosting.TaskCatalog.Discover([typeof(DeployContext).Assembly]);

        Assert.All(tasks, t => Assert.False(string.IsNullOrWhiteSpace(t.Description), t.Name));
    }
}
