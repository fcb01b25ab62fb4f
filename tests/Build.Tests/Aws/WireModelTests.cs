using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Xml.Linq;
using Amazon.Runtime;
using Deploy.Build.Aws;
using Deploy.Build.Aws.CloudFront;
using Deploy.Build.Aws.Ecr;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.Aws.Logs;
using Deploy.Build.Steps.Services;
using Deploy.Build.Tests.Support;
using Xunit.Abstractions;

namespace Deploy.Build.Tests.Aws;

/// <summary>
/// The hand-written AWS clients against the service models botocore ships with the AWS CLI (ARCHITECTURE.md, "How to add
/// an AWS call"): every operation each client calls exists under that name and target, every request member the C#
/// types send is an input member with the same casing (by the clients' own JsonSerializerOptions), every required input
/// member is always sent, every response member the C# reads is an output member, and timestamps are read in the unit the
/// model gives them. Each client is called through its transport seam (nothing leaves the process), so what is checked is
/// the signed request as it would go on the wire. No models (no AWS CLI): skipped locally, a failure in CI.
/// </summary>
public sealed class WireModelTests(ITestOutputHelper output)
{
    private const string Region = "ap-northeast-1";
    private const string DistributionId = "EDFDVBD6EXAMPLE";
    private const string InvalidationId = "I2J0I21PCUYOIK";

    /// <summary>Real AWS endpoints and static credentials: requests are signed as for AWS and stop at the recording handler.</summary>
    private static readonly AwsSettings RealEndpoints = new(Region, null, () => new BasicAWSCredentials("AKIDEXAMPLE", "example-secret"));

    private static readonly AwsRetry.Options Once = new(MaxAttempts: 2, BaseDelay: TimeSpan.FromMilliseconds(1));

    [SkippableFact]
    public Task The_ecr_client_matches_the_ecr_model() =>
        JsonClientAsync("ecr", "2015-09-21", typeof(IEcrClient), h => new EcrClient(RealEndpoints, Once, innerHandler: h));

    [SkippableFact]
    public Task The_ecs_client_matches_the_ecs_model() =>
        JsonClientAsync("ecs", "2014-11-13", typeof(IEcsClient), h => new EcsClient(RealEndpoints, Once, innerHandler: h));

    [SkippableFact]
    public Task The_wafv2_client_matches_the_wafv2_model() =>
        JsonClientAsync("wafv2", "2019-07-29", typeof(Deploy.Build.Aws.Wafv2.IWafv2Client), h => new Deploy.Build.Aws.Wafv2.Wafv2Client(RealEndpoints, Once, innerHandler: h));

    [SkippableFact]
    public Task The_logs_client_matches_the_cloudwatch_logs_model() =>
        JsonClientAsync("logs", "2014-03-28", typeof(ILogsClient), h => new LogsClient(RealEndpoints, Once, innerHandler: h));

