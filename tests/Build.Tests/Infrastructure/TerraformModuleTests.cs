namespace Deploy.Build.Tests.Infrastructure;

/// <summary>Every module: init, validate and its terraform test files (mock_provider), offline.</summary>
[Collection(TerraformTestGroup.Name)]
public sealed class TerraformModuleTests
{
    public static TheoryData<string> Modules()
    {
        var data = new TheoryData<string>();
        foreach (var module in Terraform.OfflineModules())
        {
            data.Add(module);
        }

        return data;
    }

    [SkippableFact]
    public async Task Formatting_is_canonical()
    {
        var result = await Terraform.RunAsync(Terraform.InfraRoot, "fmt", "-check", "-recursive", "-diff");

        Assert.True(result.ExitCode == 0, "terraform fmt would change:\n" + result.Output);
    }

    [SkippableTheory]
    [MemberData(nameof(Modules))]
    public async Task Module_validates_and_its_tests_pass(string module)
    {
        var dir = Path.Combine(Terraform.InfraRoot, "modules", module);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "tests"), "*.tftest.hcl"));

        await Terraform.MustSucceedAsync(dir, "init", "-backend=false", "-input=false", "-no-color");
        await Terraform.MustSucceedAsync(dir, "validate", "-no-color");
        await Terraform.MustSucceedAsync(dir, "test", "-no-color");
    }

    [SkippableFact]
    public async Task Local_root_validates()
    {
        var dir = Path.Combine(Terraform.InfraRoot, "envs", "local");

        await Terraform.MustSucceedAsync(dir, "init", "-backend=false", "-input=false", "-no-color");
        await Terraform.MustSucceedAsync(dir, "validate", "-no-color");
    }

    [Fact]
    public void Every_module_is_a_documented_interface()
    {
        foreach (var dir in Directory.GetDirectories(Path.Combine(Terraform.InfraRoot, "modules")))
        {
            foreach (var file in new[] { "variables.tf", "outputs.tf", "versions.tf", "README.md" })
            {
                Assert.True(File.Exists(Path.Combine(dir, file)), $"{Path.GetFileName(dir)} lacks {file}");
            }
        }
    }

    [Fact]
    public void Online_only_modules_say_so_in_their_README()
    {
        foreach (var dir in Directory.GetDirectories(Path.Combine(Terraform.InfraRoot, "modules")).Where(Terraform.RequiresOnlineProvider))
        {
            var readme = File.ReadAllText(Path.Combine(dir, "README.md"));
            Assert.Contains("offline", readme, StringComparison.OrdinalIgnoreCase);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TerraformTestGroup
{
    public const string Name = "terraform";
}
