using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Deploy.Build.LocalCloud.Edge;

/// <summary>
/// The distribution's web ACL as nginx variables, evaluated as WAF does: rules by priority, the first matching rule
/// whose action is Allow or Block decides (Count goes on), else the default action. Each statement becomes a 0/1
/// variable: IP set references (geo on the client address), byte matches on a single header or the URI path
/// (EXACTLY, STARTS_WITH, ENDS_WITH, CONTAINS; NONE or LOWERCASE), and not/and/or of those. What a loopback stand-in
/// cannot judge (rate-based limits, managed rule groups, geo match, other statements) never matches, and the
/// configuration names each in a comment, so the local edge never blocks a request AWS would let through on their account.
/// </summary>
public static partial class NginxEdgeConfig
{
    /// <summary>1 when the web ACL blocks the request.</summary>
    public const string WafBlocked = "$waf_blocked";

    /// <summary>The http-level blocks computing <see cref="WafBlocked"/>; nothing without a web ACL.</summary>
    private static void WebAcl(StringBuilder text, WafSite? waf)
    {
        if (waf is null)
        {
            return;
        }

        var acl = waf.Acl;
        Line(text, 1, $"# web ACL {acl.Name} ({acl.Arn})");
        var counter = new Counter();
        var terminating = new List<(string Variable, bool Blocks, string Rule)>();
        foreach (var rule in (acl.Rules ?? []).OrderBy(r => r.Priority))
        {
            var action = rule.Action is { } a ? a.Select(p => p.Key).FirstOrDefault() : null;
            var variable = Statement(text, rule.Statement, waf, counter, rule.Name);
            if (action is "Block" or "Allow")
            {
                terminating.Add((variable, action == "Block", rule.Name));
            }
            else
            {
                Line(text, 1, $"# rule {rule.Name}: {(action is null ? "a rule group's override action" : action)} does not decide; not applied");
            }
        }

        var blocksByDefault = acl.DefaultAction.ContainsKey("Block");
        if (terminating.Count == 0)
        {
            Line(text, 1, "map $uri " + WafBlocked + " { default " + (blocksByDefault ? "1" : "0") + "; }");
            return;
        }

        // The rules' match flags side by side, in priority order: the first 1 decides.
        Line(text, 1, $"map \"{string.Concat(terminating.Select(t => t.Variable))}\" {WafBlocked} {{");
        for (var i = 0; i < terminating.Count; i++)
        {
            var decides = terminating[i].Blocks ? "1" : "0";
            Line(text, 2, "\"~^0{" + i.ToString(CultureInfo.InvariantCulture) + "}1\" " + decides + "; # " + terminating[i].Rule);
        }

        Line(text, 2, "default " + (blocksByDefault ? "1" : "0") + ";");
        Line(text, 1, "}");
    }

    /// <summary>Renders one statement (and those it nests) and returns the variable holding its 0/1 result.</summary>
    private static string Statement(StringBuilder text, JsonObject statement, WafSite waf, Counter counter, string rule)
    {
        var variable = "$waf_s" + counter.Next().ToString(CultureInfo.InvariantCulture);
        var (kind, found) = statement.Select(p => (p.Key, p.Value as JsonObject)).FirstOrDefault();
        var body = found ?? [];
        var ipSetArn = body["ARN"] is JsonValue arnValue && arnValue.TryGetValue<string>(out var arnText) ? arnText : null;
        switch (kind)
        {
            case "IPSetReferenceStatement" when ipSetArn is not null && waf.IpSets.TryGetValue(ipSetArn, out var addresses)
                                                && body["IPSetForwardedIPConfig"] is null:
                Line(text, 1, $"geo {variable} {{");
                Line(text, 2, "default 0;");
                foreach (var address in addresses)
                {
                    Line(text, 2, $"{address} 1;");
                }

                Line(text, 1, "}");
                return variable;
            case "ByteMatchStatement" when ByteMatch(body) is { } match:
                var pattern = Quote((match.IgnoreCase ? "~*" : "~") + match.Regex);
                Line(text, 1, "map " + match.Field + " " + variable + " { " + pattern + " 1; default 0; }");
                return variable;
            case "NotStatement" when body["Statement"] is JsonObject inner:
                var negated = Statement(text, inner, waf, counter, rule);
                Line(text, 1, $"map {negated} {variable} {{ 1 0; default 1; }}");
                return variable;
            case "AndStatement" or "OrStatement" when body["Statements"] is JsonArray { Count: > 0 } parts:
                var inputs = parts.OfType<JsonObject>().Select(p => Statement(text, p, waf, counter, rule)).ToList();
                var all = kind == "AndStatement" ? Quote(new string('1', inputs.Count)) : "~1";
                Line(text, 1, $"map \"{string.Concat(inputs)}\" {variable} {{ {all} 1; default 0; }}");
                return variable;
            default:
                Line(text, 1, $"# rule {rule}: {kind ?? "an empty statement"} is not emulated by the local edge (never matches)");
                Line(text, 1, $"map $uri {variable} {{ default 0; }}");
                return variable;
        }
    }

    /// <summary>Numbers the statement variables of one web ACL.</summary>
    private sealed class Counter
    {
        private int _next;

        public int Next() => _next++;
    }

    private sealed record ByteMatchRule(string Field, string Regex, bool IgnoreCase);

    /// <summary>A byte match nginx can judge: one header or the URI path, a positional constraint, NONE or LOWERCASE.</summary>
    private static ByteMatchRule? ByteMatch(JsonObject body)
    {
        var field = body["FieldToMatch"] as JsonObject;
        var name = field?["SingleHeader"]?["Name"]?.GetValue<string>();
        var variable = name is not null && HeaderName().IsMatch(name) ? "$http_" + name.ToLowerInvariant().Replace('-', '_')
            : field?["UriPath"] is not null ? "$uri" : null;
        var transformations = (body["TextTransformations"] as JsonArray)?.Select(t => t?["Type"]?.GetValue<string>()).ToList() ?? [];
        if (variable is null || body["SearchString"]?.GetValue<string>() is not { } encoded || transformations.Any(t => t is not ("NONE" or "LOWERCASE")))
        {
            return null;
        }

        // The JSON API carries SearchString as a base64 blob.
        string search;
        try
        {
            search = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return null;
        }

        var literal = Regex.Escape(search);
        var regex = body["PositionalConstraint"]?.GetValue<string>() switch
        {
            "EXACTLY" => "^" + literal + "$",
            "STARTS_WITH" => "^" + literal,
            "ENDS_WITH" => literal + "$",
            "CONTAINS" => literal,
            _ => null,
        };
        return regex is null ? null : new ByteMatchRule(variable, regex, transformations.Contains("LOWERCASE"));
    }

    [GeneratedRegex("^[A-Za-z0-9-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderName();
}
