namespace Deploy.Build.Steps.Infrastructure;

/// <summary>Reads the infrastructure outputs for tasks that run without TerragruntApply (e.g. SyncStatic --exclusive).</summary>
public interface IInfraOutputsReader
{
    Task<InfraOutputs> ReadAsync(DeployContext context, CancellationToken ct);
}

/// <summary>`output -json` through the environment's runner; the result is also kept in <see cref="DeployContext.Outputs"/>.</summary>
public sealed class InfraOutputsReader(InfraApplier applier) : IInfraOutputsReader
{
    public Task<InfraOutputs> ReadAsync(DeployContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Outputs is { } known)
        {
            return Task.FromResult(known);
        }

        return Task.Run(() =>
        {
            var outputs = applier.ReadOutputs(context)
                          ?? throw new InvalidOperationException($"The {context.EnvironmentName} infrastructure has no outputs yet: run TerragruntApply first.");
            context.Outputs = outputs;
            return outputs;
        }, ct);
    }
}
