using System.Text.Json;
using Deploy.Build.Aws.Ecr;

namespace Deploy.Build.Steps.Images;

/// <summary>What every image repository must look like, as the ecr Terraform module makes it.</summary>
public static class RepositoryPolicy
{
    public const string Immutable = "IMMUTABLE";
    public const int KeepImages = 10;

    /// <summary>&lt;project&gt;-&lt;environment&gt;-&lt;image&gt;, the ecr module's naming (seed 003: bookmark-manager-staging-web).</summary>
    public static string RepositoryName(string project, string environment, string image) => $"{project}-{environment}-{image}";

    /// <summary>The lifecycle policy: expire all but the last <paramref name="keep"/> images (the ecr module's text).</summary>
    public static string LifecyclePolicyText(int keep = KeepImages) => JsonSerializer.Serialize(new
    {
        rules = new[]
        {
            new
            {
                rulePriority = 1,
                description = $"Keep the last {keep} images",
                selection = new { tagStatus = "any", countType = "imageCountMoreThan", countNumber = keep },
                action = new { type = "expire" },
            },
        },
    });

    /// <summary>How many images a lifecycle policy keeps when it has an "expire beyond N images" rule for any tag; else null.</summary>
    public static int? KeptImages(string? policyText)
    {
        if (string.IsNullOrWhiteSpace(policyText))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(policyText);
            if (!doc.RootElement.TryGetProperty("rules", out var rules) || rules.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            foreach (var rule in rules.EnumerateArray())
            {
                if (rule.TryGetProperty("selection", out var selection)
                    && Text(selection, "tagStatus") == "any"
                    && Text(selection, "countType") == "imageCountMoreThan"
                    && selection.TryGetProperty("countNumber", out var count) && count.ValueKind == JsonValueKind.Number
                    && rule.TryGetProperty("action", out var action) && Text(action, "type") == "expire")
                {
                    return count.GetInt32();
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    /// <summary>What differs from the policy, as short phrases ("scan on push is off"); empty when the repository is right.</summary>
    public static IReadOnlyList<string> Differences(Repository repository, string? lifecyclePolicyText)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var problems = new List<string>();
        if (repository.ImageScanningConfiguration?.ScanOnPush != true)
        {
            problems.Add(ScanOnPushOff);
        }

        if (!string.Equals(repository.ImageTagMutability, Immutable, StringComparison.Ordinal))
        {
            problems.Add(TagsMutable);
        }

        var kept = KeptImages(lifecyclePolicyText);
        if (kept != KeepImages)
        {
            problems.Add(kept is null ? NoLifecyclePolicy : $"lifecycle policy keeps {kept} images, not {KeepImages}");
        }

        return problems;
    }

    public const string ScanOnPushOff = "scan on push is off";
    public const string TagsMutable = "tags are mutable";
    public const string NoLifecyclePolicy = "no lifecycle policy keeping the last images";

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