    [SkippableFact]
    public async Task The_cloudfront_client_matches_the_cloudfront_model()
    {
        var model = await LoadAsync("cloudfront", CloudFrontClient.ApiVersion);
        var check = new WireModelCheck(model);
        var payload = model.Members("CreateInvalidationRequest").Single(m => m.Name == model.Shape("CreateInvalidationRequest").GetProperty("payload").GetString());
        XNamespace ns = payload.Member.GetProperty("xmlNamespace").GetProperty("uri").GetString()!;
        var location = $"https://{model.Metadata("globalEndpoint")}/{CloudFrontClient.ApiVersion}/distribution/{DistributionId}/invalidation/Id-sample";
        using var handler = new RecordingHandler(request => Answer(check, request.Method == HttpMethod.Post ? "CreateInvalidation" : "GetInvalidation", ns, location));
        using var client = new CloudFrontClient(new AwsHttpClient(RealEndpoints, "cloudfront", "cloudfront", Once, innerHandler: handler));

        var created = await client.CreateInvalidationAsync(new CreateInvalidationRequest(DistributionId,
            new InvalidationBatch("deploy-2024-01-02", new InvalidationPaths(["/index.html", "/assets/*"]))));
        var got = await client.GetInvalidationAsync(new GetInvalidationRequest(DistributionId, InvalidationId));

        Assert.Equal(CloudFrontClient.Ns, ns);
        var uriValues = new Dictionary<string, string> { ["DistributionId"] = DistributionId, ["Id"] = InvalidationId };
        foreach (var (request, operation) in handler.Requests.Zip(["CreateInvalidation", "GetInvalidation"]))
        {
            var http = model.Operation(operation).GetProperty("http");
            var path = uriValues.Aggregate(http.GetProperty("requestUri").GetString()!, (p, v) => p.Replace("{" + v.Key + "}", v.Value, StringComparison.Ordinal));
            Same(check, $"{operation} method", http.GetProperty("method").GetString(), request.Method.Method);
            Same(check, $"{operation} path", path, request.Uri.AbsolutePath);
            Same(check, $"{operation} host", model.Metadata("globalEndpoint"), request.Uri.Host);
            Signed(check, model, request, operation, "us-east-1");
        }

        var body = XDocument.Parse(handler.Requests[0].Body).Root!;
        Same(check, "CreateInvalidation payload element", WireModelCheck.LocationName(payload.Member) ?? payload.Name, body.Name.LocalName);
        check.XmlBody(body, check.ShapeOf(payload.Member), "CreateInvalidation/" + body.Name.LocalName, ns);
        check.Record(typeof(CreateInvalidationRequest), model.InputShape("CreateInvalidation")!, "CreateInvalidation request");
        check.Record(typeof(CreateInvalidationResponse), model.OutputShape("CreateInvalidation")!, "CreateInvalidation response");
        check.Record(typeof(GetInvalidationRequest), model.InputShape("GetInvalidation")!, "GetInvalidation request");
        check.Record(typeof(GetInvalidationResponse), model.OutputShape("GetInvalidation")!, "GetInvalidation response");
        Report(check);

        // The parser reads the answer the model describes (element names, ISO 8601 CreateTime, the Location header).
        foreach (var invalidation in new[] { created.Invalidation, got.Invalidation })
        {
            Assert.Equal(("Id-sample", "Status-sample", WireModelCheck.SampleInstant), (invalidation.Id, invalidation.Status, invalidation.CreateTime));
            Assert.Equal("CallerReference-sample", invalidation.InvalidationBatch.CallerReference);
            Assert.Equal(["Path-sample-1", "Path-sample-2"], invalidation.InvalidationBatch.Paths.Items);
        }

        Assert.Equal(new Uri(location), created.Location);
    }

