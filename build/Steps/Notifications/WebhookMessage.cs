using System.Text.Json;
using System.Text.Json.Nodes;
using Deploy.Build.Steps.Releases;

namespace Deploy.Build.Steps.Notifications;

/// <summary>
/// An incoming-webhook message, Slack-compatible: <c>text</c> (what every receiver shows, and Slack's notification
/// text) plus Block Kit <c>blocks</c> (a section with the text and a context line with release, commit and links).
/// </summary>
public static class WebhookMessage
{
    public static string Text(DeployNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var took = notice.Took is { } t ? $" in {DoraReport.Human(t)}" : string.Empty;
        var release = $"release `{notice.Release}`";
        return notice.Event switch
        {
            DeployEvent.Started => $":rocket: Deploy of *{notice.Environment}* started: {release} ({notice.Target}) by {Escape(notice.Who)}",
            DeployEvent.Succeeded => $":white_check_mark: Deploy of *{notice.Environment}* succeeded: {release}{took}",
            DeployEvent.RolledBack => $":rewind: *{notice.Environment}* rolled back to {release} by {Escape(notice.Who)}{took}",
            _ => $":x: {notice.Kind} of *{notice.Environment}* FAILED: {release}{took.Replace(" in ", " after ", StringComparison.Ordinal)}{(notice.Reason is null ? string.Empty : $": {Escape(notice.Reason)}")}",
        };
    }

    public static string Json(DeployNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var text = Text(notice);
        var context = new List<string> { $"{notice.Target} · release `{notice.Release}`" };
        if (notice.Commit is { Length: >= 12 } commit)
        {
            context.Add($"commit `{commit[..12]}`");
        }

        if (notice.RunUrl is not null)
        {
            context.Add($"<{notice.RunUrl}|run>");
        }

        if (notice.EnvironmentUrl is not null && notice.Event != DeployEvent.Failed)
        {
            context.Add($"<{notice.EnvironmentUrl}|{notice.EnvironmentUrl.Host}>");
        }

        var message = new JsonObject
        {
            ["text"] = text,
            ["blocks"] = new JsonArray(
                new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text } },
                new JsonObject
                {
                    ["type"] = "context",
                    ["elements"] = new JsonArray([.. context.Select(c => (JsonNode)new JsonObject { ["type"] = "mrkdwn", ["text"] = c })]),
                }),
        };
        return message.ToJsonString(JsonOptions);
    }

    /// <summary>Slack's three control characters in free text (failure reasons, user names).</summary>
    public static string Escape(string text) =>
        (text ?? string.Empty).Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    internal static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
