using Deploy.Build.Steps.Infrastructure;
using Deploy.Build.Tests.Support;
using Deploy.Build.Tools.Terraform;
using Deploy.Build.Tools.Terragrunt;

namespace Deploy.Build.Tests.Infrastructure;

/// <summary>The wrappers' command lines, and merging Terragrunt's per-unit outputs into one record.</summary>
public sealed class ToolArgumentsTests
{
    [Fact]
    public void A_provider_download_that_fails_without_a_mirror_says_how_to_set_one()
    {
        var offline = ProcessResult.Of(1, [], ["Error: Failed to query available provider packages", "Could not retrieve the list of available versions for provider hashicorp/aws: could not connect to registry.terraform.io: dial tcp: lookup registry.terraform.io: no such host"]);

        Assert.Equal(" (no registry access? set TF_PROVIDER_MIRROR to a provider mirror folder)", offline.OfflineHint(mirror: null));
        Assert.Equal(string.Empty, offline.OfflineHint("/opt/mirror"));
        Assert.Equal(string.Empty, ProcessResult.Of(1, [], ["Error: Invalid reference"]).OfflineHint(null));
    }

    [Fact]
    public void Init_reconfigures_with_the_backend_settings()
    {
        var init = new TerraformInitSettings();
        init.BackendConfig["path"] = "/repo/.local-cloud/terraform/local.tfstate";

        Assert.Equal("init -input=false -no-color -reconfigure -backend-config=path=/repo/.local-cloud/terraform/local.tfstate", init.Arguments().Render());
        Assert.Equal("init -input=false -no-color -backend=false", new TerraformInitSettings { Reconfigure = false, Backend = false }.Arguments().Render());
    }

    [Fact]
    public void Plan_saves_its_plan_and_asks_for_the_detailed_exit_code()
    {
        var plan = new TerraformPlanSettings { OutFile = "/w/local.tfplan", Destroy = true };
        plan.Targets.Add("module.ecr");

        Assert.Equal("plan -detailed-exitcode -input=false -no-color -lock-timeout=60s \"-out=/w/local.tfplan\" -destroy -target=module.ecr", plan.Arguments().Render());
    }

    [Fact]
    public void Apply_show_output_and_destroy()
    {
        Assert.Equal("apply -input=false -no-color -lock-timeout=60s \"/w/local.tfplan\"", new TerraformApplySettings { PlanFile = "/w/local.tfplan" }.Arguments().Render());
        Assert.Equal("show -json -no-color \"/w/local.tfplan\"", new TerraformShowSettings { PlanFile = "/w/local.tfplan" }.Arguments().Render());
        Assert.Equal("output -json -no-color", new TerraformOutputSettings().Arguments().Render());
        Assert.Equal("destroy -auto-approve -input=false -no-color -lock-timeout=60s", new TerraformDestroySettings().Arguments().Render());
    }

