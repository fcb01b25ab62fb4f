using Deploy.Build.Aws.Sts;
using Deploy.Build.LocalCloud;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.LocalCloud;

/// <summary>The local cloud's decisions, without starting anything.</summary>
public sealed class LocalCloudUnitTests : IDisposable
{
    private readonly TempDir _dir = new();

    private LocalCloudSettings Settings => new(_dir.Path, 4566, 5050, 55432);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_registry_config_binds_loopback_stores_under_the_state_folder_and_allows_deletes()
    {
        var yaml = RegistryService.RenderConfig(Settings, "/state/registry/data");

        Assert.Contains("addr: 127.0.0.1:5050", yaml, StringComparison.Ordinal);
        Assert.Contains("rootdirectory: \"/state/registry/data\"", yaml, StringComparison.Ordinal);
        Assert.Contains("delete:\n    enabled: true", yaml.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("auth:", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void An_htpasswd_file_turns_on_registry_basic_auth()
    {
        var yaml = RegistryService.RenderConfig(Settings with { RegistryHtpasswdFile = "/state/registry/htpasswd" }, "/data");

        Assert.Contains("auth:", yaml, StringComparison.Ordinal);
        Assert.Contains("path: \"/state/registry/htpasswd\"", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_runs_from_its_binary_when_the_machine_has_it()
    {
        var launcher = LocalCloudSupervisor.ChooseLauncher(new MotoService(Settings), name => "/usr/bin/" + name);

        Assert.Equal(LaunchStrategy.Process, launcher.Strategy);
    }

    [Fact]
    public void A_missing_binary_falls_back_to_its_container_image()
    {
        var launcher = LocalCloudSupervisor.ChooseLauncher(
            new RegistryService(Settings), name => name == "docker" ? "/usr/bin/docker" : null);

        Assert.Equal(LaunchStrategy.Container, launcher.Strategy);
    }

    [Fact]
    public void With_neither_binary_nor_docker_the_error_says_how_to_install()
    {
        var ex = Assert.Throws<LocalCloudException>(() =>
            LocalCloudSupervisor.ChooseLauncher(new MotoService(Settings), _ => null));

        Assert.Contains("moto_server is not installed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("pip install 'moto[server]'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("motoserver/moto", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_moto_container_uses_host_networking_and_binds_loopback()
    {
        var args = ContainerLauncher.RunArguments(new MotoService(Settings));

        Assert.Equal(["run", "-d", "--name", "local-cloud-moto-4566", "--network", "host"], args.Take(6));
        Assert.Contains("MOTO_IAM_LOAD_MANAGED_POLICIES=true", args);
        Assert.Equal(["--entrypoint", "python", MotoService.Image, "/opt/moto_iam.py", "-H", "127.0.0.1", "-p", "4566"], args.TakeLast(8));
        Assert.Contains($"{MotoService.Launcher}:/opt/moto_iam.py", string.Join(' ', args), StringComparison.Ordinal);
    }

    [Fact]
    public void Moto_runs_as_the_IAM_enforcing_launcher_with_both_local_accounts()
    {
        var command = new MotoService(Settings).ProcessCommand("/no/such/moto_server");

        Assert.Equal(["python3", MotoService.Launcher, "-H", "127.0.0.1", "-p", "4566"], command.Arguments);
        Assert.True(File.Exists(MotoService.Launcher), "moto_iam.py is copied beside the assembly");
        Assert.Equal($"{LocalCloudSettings.AccountId},{LocalCloudSettings.SecondAccountId}", command.Environment["MOTO_IAM_ACCOUNTS"]);
        Assert.Equal(Settings.BootstrapFile, command.Environment["MOTO_IAM_BOOTSTRAP_FILE"]);
    }

    // The local cloud applies modules/ci-access itself: each minted token must carry a subject its role's trust admits,
    // the plan role's being the main-branch one (no pull request runs as the role that reads the master password).
    [Theory]
    [InlineData(DeployRole.Plan, "repo:example/deploy-pipeline:ref:refs/heads/main")]
    [InlineData(DeployRole.Infra, "repo:example/deploy-pipeline:environment:local")]
    [InlineData(DeployRole.Deploy, "repo:example/deploy-pipeline:environment:local")]
    public void Local_tokens_carry_the_subject_their_role_trusts(DeployRole role, string subject)
    {
        Assert.Equal(subject, LocalCloudIdentities.Subject("local", role));
        Assert.True(CiAccessTrust.Admits(LocalCloudSettings.GitHubRepository, "local", role, LocalCloudIdentities.Subject("local", role)));
    }

    [Fact]
    public void A_pip_installed_moto_server_names_its_interpreter()
    {
        using var dir = new TempDir();
        var script = Path.Combine(dir.Path, "moto_server");
        File.WriteAllText(script, "#!/opt/venv/bin/python3.11\nimport sys\n");
        var envScript = Path.Combine(dir.Path, "moto_env");
        File.WriteAllText(envScript, "#!/usr/bin/env python3\n");
        var shim = Path.Combine(dir.Path, "moto_shim");
        File.WriteAllText(shim, "#!/usr/bin/env bash\nexec pyenv exec moto_server\n");

        Assert.Equal("/opt/venv/bin/python3.11", MotoService.Interpreter(script));
        Assert.Equal("python3", MotoService.Interpreter(envScript));
        Assert.Equal("python3", MotoService.Interpreter(shim));
    }

    [Fact]
    public void The_registry_container_serves_the_same_config_from_the_same_paths()
    {
        var service = new RegistryService(Settings);

        var args = ContainerLauncher.RunArguments(service);

        Assert.Contains($"{Settings.RegistryDirectory}:{Settings.RegistryDirectory}", args);
        Assert.Equal([RegistryService.Image, service.ConfigPath], args.TakeLast(2));
    }

    [Fact]
    public void The_postgres_container_gets_its_password_by_name_only()
    {
        SecretFile.Write(new LocalCloudState(Settings).SuperuserPasswordFile, "s3cret-value");
        var service = new PostgresService(Settings, _ => null);

        var args = ContainerLauncher.RunArguments(service);

        Assert.Contains("POSTGRES_PASSWORD", args);
        Assert.DoesNotContain(args, a => a.Contains("s3cret-value", StringComparison.Ordinal));
        Assert.Equal("s3cret-value", service.ContainerCommand().SecretEnvironment["POSTGRES_PASSWORD"]);
        Assert.Equal([PostgresService.Image, "postgres", "-c", "listen_addresses=127.0.0.1", "-p", "55432"], args.TakeLast(6));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_database_url_points_at_the_app_database_on_loopback()
    {
        var state = new LocalCloudState(Settings);
        SecretFile.Write(state.AppPasswordFile, "abc123");

        Assert.Equal("postgres://app:abc123@127.0.0.1:55432/app", state.DatabaseUrl);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(state.AppPasswordFile));
    }

    [Fact]
    public void Without_LocalUp_the_database_url_says_what_to_run()
    {
        var ex = Assert.Throws<LocalCloudException>(() => new LocalCloudState(Settings).DatabaseUrl);

        Assert.Contains("run ./build.sh --target=LocalUp first", ex.Message, StringComparison.Ordinal);
        Assert.Null(new LocalCloudState(Settings).MotoGeneration);
    }

    [Theory]
    [InlineData(ServiceAction.Started, "moto started on 127.0.0.1:4566 (pid 1234)")]
    [InlineData(ServiceAction.AlreadyRunning, "moto already running on 127.0.0.1:4566 (pid 1234)")]
    [InlineData(ServiceAction.Stopped, "moto stopped (pid 1234)")]
    [InlineData(ServiceAction.NotRunning, "moto was not running")]
    public void Outcomes_read_as_one_summary_line(ServiceAction action, string expected)
    {
        var outcome = new ServiceOutcome("moto", action, 4566, 1234, LaunchStrategy.Process, "/logs/moto.log");

        Assert.Equal(expected, outcome.Line);
    }

    [Fact]
    public void The_status_table_has_one_aligned_row_per_service()
    {
        var lines = LocalStatusTable.Render(
        [
            new ServiceStatus("moto", 4566, 1234, LaunchStrategy.Process, true, "running", "/s/logs/moto.log"),
            new ServiceStatus("postgres", 55432, null, null, false, "stopped", "/s/logs/postgres.log"),
        ]);

        Assert.Equal(3, lines.Count);
        Assert.StartsWith("SERVICE ", lines[0], StringComparison.Ordinal);
        Assert.Equal(lines[1].IndexOf("127.0.0.1:4566", StringComparison.Ordinal), lines[2].IndexOf("127.0.0.1:55432", StringComparison.Ordinal));
        Assert.Contains("yes", lines[1], StringComparison.Ordinal);
        Assert.Contains(" - ", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void A_torn_pid_file_reads_as_stale()
    {
        var records = new ServiceRecords(Settings.RunDirectory);
        Directory.CreateDirectory(Settings.RunDirectory);
        File.WriteAllText(records.PathOf("moto"), "{ not json");

        var record = records.Read("moto");

        Assert.NotNull(record);
        Assert.Equal(0, record.Pid);
        Assert.False(OsProcess.IsAlive(record.Pid));
    }

    [Fact]
    public async Task Only_one_LocalUp_or_LocalDown_holds_the_state_lock()
    {
        using (await StateLock.AcquireAsync(Settings.RunDirectory, CancellationToken.None))
        {
            var ex = await Assert.ThrowsAsync<LocalCloudException>(() =>
                StateLock.AcquireAsync(Settings.RunDirectory, CancellationToken.None, TimeSpan.FromMilliseconds(300)));
            Assert.Contains("Another run holds", ex.Message, StringComparison.Ordinal);
        }

        using var again = await StateLock.AcquireAsync(Settings.RunDirectory, CancellationToken.None, TimeSpan.FromMilliseconds(300));
    }
}
