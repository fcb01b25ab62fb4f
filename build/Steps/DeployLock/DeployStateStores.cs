namespace Deploy.Build.Steps.DeployLock;

/// <summary>The environment's deploy-state store (lock and audit log), for the tasks that read or write it.</summary>
public interface IDeployStateStores
{
    DeployStateStore For(DeployContext context);
}

/// <summary>AWS: the state bucket scripts/bootstrap_state.sh creates; local: a bucket in the local cloud's S3.</summary>
public sealed class DeployStateStores : IDeployStateStores
{
    public DeployStateStore For(DeployContext context) => DeployStateLocation.StoreFor(context);
}