    [Fact]
    public void Terragrunt_uses_run_all_non_interactive_with_saved_plans()
    {
        var plan = TerragruntRunAllSettings.Plan();
        plan.OutDir = "/w/plans";
        plan.JsonOutDir = "/w/json";

        Assert.Equal(
            "run --all --non-interactive --no-color --out-dir \"/w/plans\" --json-out-dir \"/w/json\" -- plan -detailed-exitcode -input=false -lock-timeout=60s",
            plan.Arguments().Render());

        var apply = TerragruntRunAllSettings.Apply();
        apply.OutDir = "/w/plans";
        Assert.Equal("run --all --non-interactive --no-color --out-dir \"/w/plans\" -- apply -input=false -lock-timeout=60s", apply.Arguments().Render());
        Assert.Equal("run --all --non-interactive --no-color --tf-forward-stdout --parallelism 1 -- output -json", TerragruntRunAllSettings.Output().Arguments().Render());
        Assert.Equal("run --all --non-interactive --no-color -- destroy -input=false -lock-timeout=60s", TerragruntRunAllSettings.Destroy().Arguments().Render());
        Assert.EndsWith("-- plan -detailed-exitcode -input=false -lock-timeout=60s -destroy", TerragruntRunAllSettings.Plan(destroy: true).Arguments().Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void One_unit_is_selected_with_a_path_filter()
    {
        var apply = TerragruntRunAllSettings.Apply();
        apply.Units.Add("ecr/");

        Assert.StartsWith("run --all --non-interactive --no-color --filter \"{./ecr}\" -- apply", apply.Arguments().Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Per_unit_output_documents_are_split_and_merged_into_the_contract()
    {
        const string stdout = """
            {
              "ecr_repository_urls": {"sensitive": false, "type": ["map","string"], "value": {"api": "1.dkr.ecr/x/api", "web": "1.dkr.ecr/x/web"}}
            }
            some log line with a } brace
            {"assets_bucket_name": {"sensitive": false, "type": "string", "value": "assets-{b}\"q"}}
            {"ecs_cluster_name": {"value": "main"}, "task_subnet_ids": {"value": ["s-1","s-2"]}, "task_assign_public_ip": {"value": true}}
            """;

        var documents = JsonDocuments.Split(stdout);
        var outputs = InfraOutputs.FromJson(documents);

        Assert.Equal(3, documents.Count);
        Assert.Equal("1.dkr.ecr/x/web", outputs.EcrRepositoryUrls["web"]);
        Assert.Equal("assets-{b}\"q", outputs.AssetsBucketName);
        Assert.Equal("main", outputs.EcsClusterName);
        Assert.Equal(["s-1", "s-2"], outputs.TaskSubnetIds);
        Assert.True(outputs.TaskAssignPublicIp);
    }

    [Fact]
    public void Terragrunt_unit_plans_are_read_from_the_json_out_dir()
    {
        using var dir = new TempDir();
        dir.Write("json/ecr/tfplan.json", PlanParsingTests.Plan(("aws_ecr_repository.api", "aws_ecr_repository", "\"create\"")));
        dir.Write("json/services/api/tfplan.json", PlanParsingTests.Plan(("aws_ecs_service.api", "aws_ecs_service", "\"no-op\"")));

        var plans = TerragruntInfraRunner.ReadUnitPlans(Path.Combine(dir.Path, "json"), Path.Combine(dir.Path, "plans"));

        Assert.Equal(["ecr: +1 ~0 -0", "services/api: no changes"], plans.Select(p => p.ToString()));
        Assert.Empty(TerragruntInfraRunner.ReadUnitPlans(Path.Combine(dir.Path, "none"), dir.Path));
    }

    [Fact]
    public void A_dry_run_plan_takes_no_state_lock()
    {
        var readOnly = TerragruntRunAllSettings.Plan(readOnly: true).Arguments().Render();

        Assert.EndsWith("-- plan -detailed-exitcode -input=false -lock=false", readOnly, StringComparison.Ordinal);
        Assert.DoesNotContain("-lock-timeout", readOnly, StringComparison.Ordinal);
        Assert.EndsWith("-- plan -detailed-exitcode -input=false -lock-timeout=60s", TerragruntRunAllSettings.Plan().Arguments().Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Terragrunt_runs_get_its_provider_cache_and_never_terraforms_plugin_cache()
    {
        using var dir = new TempDir();

        var forTerragrunt = TerraformCliConfig.Prepare(dir.Path, mirror: null, pluginCache: false);
        var forTerraform = TerraformCliConfig.Prepare(dir.Path, mirror: null);

        Assert.False(forTerragrunt.ContainsKey("TF_PLUGIN_CACHE_DIR"));
        Assert.True(forTerraform.ContainsKey("TF_PLUGIN_CACHE_DIR"));
        var settings = TerragruntRunAllSettings.Plan();
        settings.ProviderCacheDirectory = "/w/.deploy/infra/staging/provider-cache";
        Assert.Contains("--provider-cache --provider-cache-dir \"/w/.deploy/infra/staging/provider-cache\"", settings.Arguments().Render(), StringComparison.Ordinal);
    }
}
