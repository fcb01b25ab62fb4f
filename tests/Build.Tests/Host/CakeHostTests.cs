using Cake.Frosting;

namespace Deploy.Build.Tests.Host;

[Collection(HostTestGroup.Name)]
public sealed class CakeHostTests
{
    private static async Task<(int ExitCode, List<string> Events, string Output)> RunAsync(params string[] args)
    {
        Recorder.Events.Clear();
        Environment.SetEnvironmentVariable("NO_COLOR", "1");
        var original = Console.Out;
        var originalError = Console.Error;
        using var capture = new StringWriter();
        Console.SetOut(capture);
        Console.SetError(capture);
        try
        {
            var exit = await new CakeHost()
                .UseContext<SampleContext>()
                .UseLifetime<SampleLifetime>()
                .UseTaskLifetime<SampleTaskLifetime>()
                .AddAssembly(typeof(CakeHostTests).Assembly)
                .RunAsync(args);
            return (exit, [.. Recorder.Events], capture.ToString());
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
        }
    }

    [Fact]
    public void Discovers_task_classes_with_their_names_descriptions_and_edges()
    {
        var tasks = TaskCatalog.Discover([typeof(CakeHostTests).Assembly]);

        var a = Assert.Single(tasks, t => t.Name == "A");
        Assert.Equal("First task", a.Description);
        var b = Assert.Single(tasks, t => t.Name == "B");
        Assert.Equal([typeof(ATask)], b.DependsOn);
        Assert.True(Assert.Single(tasks, t => t.Name == "Tolerant").ContinueOnError);
        Assert.Equal([typeof(BTask)], Assert.Single(tasks, t => t.Name == "Pre").DependeeOf);
    }

    [Fact]
    public async Task Runs_dependencies_first_including_dependees_and_async_tasks()
    {
        var (exit, events, _) = await RunAsync("--target=B");

        Assert.Equal(0, exit);
        var order = events.Where(e => !e.Contains(':', StringComparison.Ordinal)).ToList();
        Assert.Equal(["A", "Pre", "B"], order);
        Assert.Equal("setup:B", events[0]);
        Assert.Equal("teardown:ok", events[^1]);
    }

    [Fact]
    public async Task A_false_criterion_skips_the_task_and_reports_it_skipped()
    {
        var (exit, events, output) = await RunAsync("--target=D");

        Assert.True(exit == 0, output);
        Assert.DoesNotContain("C", events);
        Assert.Contains("D", events);
        Assert.Contains("after:C:skipped", events);
    }

    [Fact]
    public async Task A_criterion_can_read_pipeline_arguments()
    {
        var (exit, events, _) = await RunAsync("--target=D", "--run-c");

        Assert.Equal(0, exit);
        Assert.Contains("C", events);
    }

    [Fact]
    public async Task A_failing_task_stops_the_run_runs_its_finally_and_exits_non_zero()
    {
        var (exit, events, output) = await RunAsync("--target=AfterFails");

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("Fails.finally", events);
        Assert.DoesNotContain("AfterFails", events);
        Assert.Equal("teardown:failed", events[^1]);
        Assert.Contains("boom in Fails", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_OnError_override_handles_the_error()
    {
        var (exit, events, _) = await RunAsync("--target=Handled");

        Assert.Equal(0, exit);
        Assert.Contains("OnError:handled boom", events);
    }

    [Fact]
    public async Task ContinueOnError_lets_dependents_run()
    {
        var (exit, events, _) = await RunAsync("--target=AfterTolerant");

        Assert.Equal(0, exit);
        Assert.Contains("AfterTolerant", events);
    }

    [Fact]
    public async Task Exclusive_runs_the_target_alone()
    {
        var (exit, events, _) = await RunAsync("--target=B", "--exclusive");

        Assert.Equal(0, exit);
        Assert.Equal(["B"], events.Where(e => !e.Contains(':', StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Cake_dry_run_lists_the_order_and_runs_nothing()
    {
        var (exit, events, output) = await RunAsync("--target=B", "--dryrun");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("B", events);
        Assert.Matches(@"1\. A[\s\S]*2\. Pre[\s\S]*3\. B", output);
    }

    [Fact]
    public async Task Tree_and_description_print_the_graph_without_running()
    {
        var tree = await RunAsync("--tree");
        var description = await RunAsync("--description");

        Assert.Equal(0, tree.ExitCode);
        Assert.DoesNotContain(tree.Events, e => !e.Contains(':', StringComparison.Ordinal));
        Assert.Contains("AfterFails", tree.Output, StringComparison.Ordinal);
        Assert.Equal(0, description.ExitCode);
        Assert.Contains("First task", description.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_target_is_a_usage_error_before_anything_runs()
    {
        var (exit, events, output) = await RunAsync("--target=Nope");

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Empty(events);
        Assert.Contains("Unknown target 'Nope'", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--verbosity=loud")]
    [InlineData("stray")]
    [InlineData("--target")]
    public async Task Bad_host_options_are_usage_errors(string arg)
    {
        var (exit, events, _) = await RunAsync(arg);

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Empty(events);
    }

    [Fact]
    public async Task Version_prints_without_running_tasks()
    {
        var (exit, events, output) = await RunAsync("--version");

        Assert.Equal(0, exit);
        Assert.Empty(events);
        Assert.Contains("Cake 7.0", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_options_parse_both_spellings()
    {
        var options = HostOptions.Parse(["--target", "B", "-v", "diagnostic", "--environment=staging", "--dry-run"]);

        Assert.Equal("B", options.Target);
        Assert.Equal(Cake.Core.Diagnostics.Verbosity.Diagnostic, options.Verbosity);
        Assert.Contains(options.Arguments, a => a.Key == "environment" && a.Value == "staging");
        Assert.Contains(options.Arguments, a => a.Key == "dry-run" && a.Value == "true");
    }
}
