using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Aws.Ssm;
using Deploy.Build.Steps.EnvFiles;

namespace Deploy.Build.Tasks;

[TaskName("EnvFiles")]
[TaskDescription("Write the API's and web's .env files from the infrastructure outputs and SSM (mode 600, git-ignored).")]
[IsDependentOn(typeof(ReadOutputsTask))]
public sealed class EnvFilesTask(IParameterReader parameters) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var outputs = context.Outputs
                      ?? throw new InvalidOperationException("No infrastructure outputs: run EnvFiles after TerragruntApply (e.g. --target=EnvFiles after a deploy).");
        string? databaseUrl = null;
        if (outputs.SsmParameterNames.TryGetValue(EnvFilePlan.DatabaseUrlParameter, out var name))
        {
            databaseUrl = await parameters.GetAsync(context.Aws, name).ConfigureAwait(false);
            context.Secrets.Register(databaseUrl);
        }

        foreach (var file in EnvFilePlan.For(context.Config, outputs, context.ConfigDirectory, databaseUrl))
        {
            var relative = Path.GetRelativePath(context.RepositoryRoot, file.Path);
            if (context.DryRun)
            {
                context.Log.Information("would write {0}: {1}", relative, file.Describe());
                context.Summary.Change($"would write {relative}");
                continue;
            }

            if (EnvFileWriter.Write(file))
            {
                context.Log.Information("wrote {0} ({1} entries, mode 600)", relative, file.Entries.Count);
                context.Summary.Change($"wrote {relative}");
            }
            else
            {
                context.Log.Information("{0} is up to date", relative);
            }
        }
    }
}
