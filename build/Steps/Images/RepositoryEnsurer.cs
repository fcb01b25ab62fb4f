using Cake.Core.Diagnostics;
using Deploy.Build.Aws;
using Deploy.Build.Aws.Ecr;
using Deploy.Build.Configuration;

namespace Deploy.Build.Steps.Images;

/// <summary>One image's repository: the image name (api) and the ECR repository name (webapp-staging-api).</summary>
public sealed record ImageRepository(string Image, string RepositoryName);

/// <summary>A repository owned by the IaC ecr unit is not as the policy says; the pipeline does not patch IaC-owned resources.</summary>
public sealed class RepositoryPolicyException(string message) : Exception(message);

/// <summary>
/// EnsureEcr's logic: every image has its repository with scan on push, immutable tags and the lifecycle
/// policy. Repositories owned by the IaC ecr unit are applied by it and then verified through the API;
/// repositories owned by the pipeline are created and corrected through the API. Idempotent; dry-run reads only.
/// </summary>
public sealed class RepositoryEnsurer(IEcrClient ecr, IEcrUnitApplier applier, ICakeLog log)
{
    /// <returns>What changed (or would change in dry-run), one line each, for the run summary.</returns>
    public async Task<IReadOnlyList<string>> EnsureAsync(DeployContext context, IReadOnlyList<ImageRepository> repositories, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(repositories);
        var changes = new List<string>();
        var owner = context.DeployEnvironment.EcrOwner;
        if (owner == EcrOwner.Terraform)
        {
            // Plans (and in a dry run only plans) the ecr unit; it records its own summary line ("[ecr] no changes", ...).
            await applier.ApplyAsync(context, ct).ConfigureAwait(false);
        }

        foreach (var repository in repositories)
        {
            changes.AddRange(owner == EcrOwner.Terraform
                ? await VerifyAsync(repository, context.DryRun, ct).ConfigureAwait(false)
                : await EnsureOneAsync(repository, context.DryRun, ct).ConfigureAwait(false));
        }

        return changes;
    }

    /// <summary>IaC-owned: the repository must exist and follow the policy; anything else is a clear failure (or, in dry-run, a note).</summary>
    public async Task<IReadOnlyList<string>> VerifyAsync(ImageRepository repository, bool dryRun, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var found = await DescribeAsync(repository.RepositoryName, ct).ConfigureAwait(false);
        var problems = found is null
            ? ["does not exist"]
            : RepositoryPolicy.Differences(found, await LifecyclePolicyAsync(repository.RepositoryName, ct).ConfigureAwait(false));
        if (problems.Count == 0)
        {
            log.Information("Repository {0} ({1}) verified: scan on push, immutable tags, keeps {2} images.", repository.Image, repository.RepositoryName, RepositoryPolicy.KeepImages);
            return [];
        }

        var message = $"repository {repository.RepositoryName} (owned by the ecr unit) {string.Join("; ", problems)}";
        if (dryRun)
        {
            return [found is null ? $"would create repository {repository.Image} (by the ecr unit)" : $"would find {message}"];
        }

        throw new RepositoryPolicyException($"{message}. Fix the ecr module's inputs and apply it; the pipeline does not change IaC-owned repositories.");
    }

    /// <summary>Pipeline-owned: create the repository when missing, correct what differs from the policy.</summary>
    public async Task<IReadOnlyList<string>> EnsureOneAsync(ImageRepository repository, bool dryRun, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var found = await DescribeAsync(repository.RepositoryName, ct).ConfigureAwait(false);
        if (found is null)
        {
            if (dryRun)
            {
                return [$"would create repository {repository.Image} ({repository.RepositoryName})"];
            }

            if (await CreateAsync(repository, ct).ConfigureAwait(false))
            {
                return [$"created repository {repository.Image} ({repository.RepositoryName})"];
            }

            // Created meanwhile by someone else: check it like any existing one.
            found = await DescribeAsync(repository.RepositoryName, ct).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"repository {repository.RepositoryName} exists but cannot be described");
        }

        var differences = RepositoryPolicy.Differences(found, await LifecyclePolicyAsync(repository.RepositoryName, ct).ConfigureAwait(false));
        if (differences.Count == 0)
        {
            log.Information("Repository {0} ({1}) is up to date.", repository.Image, repository.RepositoryName);
            return [];
        }

        var what = $"repository {repository.Image} ({string.Join("; ", differences)})";
        if (dryRun)
        {
            return [$"would correct {what}"];
        }

        foreach (var difference in differences)
        {
            await CorrectAsync(repository.RepositoryName, difference, ct).ConfigureAwait(false);
        }

        return [$"corrected {what}"];
    }

    private async Task<bool> CreateAsync(ImageRepository repository, CancellationToken ct)
    {
        try
        {
            await ecr.CreateRepositoryAsync(new CreateRepositoryRequest
            {
                RepositoryName = repository.RepositoryName,
                ImageTagMutability = RepositoryPolicy.Immutable,
                ImageScanningConfiguration = new ImageScanningConfiguration { ScanOnPush = true },
                Tags = [new Tag { Key = "ManagedBy", Value = "deploy-pipeline" }],
            }, ct).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "RepositoryAlreadyExistsException")
        {
            return false;
        }

        await PutLifecyclePolicyAsync(repository.RepositoryName, ct).ConfigureAwait(false);
        return true;
    }

    private Task CorrectAsync(string repositoryName, string difference, CancellationToken ct) => difference switch
    {
        RepositoryPolicy.ScanOnPushOff => ecr.PutImageScanningConfigurationAsync(new PutImageScanningConfigurationRequest
        {
            RepositoryName = repositoryName,
            ImageScanningConfiguration = new ImageScanningConfiguration { ScanOnPush = true },
        }, ct),
        RepositoryPolicy.TagsMutable => ecr.PutImageTagMutabilityAsync(new PutImageTagMutabilityRequest
        {
            RepositoryName = repositoryName,
            ImageTagMutability = RepositoryPolicy.Immutable,
        }, ct),
        _ => PutLifecyclePolicyAsync(repositoryName, ct),
    };

    private Task<PutLifecyclePolicyResponse> PutLifecyclePolicyAsync(string repositoryName, CancellationToken ct) =>
        ecr.PutLifecyclePolicyAsync(new PutLifecyclePolicyRequest
        {
            RepositoryName = repositoryName,
            LifecyclePolicyText = RepositoryPolicy.LifecyclePolicyText(),
        }, ct);

    private async Task<Repository?> DescribeAsync(string repositoryName, CancellationToken ct)
    {
        try
        {
            var response = await ecr.DescribeRepositoriesAsync(new DescribeRepositoriesRequest { RepositoryNames = [repositoryName] }, ct).ConfigureAwait(false);
            return response.Repositories.FirstOrDefault(r => r.RepositoryName == repositoryName);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "RepositoryNotFoundException")
        {
            return null;
        }
    }

    private async Task<string?> LifecyclePolicyAsync(string repositoryName, CancellationToken ct)
    {
        try
        {
            return (await ecr.GetLifecyclePolicyAsync(new GetLifecyclePolicyRequest { RepositoryName = repositoryName }, ct).ConfigureAwait(false)).LifecyclePolicyText;
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "LifecyclePolicyNotFoundException")
        {
            return null;
        }
    }
}