    [SkippableFact]
    public async Task The_elbv2_client_matches_the_elbv2_query_model()
    {
        var model = await LoadAsync("elbv2", Deploy.Build.Aws.Elbv2.Elbv2Client.ApiVersion);
        var check = new WireModelCheck(model);
        var outputShape = model.OutputShape("DescribeTargetGroups")!;
        XNamespace ns = $"http://elasticloadbalancing.amazonaws.com/doc/{Deploy.Build.Aws.Elbv2.Elbv2Client.ApiVersion}/";
        var answer = new XElement(ns + "DescribeTargetGroupsResponse",
            check.XmlSample(outputShape, model.Operation("DescribeTargetGroups").GetProperty("output").GetProperty("resultWrapper").GetString()!, ns));
        using var handler = new RecordingHandler(_ => RecordingHandler.Answer(answer.ToString(), HttpStatusCode.OK, "text/xml"));
        using var client = new Deploy.Build.Aws.Elbv2.Elbv2Client(RealEndpoints, Once, innerHandler: handler);
        string[] arns = ["arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/web/1", "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/api/2"];

        var groups = await client.DescribeTargetGroupsAsync(arns);

        // The request: query protocol, the model's action, version, host and signing scope; every parameter is an input member.
        Same(check, "protocol", "query", model.Metadata("protocol"));
        var sent = Assert.Single(handler.Requests);
        var form = sent.Body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]));
        Same(check, "Action", "DescribeTargetGroups", form["Action"]);
        Same(check, "Version", model.Metadata("apiVersion"), form["Version"]);
        Same(check, "content type", "application/x-www-form-urlencoded", sent.Header("Content-Type")?.Split(';')[0]);
        Same(check, "host", $"{model.Metadata("endpointPrefix")}.{Region}.amazonaws.com", sent.Uri.Host);
        Signed(check, model, sent, "DescribeTargetGroups", Region);
        var inputMembers = model.Members(model.InputShape("DescribeTargetGroups")!).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var key in form.Keys.Where(k => k is not "Action" and not "Version"))
        {
            if (!inputMembers.Contains(key.Split('.')[0]))
            {
                check.Problem($"DescribeTargetGroups: parameter {key} is not an input member");
            }
        }

        Assert.Equal(arns, form.Where(p => p.Key.StartsWith("TargetGroupArns.member.", StringComparison.Ordinal)).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value));

        // The answer: each element the parser reads is a member of TargetGroup (sample values come back, not defaults).
        var groupShape = check.ShapeOf(model.Shape(check.ShapeOf(model.Members(outputShape).Single(m => m.Name == "TargetGroups").Member)).GetProperty("member"));
        var fields = model.Members(groupShape).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var field in Deploy.Build.Aws.Elbv2.Elbv2Client.ReadFields.Where(f => !fields.Contains(f)))
        {
            check.Problem($"TargetGroup.{field} is read but is not a member of {groupShape}");
        }

        Report(check);
        Assert.Equal(2, groups.Count);
        var group = groups[0];
        Assert.Equal(("TargetGroupArn-sample", "TargetGroupName-sample", "HealthCheckPath-sample", "HttpCode-sample", 2, 2),
            (group.Arn, group.Name, group.HealthCheck.Path, group.HealthCheck.Matcher, group.Port, group.HealthCheck.HealthyThreshold));
        Assert.True(group.HealthCheck.Enabled);
    }

    [SkippableTheory]
    [InlineData("elbv2")]
    [InlineData("cloudfront")]
    public async Task Every_member_the_local_edge_reads_is_a_member_of_its_shape(string service)
    {
        var (version, shapes) = service == "elbv2"
            ? (Deploy.Build.Aws.Elbv2.Elbv2Client.ApiVersion, Deploy.Build.Aws.Elbv2.Elbv2Client.ReadShapes)
            : (CloudFrontClient.ApiVersion, CloudFrontClient.ReadShapes);
        var model = await LoadAsync(service, version);
        var check = new WireModelCheck(model);

        foreach (var (shape, fields) in shapes)
        {
            if (!model.HasShape(shape))
            {
                check.Problem($"{service}: {shape} is not a shape of the model");
                continue;
            }

            var members = model.Members(shape).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var field in fields.Where(f => !members.Contains(f)))
            {
                check.Problem($"{service}: {shape}.{field} is read but is not a member of {shape}");
            }
        }

        Report(check);
    }

    [SkippableFact]
    public async Task The_local_edges_elbv2_calls_send_input_members_page_with_the_marker_and_read_the_models_answers()
    {
        var model = await LoadAsync("elbv2", Deploy.Build.Aws.Elbv2.Elbv2Client.ApiVersion);
        var check = new WireModelCheck(model);
        XNamespace ns = $"http://elasticloadbalancing.amazonaws.com/doc/{Deploy.Build.Aws.Elbv2.Elbv2Client.ApiVersion}/";
        using var handler = new RecordingHandler(request =>
        {
            var form = Form(request.Body);
            var action = form["Action"];
            var result = check.XmlSample(model.OutputShape(action)!, model.Operation(action).GetProperty("output").GetProperty("resultWrapper").GetString()!, ns);
            if (form.ContainsKey("Marker"))
            {
                result.Elements(ns + "NextMarker").Remove();
            }

            return RecordingHandler.Answer(new XElement(ns + action + "Response", result).ToString(), HttpStatusCode.OK, "text/xml");
        });
        using var client = new Deploy.Build.Aws.Elbv2.Elbv2Client(RealEndpoints, Once, innerHandler: handler);
        const string Arn = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/web/1";

        var balancers = await client.DescribeLoadBalancersAsync();
        var listeners = await client.DescribeListenersAsync(Arn);
        var rules = await client.DescribeRulesAsync(Arn);
        var attributes = await client.DescribeTargetGroupAttributesAsync(Arn);
        var health = await client.DescribeTargetHealthAsync(Arn);
        await client.RegisterTargetsAsync(Arn, [new("127.0.0.1", 3000)]);
        await client.DeregisterTargetsAsync(Arn, [new("127.0.0.1", 3000)]);

        foreach (var request in handler.Requests)
        {
            var form = Form(request.Body);
            var action = form["Action"];
            Same(check, $"{action} version", model.Metadata("apiVersion"), form["Version"]);
            Signed(check, model, request, action, Region);
            var inputMembers = model.Members(model.InputShape(action)!).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var key in form.Keys.Where(k => k is not "Action" and not "Version" && !inputMembers.Contains(k.Split('.')[0])))
            {
                check.Problem($"{action}: parameter {key} is not an input member");
            }

            foreach (var required in model.Required(model.InputShape(action)!).Where(r => !form.Keys.Any(k => k.Split('.')[0] == r)))
            {
                check.Problem($"{action}: required input member {required} is not sent");
            }
        }

        Report(check);
        // Each paged call went twice (the sample's NextMarker came back as Marker); the rest once.
        Assert.Equal(["DescribeLoadBalancers", "DescribeLoadBalancers", "DescribeListeners", "DescribeListeners", "DescribeRules", "DescribeRules",
            "DescribeTargetGroupAttributes", "DescribeTargetHealth", "RegisterTargets", "DeregisterTargets"], handler.Requests.Select(r => Form(r.Body)["Action"]));
        Assert.Equal("NextMarker-sample", Form(handler.Requests[1].Body)["Marker"]);
        Assert.Equal(("LoadBalancerArn-sample", "DNSName-sample"), (balancers[0].Arn, balancers[0].DnsName));
        Assert.Equal(4, balancers.Count);
        Assert.Equal(("ListenerArn-sample", 2, "TargetGroupArn-sample"), (listeners[0].Arn, listeners[0].Port, listeners[0].DefaultActions[0].TargetGroupArn));
        Assert.Equal(("StatusCode-sample", "MessageBody-sample"), (listeners[0].DefaultActions[0].FixedResponse!.StatusCode, listeners[0].DefaultActions[0].FixedResponse!.MessageBody));
        Assert.Equal(("Priority-sample", "Field-sample"), (rules[0].Priority, rules[0].Conditions[0].Field));
        Assert.True(rules[0].IsDefault);
        Assert.Equal("Value-sample", attributes["Key-sample"]);
        Assert.Equal(("Id-sample", 2, "State-sample"), (health[0].Id, health[0].Port, health[0].State));
        Assert.Equal(("127.0.0.1", "3000"), (Form(handler.Requests[8].Body)["Targets.member.1.Id"], Form(handler.Requests[8].Body)["Targets.member.1.Port"]));
    }

    [SkippableFact]
    public async Task The_local_edge_reads_a_distribution_as_the_cloudfront_model_answers_it()
    {
        var model = await LoadAsync("cloudfront", CloudFrontClient.ApiVersion);
        var check = new WireModelCheck(model);
        using var handler = new RecordingHandler(_ => Answer(check, "GetDistribution", CloudFrontClient.Ns, "ETag-sample"));
        using var client = new CloudFrontClient(new AwsHttpClient(RealEndpoints, "cloudfront", "cloudfront", Once, innerHandler: handler));

        var distribution = await client.GetDistributionAsync(DistributionId);

        var request = Assert.Single(handler.Requests);
        var http = model.Operation("GetDistribution").GetProperty("http");
        Same(check, "GetDistribution method", http.GetProperty("method").GetString(), request.Method.Method);
        Same(check, "GetDistribution path", http.GetProperty("requestUri").GetString()!.Replace("{Id}", DistributionId, StringComparison.Ordinal), request.Uri.AbsolutePath);
        Signed(check, model, request, "GetDistribution", "us-east-1");
        Report(check);
        Assert.Equal(("Id-sample", "ARN-sample", "DomainName-sample"), (distribution.Id, distribution.Arn, distribution.DomainName));
        Assert.Equal(2, distribution.Origins.Count);
        Assert.Equal(("Id-sample", "DomainName-sample"), (distribution.Origins[0].Id, distribution.Origins[0].DomainName));
        Assert.Equal("HeaderValue-sample", distribution.Origins[0].CustomHeaders["HeaderName-sample"]);
        Assert.Equal(2, distribution.OrderedBehaviors.Count(b => b.PathPattern == "PathPattern-sample"));
        Assert.Equal(2, distribution.ErrorResponses.Count);
    }

    [SkippableFact]
    public async Task Every_task_definition_field_is_copied_and_every_field_the_pipeline_reads_is_in_the_ecs_model()
    {
        var model = await LoadAsync("ecs", "2014-11-13");
        var check = new WireModelCheck(model);
        var register = model.InputShape("RegisterTaskDefinition")!;
        var described = model.Members(model.OutputShape("DescribeTaskDefinition")!).Single(m => m.Name == "taskDefinition").Member;
        var taskDefinition = check.ShapeOf(described);
        var registrable = model.Members(register).Select(m => m.Name).ToList();
        var definitionFields = model.Members(taskDefinition).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var answerFields = model.Members(model.OutputShape("DescribeTaskDefinition")!).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);

        // What a new revision copies is exactly what RegisterTaskDefinition takes; tags come beside the description.
        Assert.Equal(registrable.Order(StringComparer.Ordinal), TaskDefinitionRenderer.RegistrableFields.Order(StringComparer.Ordinal));
        Assert.Empty(model.Required(register).Except(TaskDefinitionRenderer.RegistrableFields));
        Assert.All(TaskDefinitionRenderer.RegistrableFields.Where(f => f != "tags"), f => Assert.Contains(f, definitionFields));
        Assert.Contains("tags", answerFields);
        Assert.DoesNotContain("tags", definitionFields);

        // Fields read out of a described task definition (TaskDefinitionRenderer, AwsEcsPlatform.AwsLogsStream).
        string[][] reads =
        [
            ["taskDefinitionArn"], ["revision"], ["family"], ["containerDefinitions", "name"], ["containerDefinitions", "image"],
            ["containerDefinitions", "logConfiguration", "logDriver"], ["containerDefinitions", "logConfiguration", "options"],
        ];
        foreach (var read in reads)
        {
            var shape = taskDefinition;
            foreach (var field in read)
            {
                var member = model.Members(shape).FirstOrDefault(m => m.Name == field);
                if (member.Name is null)
                {
                    check.Problem($"taskDefinition.{string.Join('.', read)}: {field} is not a member of {shape}");
                    break;
                }

                shape = check.ShapeOf(member.Member);
                shape = model.TypeOf(shape) == "list" ? check.ShapeOf(model.Shape(shape).GetProperty("member")) : shape;
            }
        }

        Report(check);
    }

    [SkippableFact]
    public async Task Requests_the_deploy_steps_build_carry_values_the_models_allow()
    {
        var ecsModel = await LoadAsync("ecs", "2014-11-13");
        var logsModel = await LoadAsync("logs", "2014-03-28");
        var ecs = new WireModelCheck(ecsModel);
        var logs = new WireModelCheck(logsModel);
        using var ecsHandler = new RecordingHandler(request => RecordingHandler.Answer(request.Operation switch
        {
            "DescribeTaskDefinition" => """
                {"taskDefinition": {"family": "webapp-api", "revision": 3, "taskDefinitionArn": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/webapp-api:3",
                  "containerDefinitions": [{"name": "api", "image": "repo/api:latest",
                    "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/webapp-api", "awslogs-stream-prefix": "ecs"}}}]},
                 "tags": [{"key": "ManagedBy", "value": "terraform"}]}
                """,
            "RunTask" => """{"tasks": [], "failures": [{"arn": "arn:aws:ecs:ap-northeast-1:123456789012:container-instance/x", "reason": "RESOURCE:CPU"}]}""",
            _ => "{}",
        }));
        using var logsHandler = new RecordingHandler(_ => RecordingHandler.Answer("""{"events": [], "nextForwardToken": "f/1", "nextBackwardToken": "b/1"}"""));
        using var ecsClient = new EcsClient(RealEndpoints, Once, innerHandler: ecsHandler);
        using var platform = new AwsEcsPlatform(new EcsClient(RealEndpoints, Once, innerHandler: ecsHandler), new LogsClient(RealEndpoints, Once, innerHandler: logsHandler), _ => { });

        var described = await new TaskDefinitions(ecsClient).DescribeAsync("webapp-api");
        var run = await platform.RunOneOffTaskAsync(new OneOffTaskRequest("webapp", "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/webapp-api:3", "api",
            ["/app/bin/migrate"], new TaskNetwork(["subnet-1"], ["sg-1"], false), TimeSpan.FromMinutes(1)));
        using var logsClient = new LogsClient(RealEndpoints, Once, innerHandler: logsHandler);
        await LogStreamReader.ReadAllAsync(logsClient, "/ecs/webapp-api", "ecs/api/0f1e", pageSize: 100);

        foreach (var (check, handler) in new[] { (ecs, ecsHandler), (logs, logsHandler) })
        {
            foreach (var request in handler.Requests)
            {
                check.JsonBody(JsonNode.Parse(request.Body), check.Model.InputShape(request.Operation!)!, request.Operation!, enums: true);
            }
        }

        Assert.Equal(["DescribeTaskDefinition", "RunTask"], ecsHandler.Requests.Select(r => r.Operation));
        Assert.Equal("""["TAGS"]""", JsonNode.Parse(ecsHandler.Requests[0].Body)!["include"]!.ToJsonString());
        Assert.Equal("""[{"key":"ManagedBy","value":"terraform"}]""", described["tags"]!.ToJsonString());
        Assert.False(run.Started);
        Report(ecs, logs);
    }

    [SkippableFact]
    public async Task The_check_catches_a_misspelt_member_a_nullable_required_member_and_a_timestamp_in_the_wrong_unit()
    {
        var ecs = new WireModelCheck(await LoadAsync("ecs", "2014-11-13"));
        var logs = new WireModelCheck(await LoadAsync("logs", "2014-03-28"));
        var cloudFront = new WireModelCheck(await LoadAsync("cloudfront", CloudFrontClient.ApiVersion));
        XNamespace ns = CloudFrontClient.Ns;

        ecs.Type(typeof(BadDescribeServicesRequest), "DescribeServicesRequest", "DescribeServices request", send: true, AwsJsonClient.Json);
        ecs.Type(typeof(BadDeployment), "Deployment", "deployment", send: false, AwsJsonClient.Json);
        ecs.JsonBody(JsonNode.Parse("""{"cluster": "c", "service": ["s"]}"""), "DescribeServicesRequest", "body");
        logs.Type(typeof(BadLogEvent), "OutputLogEvent", "event", send: false, AwsJsonClient.Json);
        cloudFront.XmlBody(new XElement(ns + "InvalidationBatch", new XElement(ns + "CallerReference", "r"),
            new XElement(ns + "Paths", new XElement(ns + "Quantity", "1"), new XElement(ns + "Items", new XElement(ns + "Item", "/")))), "InvalidationBatch", "batch", ns);

        // Each expected line is the start of one problem, in the order found.
        Problems(ecs,
            "DescribeServices request.Cluster: not a member of DescribeServicesRequest (the model spells it cluster)",
            "DescribeServices request.services: required by DescribeServicesRequest but nullable in BadDescribeServicesRequest (null is not sent)",
            "deployment.createdAt: {\"createdAt\":1700000000.5} (epoch seconds) cannot be read",
            "deployment.rolloutStatus: not a member of Deployment",
            "deployment.updatedAt: {\"updatedAt\":1700000000.5} (epoch seconds) reads as nothing, not 2023-11-14T22:13:20.5000000+00:00 (converter: IsoOnly)",
            "body.service: not a member of DescribeServicesRequest",
            "body: required member services of DescribeServicesRequest not sent");
        Problems(logs,
            "event.timestamp: {\"timestamp\":1700000000500} (epoch milliseconds) cannot be read",
            "event.ingestionTime: {\"ingestionTime\":1700000000500} (epoch milliseconds) cannot be read");
        Problems(cloudFront,
            "batch/Paths: out of order (the model's order: Paths, CallerReference)",
            "batch/Paths/Items/Item: list items of PathList are <Path>");
    }

    private static void Problems(WireModelCheck check, params string[] starts)
    {
        Assert.True(starts.Length == check.Problems.Count, string.Join('\n', check.Problems));
        Assert.All(starts.Zip(check.Problems), p => Assert.StartsWith(p.First, p.Second, StringComparison.Ordinal));
    }

    private sealed record BadDescribeServicesRequest([property: JsonPropertyName("Cluster")] string Cluster, IReadOnlyList<string>? Services);

    /// <summary>createdAt with the milliseconds converter; updatedAt as a string (an ISO-only reader); a member ECS does not have.</summary>
    private sealed record BadDeployment([property: JsonConverter(typeof(EpochMillisecondsConverter))] DateTimeOffset? CreatedAt, string? RolloutStatus,
        [property: JsonConverter(typeof(IsoOnly))] DateTimeOffset? UpdatedAt);

    /// <summary>timestamp with the seconds converter (a year past 9999); ingestionTime without any converter.</summary>
    private sealed record BadLogEvent([property: JsonConverter(typeof(Deploy.Build.Aws.EpochSecondsConverter))] DateTimeOffset? Timestamp, DateTimeOffset? IngestionTime);

    /// <summary>A converter that only understands ISO 8601 strings (what a REST-XML reader would expect).</summary>
    private sealed class IsoOnly : JsonConverter<DateTimeOffset?>
    {
        public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? reader.GetDateTimeOffset() : null;

        public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options) => writer.WriteStringValue(value!.Value);
    }

    /// <summary>
    /// Calls every method of <paramref name="contract"/> on the client with a request whose every member is set, and checks
    /// the signed request (target, content type, host, signing scope, body) and both C# types against the model.
    /// </summary>
    private async Task JsonClientAsync(string service, string version, Type contract, Func<HttpMessageHandler, IDisposable> create)
    {
        var model = await LoadAsync(service, version);
        var check = new WireModelCheck(model);
        using var handler = new RecordingHandler(_ => RecordingHandler.Answer("{}"));
        using var client = create(handler);
        var operations = new List<string>();
        foreach (var method in contract.GetMethods())
        {
            var requestType = method.GetParameters()[0].ParameterType;
            var responseType = method.ReturnType.GetGenericArguments()[0];
            var request = requestType == typeof(JsonObject) ? TaskDefinitionRegistration() : WireSamples.Full(requestType, AwsJsonClient.Json);
            var before = handler.Requests.Count;
            await WireSamples.CallAsync(client, method, request);
            var sent = Assert.Single(handler.Requests.Skip(before));
            var target = sent.Header("X-Amz-Target") ?? string.Empty;
            var operation = target[(target.LastIndexOf('.') + 1)..];
            operations.Add(operation);
            Same(check, $"{method.Name} target prefix", model.Metadata("targetPrefix"), target[..Math.Max(0, target.LastIndexOf('.'))]);
            if (!model.HasOperation(operation))
            {
                check.Problem($"{method.Name}: X-Amz-Target names {operation}, which is not an operation of {service}");
                continue;
            }

            Same(check, $"{operation} method name (AWSSDK shape)", operation + "Async", method.Name);
            Same(check, $"{operation} content type", $"application/x-amz-json-{model.Metadata("jsonVersion")}", sent.Header("Content-Type")?.Split(';')[0]);
            Same(check, $"{operation} host", $"{model.Metadata("endpointPrefix")}.{Region}.amazonaws.com", sent.Uri.Host);
            Signed(check, model, sent, operation, Region);
            var input = model.InputShape(operation)!;
            check.JsonBody(JsonNode.Parse(sent.Body), input, operation);
            check.Type(requestType, input, operation + " request", send: true, AwsJsonClient.Json);
            if (model.OutputShape(operation) is { } outputShape)
            {
                check.Type(responseType, outputShape, operation + " response", send: false, AwsJsonClient.Json);
            }
        }

        output.WriteLine($"{service}: {string.Join(", ", operations)}");
        Report(check);
    }

    /// <summary>A RegisterTaskDefinition request as TaskDefinitions makes it: a described revision's registrable fields, tags in.</summary>
    private static JsonObject TaskDefinitionRegistration() => TaskDefinitionRenderer.WithImage(JsonNode.Parse("""
        {
          "taskDefinitionArn": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/webapp-api:5", "family": "webapp-api", "revision": 5,
          "status": "ACTIVE", "registeredAt": 1732350000.123, "compatibilities": ["EC2", "FARGATE"],
          "taskRoleArn": "arn:aws:iam::123456789012:role/api-task", "executionRoleArn": "arn:aws:iam::123456789012:role/api-exec",
          "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "512", "memory": "1024",
          "runtimePlatform": {"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"}, "ephemeralStorage": {"sizeInGiB": 30},
          "volumes": [{"name": "tmp"}], "placementConstraints": [], "pidMode": "task", "enableFaultInjection": false,
          "containerDefinitions": [{
            "name": "api", "image": "repo/api:latest", "essential": true, "memory": 1024,
            "portMappings": [{"containerPort": 3001, "protocol": "tcp"}],
            "environment": [{"name": "NODE_ENV", "value": "production"}],
            "secrets": [{"name": "DATABASE_URL", "valueFrom": "arn:aws:ssm:ap-northeast-1:123456789012:parameter/webapp/staging/database_url"}],
            "healthCheck": {"command": ["CMD-SHELL", "wget -qO- localhost:3001/health"], "interval": 30},
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/webapp-api", "awslogs-stream-prefix": "ecs"}}
          }],
          "tags": [{"key": "ManagedBy", "value": "terraform"}, {"key": "Environment", "value": "staging"}]
        }
        """)!.AsObject(), "api", "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/webapp-api@sha256:0f");

    /// <summary>A CloudFront answer made from the model's output shape (payload element, header members, response code).</summary>
    private static HttpResponseMessage Answer(WireModelCheck check, string operation, XNamespace ns, string location)
    {
        var model = check.Model;
        var outputShape = model.OutputShape(operation)!;
        var payload = model.Members(outputShape).Single(m => m.Name == model.Shape(outputShape).GetProperty("payload").GetString());
        var xml = check.XmlSample(check.ShapeOf(payload.Member), WireModelCheck.LocationName(payload.Member) ?? payload.Name, ns);
        var status = (HttpStatusCode)model.Operation(operation).GetProperty("http").GetProperty("responseCode").GetInt32();
        var response = RecordingHandler.Answer(new XDocument(new XDeclaration("1.0", "UTF-8", null), xml).ToString(), status, "text/xml");
        foreach (var (_, member) in model.Members(outputShape).Where(m => m.Member.TryGetProperty("location", out var l) && l.GetString() == "header"))
        {
            response.Headers.TryAddWithoutValidation(WireModelCheck.LocationName(member)!, location);
        }

        return response;
    }

    /// <summary>The SigV4 scope names the model's signing name and the region; X-Amz-Target (when sent) is signed.</summary>
    private static void Signed(WireModelCheck check, ServiceModel model, RecordedRequest request, string operation, string region)
    {
        var authorization = request.Header("Authorization") ?? string.Empty;
        var scope = authorization.Split("Credential=")[^1].Split(',')[0].Split('/');
        Same(check, $"{operation} signing scope", $"{region}/{model.Metadata("signingName") ?? model.Metadata("endpointPrefix")}/aws4_request",
            string.Join('/', scope.Skip(2)));
        if (request.Header("X-Amz-Target") is not null && !authorization.Contains("x-amz-target", StringComparison.Ordinal))
        {
            check.Problem($"{operation}: X-Amz-Target is not signed ({authorization})");
        }
    }

    private static Dictionary<string, string> Form(string body) =>
        body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')), StringComparer.Ordinal);

    private static void Same(WireModelCheck check, string what, string? expected, string? actual)
    {
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            check.Problem($"{what}: '{actual}', the model says '{expected}'");
        }
    }

    private async Task<ServiceModel> LoadAsync(string service, string version)
    {
        var model = await BotocoreModels.LoadAsync(service, version);
        output.WriteLine(model.ToString());
        return model;
    }

    private static void Report(params WireModelCheck[] checks)
    {
        var problems = checks.SelectMany(c => c.Problems).ToList();
        Assert.True(problems.Count == 0, $"{problems.Count} difference(s) from {string.Join(", ", checks.Select(c => c.Model.File).Distinct())}:\n" + string.Join('\n', problems));
    }
}
