using Deploy.Build.Steps.Setup;

namespace Deploy.Build.Tests.Setup;

/// <summary>The set-up plan, computed from a probe of the machine: nothing is installed or started here.</summary>
public sealed class SetupPlanTests
{
    private const string Pid = "/repo/.local-cloud/run/dockerd.pid";
    private const string Log = "/repo/.local-cloud/logs/dockerd.log";

    /// <summary>A fresh Debian 12 box as issue 16 found it: no Docker at all, no registry, PostgreSQL absent.</summary>
    private static readonly MachineProbe Fresh = new()
    {
        HasApt = true,
        Setsid = "/usr/bin/setsid",
        User = "dev",
    };

    private static MachineProbe Complete => Fresh with
    {
        DockerCli = true,
        Engine = EngineState.Running,
        Present = SystemPackages.All.Select(p => p.Program).ToHashSet(StringComparer.Ordinal),
    };

    private static SetupPlan Plan(MachineProbe probe, SetupScope scope = SetupScope.LocalCloud) => SetupPlan.For(probe, scope, Pid, Log);

    [Fact]
    public void As_root_a_fresh_machine_gets_its_packages_and_a_detached_dockerd_with_pid_and_log_in_the_local_cloud()
    {
        var plan = Plan(Fresh with { IsRoot = true });

        Assert.False(plan.NeedsTheUser);
        Assert.All(plan.Steps, s => Assert.True(s.Automatic));
        Assert.Equal(
            [
                "apt-get update -qq",
                "env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io docker-registry postgresql nginx-light",
                $"/usr/bin/setsid --fork /bin/sh -c 'echo $$ > \"$1\"; log=\"$2\"; shift 2; exec \"$@\" >>\"$log\" 2>&1 </dev/null' sh {Pid} {Log} dockerd --storage-driver=vfs --iptables=false --bridge=none --host=unix:///var/run/docker.sock",
            ],
            plan.Steps.Select(s => s.Display));
        Assert.True(plan.Steps[^1].StartsDaemon);
    }

    [Fact]
    public void The_test_scope_adds_the_tests_packages_from_the_same_list()
    {
        var plan = Plan(Fresh with { IsRoot = true }, SetupScope.LocalCloudAndTests);

        Assert.EndsWith("apt-get install -y -qq docker.io docker-registry postgresql nginx-light shellcheck busybox-static chromium", plan.Steps[1].Display, StringComparison.Ordinal);
    }

    [Fact]
    public void Passwordless_sudo_runs_the_same_steps_through_sudo_n()
    {
        var plan = Plan(Fresh with { PasswordlessSudo = true });

        Assert.All(plan.Steps, s => Assert.True(s.Automatic));
        Assert.All(plan.Steps, s => Assert.Equal(["sudo", "-n"], s.Command.Take(2)));
    }

    [Fact]
    public void Without_root_the_refusal_is_one_line_with_the_one_command_to_run()
    {
        var plan = Plan(Fresh);

        Assert.True(plan.NeedsTheUser);
        Assert.Empty(plan.Automatic);
        var refusal = plan.Refusal("./build.sh --target=DeployLocal");
        Assert.StartsWith(
            "The set-up cannot finish without you (refresh the package lists and install docker.io (the Docker engine), docker-registry (the local ECR registry; else the registry:2 image), postgresql (the local Aurora; else the postgres:15 image), nginx-light (the local edge; else the nginx:stable image) and start the Docker engine): "
            + "run sudo apt-get update && sudo apt-get install -y docker.io docker-registry postgresql nginx-light && sudo /usr/bin/setsid --fork /bin/sh -c ",
            refusal, StringComparison.Ordinal);
        Assert.EndsWith(" then ./build.sh --target=DeployLocal again.", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refusal);
    }

    [Fact]
    public void A_complete_machine_needs_nothing()
    {
        Assert.True(Plan(Complete, SetupScope.LocalCloudAndTests).IsEmpty);
    }

    [Fact]
    public void A_running_engine_without_dockerd_on_path_is_enough_docker_desktop_or_a_remote_engine()
    {
        var probe = Complete with { Present = new HashSet<string>(["docker-registry", "initdb", "/usr/sbin/nginx"], StringComparer.Ordinal) };

        Assert.True(Plan(probe).IsEmpty);
    }

    [Fact]
    public void Installed_but_stopped_the_engine_is_started_and_nothing_installed()
    {
        var plan = Plan(Complete with { IsRoot = true, Engine = EngineState.NotRunning });

        var step = Assert.Single(plan.Steps);
        Assert.Equal("start the Docker engine", step.What);
        Assert.Equal("/usr/bin/setsid", step.Command[0]);
    }

    [Fact]
    public void With_systemd_the_packaged_unit_is_started()
    {
        var plan = Plan(Complete with { PasswordlessSudo = true, HasSystemd = true, Engine = EngineState.NotRunning });

        Assert.Equal("sudo -n systemctl start docker", Assert.Single(plan.Steps).Display);
    }

    [Fact]
    public void An_engine_this_user_may_not_use_is_a_docker_group_step_for_the_user()
    {
        var plan = Plan(Complete with { Engine = EngineState.PermissionDenied });

        var step = Assert.Single(plan.Steps);
        Assert.False(step.Automatic);
        Assert.True(step.Required);
        Assert.Equal("sudo usermod -aG docker dev", step.Display);
        Assert.Contains("log in again", step.What, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_optional_servers_are_not_required_they_have_image_fallbacks()
    {
        var probe = Complete with { Present = new HashSet<string>(["dockerd"], StringComparer.Ordinal) };

        var plan = Plan(probe, SetupScope.LocalCloudAndTests);

        Assert.False(plan.NeedsTheUser);
        Assert.Equal("sudo apt-get install -y docker-registry postgresql nginx-light shellcheck busybox-static chromium", plan.Manual[1].Display);
    }

    [Fact]
    public void Without_apt_the_step_says_what_to_install_without_a_wrong_command()
    {
        var plan = Plan(Fresh with { HasApt = false, IsRoot = true });

        Assert.Empty(plan.Steps[0].Command);
        Assert.Contains("no apt-get here", plan.Steps[0].What, StringComparison.Ordinal);
        Assert.True(plan.NeedsTheUser);
    }

    [Fact]
    public void Off_linux_the_user_starts_docker_desktop()
    {
        var plan = Plan(Complete with { IsLinux = false, Engine = EngineState.NotRunning });

        Assert.Equal("start Docker Desktop", Assert.Single(plan.Steps).Display);
    }

    [Fact]
    public async Task The_probe_finds_programs_through_its_locator()
    {
        var probe = await MachineProbe.ReadAsync(name => name is "docker-registry" or "apt-get" ? "/usr/bin/" + name : null);

        Assert.True(probe.Has("docker-registry"));
        Assert.False(probe.Has("dockerd"));
        Assert.False(probe.DockerCli);
        Assert.True(probe.HasApt);
        Assert.Equal(EngineState.NotRunning, probe.Engine);
    }

    [Fact]
    public void Quoting_keeps_plain_words_bare_and_quotes_the_rest()
    {
        Assert.Equal("a --x=1 'b c' 'it'\\''s'", SetupPlan.Quote(["a", "--x=1", "b c", "it's"]));
    }
}
