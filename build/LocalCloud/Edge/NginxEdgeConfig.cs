using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Deploy.Build.Aws.CloudFront;
using Deploy.Build.Aws.Elbv2;

namespace Deploy.Build.LocalCloud.Edge;

/// <summary>
/// nginx configuration for the local edge: one server stands in for the CloudFront distribution (cache behaviours in
/// their order, default root object, custom error responses, origin custom headers), one for the ALB's listener (rules
/// by priority, path-pattern and http-header conditions ANDed, forward / fixed-response / redirect actions, each target
/// group an upstream of its registered targets). Pure: the same site renders the same text.
/// </summary>
public static partial class NginxEdgeConfig
{
    /// <summary>The header the edge names its distribution in when it reads an S3 origin (moto_iam.py decides as S3 does for OAC).</summary>
    public const string CloudFrontSourceHeader = "x-local-cloud-cloudfront-source-arn";

    public static string Render(EdgeSite? site, EdgeListen listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var text = new StringBuilder();
        Line(text, 0, "# Written by the local cloud from the control plane (moto): changes are overwritten.");
        Line(text, 0, "worker_processes 1;");
        Line(text, 0, $"error_log {Quote(Path.Combine(listen.Directory, "error.log"))} warn;");
        Line(text, 0, $"pid {Quote(Path.Combine(listen.Directory, "nginx.pid"))};");
        Line(text, 0, "events { worker_connections 1024; }");
        Line(text, 0, "http {");
        Line(text, 1, $"access_log {Quote(Path.Combine(listen.Directory, "access.log"))};");
        foreach (var temp in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" })
        {
            Line(text, 1, $"{temp}_temp_path {Quote(Path.Combine(listen.Directory, "tmp", temp))};");
        }

        Line(text, 1, "server_tokens off;");
        Line(text, 1, "default_type text/plain;");
        Line(text, 1, "proxy_buffering off;");
        // Every request on its own connection: a reload (each target change) closes the old worker's idle keep-alive
        // connections, and a client that sent on one at that moment would see a reset CloudFront never gives.
        Line(text, 1, "keepalive_timeout 0;");
        if (site is null)
        {
            Idle(text, listen.EdgePort, "no distribution is deployed on the local cloud yet: run ./build.sh --target=DeployLocal");
            Idle(text, listen.AlbPort, "no load balancer is deployed on the local cloud yet");
        }
        else
        {
            if (site.LoadBalancer is { } alb)
            {
                LoadBalancer(text, alb, listen);
            }
            else
            {
                Idle(text, listen.AlbPort, "the distribution has no load balancer origin");
            }

            WebAcl(text, site.WebAcl);
            Distribution(text, site, listen);
        }

        Line(text, 0, "}");
        return text.ToString();
    }

    /// <summary>A CloudFront path pattern (case-sensitive; * any characters, ? one) as an anchored regular expression.</summary>
    public static string PathRegex(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var path = pattern.StartsWith('/') ? pattern : "/" + pattern;
        return "^" + Wildcards(path) + "$";
    }

    private static string Wildcards(string pattern)
    {
        var regex = new StringBuilder();
        foreach (var c in pattern)
        {
            regex.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return regex.ToString();
    }

    private static void Idle(StringBuilder text, int port, string message)
    {
        Line(text, 1, "server {");
        Line(text, 2, $"listen 127.0.0.1:{port};");
        Line(text, 2, $"location / {{ return 503 {Quote(message + "\n")}; }}");
        Line(text, 1, "}");
    }

    private static void LoadBalancer(StringBuilder text, AlbSite alb, EdgeListen listen)
    {
        Line(text, 1, $"# ALB {alb.LoadBalancer.Name} ({alb.LoadBalancer.DnsName}), listener {alb.Listener.Protocol}:{alb.Listener.Port}");
        var groups = alb.Targets.Keys.Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < groups.Count; i++)
        {
            var ports = alb.Targets[groups[i]];
            if (ports.Count == 0)
            {
                continue;
            }

            Line(text, 1, $"# {groups[i]}");
            Line(text, 1, $"upstream tg{i} {{");
            foreach (var port in ports.Distinct().Order())
            {
                Line(text, 2, $"server 127.0.0.1:{port};");
            }

            Line(text, 1, "}");
        }

        // One map per condition (1 when it matches), one per rule (1 when all its conditions do), then the first rule that matches wins.
        var rules = alb.Rules.Where(r => !r.IsDefault).OrderBy(r => int.TryParse(r.Priority, CultureInfo.InvariantCulture, out var p) ? p : int.MaxValue).ToList();
        var ruleVariables = new List<string>();
        for (var r = 0; r < rules.Count; r++)
        {
            var conditions = new List<string>();
            for (var c = 0; c < rules[r].Conditions.Count; c++)
            {
                var condition = rules[r].Conditions[c];
                var variable = $"$alb_r{r}_c{c}";
                var (source, caseless) = condition.Field switch
                {
                    "path-pattern" => ("$uri", false),
                    "http-header" => ("$http_" + condition.HeaderName!.ToLowerInvariant().Replace('-', '_'), true),
                    "host-header" => ("$host", true),
                    "http-request-method" => ("$request_method", false),
                    _ => (null, false),
                };
                Line(text, 1, $"map {source ?? "\"\""} {variable} {{");
                if (source is not null)
                {
                    foreach (var value in condition.Values)
                    {
                        var regex = condition.Field == "http-request-method" ? "^" + Regex.Escape(value) + "$" : "^" + Wildcards(value) + "$";
                        Line(text, 2, $"{Quote((caseless ? "~*" : "~") + regex)} 1;");
                    }
                }

                Line(text, 2, "default 0;");
                Line(text, 1, "}");
                conditions.Add(variable);
            }

            var ruleVariable = $"$alb_r{r}";
            Line(text, 1, $"# rule {rules[r].Priority}: {string.Join(" AND ", rules[r].Conditions.Select(Describe))}");
            Line(text, 1, $"map {Quote(string.Concat(conditions))} {ruleVariable} {{ {Quote(new string('1', conditions.Count))} 1; default 0; }}");
            ruleVariables.Add(ruleVariable);
        }

        var actions = rules.Select(r => r.Actions.Count > 0 ? r.Actions[0] : null).Append(alb.Listener.DefaultActions.Count > 0 ? alb.Listener.DefaultActions[0] : null).ToList();
        Line(text, 1, $"map {Quote(string.Concat(ruleVariables))} $alb_action {{");
        for (var r = 0; r < rules.Count; r++)
        {
            Line(text, 2, $"{Quote("~^" + new string('.', r) + "1")} a{r};");
        }

        Line(text, 2, $"default a{rules.Count};");
        Line(text, 1, "}");

        // Forward actions pick an upstream by name (proxy_pass with a variable); the others answer in the rewrite phase.
        Line(text, 1, "map $alb_action $alb_upstream {");
        for (var a = 0; a < actions.Count; a++)
        {
            if (Upstream(actions[a], groups, alb) is { } upstream)
            {
                Line(text, 2, $"a{a} {upstream};");
            }
        }

        Line(text, 2, "default \"\";");
        Line(text, 1, "}");
        Line(text, 1, "server {");
        Line(text, 2, $"listen 127.0.0.1:{listen.AlbPort};");
        Line(text, 2, "location / {");
        for (var a = 0; a < actions.Count; a++)
        {
            if (Upstream(actions[a], groups, alb) is null)
            {
                Line(text, 3, $"if ($alb_action = a{a}) {{ {Answer(actions[a])} }}");
            }
        }

        Line(text, 3, "proxy_pass http://$alb_upstream;");
        Line(text, 2, "}");
        Line(text, 1, "}");
    }

    /// <summary>The upstream a forward action sends to, or null when the action answers by itself (or its group has no target).</summary>
    private static string? Upstream(ListenerAction? action, List<string> groups, AlbSite alb) =>
        action is { Type: "forward", TargetGroupArn: { } arn } && groups.IndexOf(arn) is var index and >= 0 && alb.Targets[arn].Count > 0
            ? $"tg{index}"
            : null;

    private static string Answer(ListenerAction? action) => action switch
    {
        // An ALB answers 503 when the target group has no healthy target.
        { Type: "forward" } => "return 503 \"503 Service Temporarily Unavailable: no healthy target\\n\";",
        { Type: "fixed-response", FixedResponse: { } fixedResponse } => $"return {fixedResponse.StatusCode} {Quote(fixedResponse.MessageBody ?? string.Empty)};",
        { Type: "redirect" } => $"return {(action.RedirectStatusCode == "HTTP_302" ? 302 : 301)} https://$host$request_uri;",
        _ => "return 503;",
    };

    private static string Describe(RuleCondition condition) =>
        condition.Field == "http-header" ? $"header {condition.HeaderName} matches ({condition.Values.Count} value(s))" : $"{condition.Field} {string.Join(" | ", condition.Values)}";

    private static void Distribution(StringBuilder text, EdgeSite site, EdgeListen listen)
    {
        var distribution = site.Distribution;
        Line(text, 1, $"# CloudFront {distribution.Id} ({distribution.DomainName})");
        Line(text, 1, "server {");
        Line(text, 2, $"listen 127.0.0.1:{listen.EdgePort};");
        if (site.WebAcl is not null)
        {
            // CloudFront answers a request its web ACL blocks with 403 before any behaviour or origin.
            Line(text, 2, $"if ({WafBlocked}) {{ return 403 {Quote($"Request blocked by the web ACL {site.WebAcl.Acl.Name}.\n")}; }}");
        }

        if (!distribution.Enabled)
        {
            Line(text, 2, "location / { return 403 \"the distribution is disabled\\n\"; }");
            Line(text, 1, "}");
            return;
        }

        foreach (var error in distribution.ErrorResponses.Where(e => e.ResponsePagePath is not null))
        {
            var code = error.ResponseCode is { } response ? "=" + response.ToString(CultureInfo.InvariantCulture) + " " : string.Empty;
            Line(text, 2, $"error_page {error.ErrorCode} {code}{Quote(error.ResponsePagePath!)};");
        }

        if (distribution.DefaultRootObject.Length > 0)
        {
            Line(text, 2, $"location = / {{ rewrite ^ {Quote("/" + distribution.DefaultRootObject.TrimStart('/'))} last; }}");
        }

        foreach (var behavior in distribution.OrderedBehaviors)
        {
            Line(text, 2, $"location ~ {Quote(PathRegex(behavior.PathPattern!))} {{");
            Origin(text, site, behavior, listen);
            Line(text, 2, "}");
        }

        Line(text, 2, "location / {");
        Origin(text, site, distribution.DefaultBehavior, listen);
        Line(text, 2, "}");
        Line(text, 1, "}");
    }

    private static void Origin(StringBuilder text, EdgeSite site, DistributionBehavior behavior, EdgeListen listen)
    {
        var origin = site.Distribution.Origins.FirstOrDefault(o => o.Id == behavior.TargetOriginId);
        if (origin is null)
        {
            Line(text, 3, $"return 502 {Quote($"the behaviour's origin {behavior.TargetOriginId} does not exist\n")};");
            return;
        }

        if (behavior.AllowedMethods.Count > 0)
        {
            Line(text, 3, $"limit_except {string.Join(' ', behavior.AllowedMethods)} {{ deny all; }}");
        }

        if (site.Distribution.ErrorResponses.Count > 0)
        {
            Line(text, 3, "proxy_intercept_errors on;");
        }

        Line(text, 3, "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;");
        Line(text, 3, "proxy_set_header Via \"1.1 local-edge (CloudFront stand-in)\";");
        if (origin.IsS3)
        {
            var bucket = BucketOf(origin.DomainName);
            Line(text, 3, $"# S3 origin {origin.Id}: bucket {bucket}, read as CloudFront's origin access control would");
            Line(text, 3, $"rewrite ^(.*)$ {Quote("/" + bucket + origin.OriginPath.TrimEnd('/') + "$1")} break;");
            Line(text, 3, $"proxy_set_header Host {Quote(listen.S3Endpoint.Authority)};");
            Line(text, 3, "proxy_set_header Authorization \"\";");
            Line(text, 3, "proxy_set_header Cookie \"\";");
            Line(text, 3, $"proxy_set_header {CloudFrontSourceHeader} {Quote(site.Distribution.Arn)};");
            Line(text, 3, $"proxy_pass {listen.S3Endpoint.GetLeftPart(UriPartial.Authority)};");
            return;
        }

        if (site.LoadBalancer is { } alb && string.Equals(alb.LoadBalancer.DnsName, origin.DomainName, StringComparison.OrdinalIgnoreCase))
        {
            Line(text, 3, $"# custom origin {origin.Id}: the load balancer {alb.LoadBalancer.Name} ({origin.ProtocolPolicy})");
            Line(text, 3, $"proxy_set_header Host {Quote(origin.DomainName)};");
            foreach (var header in origin.CustomHeaders.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
            {
                Line(text, 3, $"proxy_set_header {header.Key} {Quote(header.Value)};");
            }

            Line(text, 3, $"proxy_pass http://127.0.0.1:{listen.AlbPort};");
            return;
        }

        Line(text, 3, $"return 502 {Quote($"the origin {origin.DomainName} is not on the local cloud\n")};");
    }

    /// <summary>The bucket of an S3 origin's domain: bucket.s3.region.amazonaws.com, bucket.s3.amazonaws.com or bucket.s3-region...</summary>
    public static string BucketOf(string domainName)
    {
        ArgumentNullException.ThrowIfNull(domainName);
        var match = S3Domain().Match(domainName);
        return match.Success ? match.Groups["bucket"].Value : domainName.Split('.')[0];
    }

    [GeneratedRegex(@"^(?<bucket>.+?)\.s3([.-][a-z0-9-]+)?\.amazonaws\.com$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex S3Domain();

    /// <summary>An nginx string: double-quoted, with \ " and $ escaped where nginx would read them.</summary>
    private static string Quote(string value)
    {
        var escaped = value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return "\"" + escaped + "\"";
    }

    private static void Line(StringBuilder text, int depth, string line) => text.Append(' ', depth * 4).AppendLine(line);
}
