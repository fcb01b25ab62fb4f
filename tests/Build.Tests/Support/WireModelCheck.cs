using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Xml.Linq;

namespace Deploy.Build.Tests.Support;

/// <summary>
/// Compares what a hand-written AWS client sends and reads with a botocore model and collects every difference as one
/// line: member names (exact casing), botocore-required members, value kinds, timestamps (epoch seconds for awsJson
/// <c>timestamp</c>, epoch milliseconds for a <c>long</c> read as a date), and for REST-XML the element names and order.
/// </summary>
public sealed class WireModelCheck(ServiceModel model)
{
    /// <summary>2023-11-14T22:13:20.5Z: the instant every timestamp sample stands for.</summary>
    public static readonly DateTimeOffset SampleInstant = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500);

    private readonly List<string> _problems = [];

    public ServiceModel Model { get; } = model;

    public IReadOnlyList<string> Problems => _problems;

    public void Problem(string line) => _problems.Add(line);

    /// <summary>A JSON body as sent: every key a member of its shape, every required member there, values of the right kind.</summary>
    /// <param name="enums">Also check string values against the shape's enum (for bodies with real values, not samples).</param>
    public void JsonBody(JsonNode? node, string shape, string path, bool enums = false)
    {
        var type = Model.TypeOf(shape);
        switch (type)
        {
            case "structure":
                if (node is not JsonObject obj)
                {
                    Problem($"{path}: {Kind(node)} sent for structure {shape}");
                    return;
                }

                var members = Model.Members(shape).ToDictionary(m => m.Name, m => m.Member, StringComparer.Ordinal);
                foreach (var (key, value) in obj)
                {
                    if (members.TryGetValue(key, out var member))
                    {
                        JsonBody(value, ShapeOf(member), $"{path}.{key}", enums);
                    }
                    else
                    {
                        Problem($"{path}.{key}: not a member of {shape}{DidYouMean(key, members.Keys)}");
                    }
                }

                foreach (var required in Model.Required(shape).Where(r => !obj.ContainsKey(r)))
                {
                    Problem($"{path}: required member {required} of {shape} not sent");
                }

                break;
            case "list":
                if (node is not JsonArray array)
                {
                    Problem($"{path}: {Kind(node)} sent for list {shape}");
                    return;
                }

                var item = ShapeOf(Model.Shape(shape).GetProperty("member"));
                for (var i = 0; i < array.Count; i++)
                {
                    JsonBody(array[i], item, $"{path}[{i}]", enums);
                }

                break;
            case "map":
                if (node is not JsonObject map)
                {
                    Problem($"{path}: {Kind(node)} sent for map {shape}");
                    return;
                }

                var valueShape = ShapeOf(Model.Shape(shape).GetProperty("value"));
                foreach (var (key, value) in map)
                {
                    JsonBody(value, valueShape, $"{path}[{key}]", enums);
                }

                break;
            default:
                var kind = node?.GetValueKind();
                var fits = type switch
                {
                    "string" or "blob" => kind == JsonValueKind.String,
                    "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
                    "integer" or "long" => kind == JsonValueKind.Number && node!.AsValue().TryGetValue<long>(out _),
                    "double" or "float" or "timestamp" => kind == JsonValueKind.Number,
                    _ => false,
                };
                if (!fits)
                {
                    Problem($"{path}: {Kind(node)} sent for {type} {shape}");
                }
                else if (enums && type == "string" && Model.Enum(shape) is { Count: > 0 } allowed && !allowed.Contains((string)node!))
                {
                    Problem($"{path}: '{(string?)node}' is not one of {shape}'s values ({string.Join(", ", allowed)})");
                }

                break;
        }
    }

    /// <summary>
    /// A C# request (<paramref name="send"/>) or response type against its shape, by the serializer's own view of it
    /// (<paramref name="options"/>: the names and converters the client uses). Sent: every property is a member and every
    /// required member is a property that is never null. Read: every property the deserializer sets is a member.
    /// </summary>
    public void Type(Type type, string shape, string path, bool send, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (typeof(JsonNode).IsAssignableFrom(type))
        {
            return; // a JSON document passed through (task definitions): checked field by field elsewhere
        }

        var shapeType = Model.TypeOf(shape);
        switch (shapeType)
        {
            case "structure":
                var info = WireSamples.Info(options, type);
                if (info.Kind != JsonTypeInfoKind.Object)
                {
                    Problem($"{path}: {type.Name} is not an object, {shape} is a structure");
                    return;
                }

                var members = Model.Members(shape).ToDictionary(m => m.Name, m => m.Member, StringComparer.Ordinal);
                var properties = info.Properties.Where(p => send ? p.Get is not null : p.Set is not null || p.AssociatedParameter is not null).ToList();
                foreach (var property in properties)
                {
                    if (!members.TryGetValue(property.Name, out var member))
                    {
                        Problem($"{path}.{property.Name}: not a member of {shape}{DidYouMean(property.Name, members.Keys)}");
                        continue;
                    }

                    Member(type, property, member, $"{path}.{property.Name}", send, options);
                }

                if (send)
                {
                    foreach (var required in Model.Required(shape))
                    {
                        var property = properties.FirstOrDefault(p => p.Name == required);
                        if (property is null)
                        {
                            Problem($"{path}: required member {required} of {shape} is not in {type.Name}");
                        }
                        else if (Nullable.GetUnderlyingType(property.PropertyType) is not null || (!property.PropertyType.IsValueType && property.IsGetNullable))
                        {
                            Problem($"{path}.{required}: required by {shape} but nullable in {type.Name} (null is not sent)");
                        }
                    }
                }

                break;
            case "list":
                var element = ElementType(type);
                if (element is null)
                {
                    Problem($"{path}: {type.Name} is not a list, {shape} is");
                    return;
                }

                Type(element, ShapeOf(Model.Shape(shape).GetProperty("member")), path + "[]", send, options);
                break;
            case "map":
                var dictionary = type.GetInterfaces().Append(type)
                    .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>));
                if (dictionary is null)
                {
                    Problem($"{path}: {type.Name} is not a map, {shape} is");
                    return;
                }

                Type(dictionary.GetGenericArguments()[1], ShapeOf(Model.Shape(shape).GetProperty("value")), path + "[]", send, options);
                break;
            default:
                var fits = shapeType switch
                {
                    "string" => type == typeof(string) || type.IsEnum,
                    "boolean" => type == typeof(bool),
                    "integer" => type == typeof(int),
                    "long" => type == typeof(long) || type == typeof(int),
                    "double" or "float" => type == typeof(double) || type == typeof(float),
                    "blob" => type == typeof(string) || type == typeof(byte[]),
                    _ => false,
                };
                if (!fits)
                {
                    Problem($"{path}: {type.Name} for {shapeType} {shape}");
                }

                break;
        }
    }

    /// <summary>
    /// An XML request body (REST-XML): element names as the model names them (locationName), in the model's member order,
    /// in <paramref name="ns"/>, required members present, list items named as the model's list member.
    /// </summary>
    public void XmlBody(XElement element, string shape, string path, XNamespace ns)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (element.Name.Namespace != ns)
        {
            Problem($"{path}: element in namespace '{element.Name.NamespaceName}', the model's is '{ns.NamespaceName}'");
        }

        switch (Model.TypeOf(shape))
        {
            case "structure":
                var members = Model.Members(shape).Where(m => !m.Member.TryGetProperty("location", out _))
                    .Select(m => (Element: LocationName(m.Member) ?? m.Name, m.Name, Shape: ShapeOf(m.Member))).ToList();
                var order = -1;
                foreach (var child in element.Elements())
                {
                    var index = members.FindIndex(m => m.Element == child.Name.LocalName);
                    if (index < 0)
                    {
                        Problem($"{path}/{child.Name.LocalName}: not a member of {shape}{DidYouMean(child.Name.LocalName, members.Select(m => m.Element))}");
                        continue;
                    }

                    if (index < order)
                    {
                        Problem($"{path}/{child.Name.LocalName}: out of order (the model's order: {string.Join(", ", members.Select(m => m.Element))})");
                    }

                    order = index;
                    XmlBody(child, members[index].Shape, $"{path}/{child.Name.LocalName}", ns);
                }

                foreach (var required in Model.Required(shape))
                {
                    var name = members.FirstOrDefault(m => m.Name == required).Element ?? required;
                    if (element.Element(ns + name) is null)
                    {
                        Problem($"{path}: required member {name} of {shape} not sent");
                    }
                }

                break;
            case "list":
                var item = Model.Shape(shape).GetProperty("member");
                var itemName = LocationName(item) ?? "member";
                foreach (var child in element.Elements())
                {
                    if (child.Name.LocalName != itemName)
                    {
                        Problem($"{path}/{child.Name.LocalName}: list items of {shape} are <{itemName}>");
                    }

                    XmlBody(child, ShapeOf(item), $"{path}/{child.Name.LocalName}", ns);
                }

                break;
            case "integer" or "long":
                if (!long.TryParse(element.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                {
                    Problem($"{path}: '{element.Value}' is not an integer");
                }

                break;
        }
    }

    /// <summary>
    /// A REST-XML answer made from the model: every member as the model names it, strings "&lt;member&gt;-sample", two items
    /// per list, integers 2, timestamps <see cref="SampleInstant"/> in ISO 8601. What a parser must be able to read.
    /// </summary>
    public XElement XmlSample(string shape, string elementName, XNamespace ns)
    {
        var element = new XElement(ns + elementName);
        switch (Model.TypeOf(shape))
        {
            case "structure":
                foreach (var (name, member) in Model.Members(shape).Where(m => !m.Member.TryGetProperty("location", out _)))
                {
                    element.Add(XmlSample(ShapeOf(member), LocationName(member) ?? name, ns));
                }

                break;
            case "list":
                var item = Model.Shape(shape).GetProperty("member");
                var itemName = LocationName(item) ?? "member";
                for (var i = 1; i <= 2; i++)
                {
                    var child = XmlSample(ShapeOf(item), itemName, ns);
                    if (Model.TypeOf(ShapeOf(item)) == "string")
                    {
                        child.Value = $"{itemName}-sample-{i}";
                    }

                    element.Add(child);
                }

                break;
            case "integer" or "long":
                element.Value = "2";
                break;
            case "boolean":
                element.Value = "true";
                break;
            case "timestamp":
                element.Value = SampleInstant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                break;
            default:
                element.Value = $"{elementName}-sample";
                break;
        }

        return element;
    }

    /// <summary>
    /// A C# record (REST-XML clients build and parse XML by hand) against its shape: each primary-constructor parameter
    /// (the record's wire members, exact names) is a member of the shape, of a matching kind.
    /// </summary>
    public void Record(Type type, string shape, string path)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var shapeType = Model.TypeOf(shape);
        if (shapeType == "list")
        {
            var element = ElementType(type);
            if (element is null)
            {
                Problem($"{path}: {type.Name} is not a list, {shape} is");
                return;
            }

            Record(element, ShapeOf(Model.Shape(shape).GetProperty("member")), path + "[]");
            return;
        }

        if (shapeType != "structure")
        {
            var fits = shapeType switch
            {
                "string" => type == typeof(string),
                "integer" or "long" => type == typeof(int) || type == typeof(long),
                "timestamp" => type == typeof(DateTimeOffset) || type == typeof(DateTime),
                "boolean" => type == typeof(bool),
                _ => false,
            };
            if (!fits && !(shapeType == "string" && type == typeof(Uri)))
            {
                Problem($"{path}: {type.Name} for {shapeType} {shape}");
            }

            return;
        }

        var members = Model.Members(shape).ToDictionary(m => m.Name, m => m.Member, StringComparer.Ordinal);
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        foreach (var parameter in constructor.GetParameters())
        {
            var name = char.ToUpperInvariant(parameter.Name![0]) + parameter.Name[1..];
            if (members.TryGetValue(name, out var member))
            {
                Record(parameter.ParameterType, ShapeOf(member), $"{path}.{name}");
            }
            else
            {
                Problem($"{path}.{name}: not a member of {shape}{DidYouMean(name, members.Keys)}");
            }
        }
    }

    public string ShapeOf(JsonElement member) => member.GetProperty("shape").GetString()!;

    public static string? LocationName(JsonElement member) =>
        member.TryGetProperty("locationName", out var name) ? name.GetString() : null;

    /// <summary>One property against its member: the kind, and for dates the converter (checked by reading a sample).</summary>
    private void Member(Type declaring, JsonPropertyInfo property, JsonElement member, string path, bool send, JsonSerializerOptions options)
    {
        var shape = ShapeOf(member);
        var shapeType = Model.TypeOf(shape);
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var isDate = type == typeof(DateTime) || type == typeof(DateTimeOffset);
        if (shapeType == "timestamp" || (isDate && shapeType == "long"))
        {
            if (!isDate)
            {
                Problem($"{path}: {shapeType} {shape} read as {type.Name}, not as a date");
                return;
            }

            var format = TimestampFormat(member, shape);
            if (shapeType == "timestamp" && format != "unixTimestamp")
            {
                Problem($"{path}: {shape} is a {format} timestamp; the clients read epoch seconds");
                return;
            }

            // Epoch seconds (fractional) for awsJson timestamps; epoch milliseconds where the model says long (Logs).
            JsonNode sample = shapeType == "timestamp" ? 1_700_000_000.5 : 1_700_000_000_500L;
            if (!send)
            {
                ReadsAs(declaring, property, new JsonObject { [property.Name] = sample }, path, shapeType == "timestamp" ? "epoch seconds" : "epoch milliseconds", options);
            }

            return;
        }

        Type(property.PropertyType, shape, path, send, options);
    }

    private void ReadsAs(Type declaring, JsonPropertyInfo property, JsonObject json, string path, string unit, JsonSerializerOptions options)
    {
        object? value;
        try
        {
            value = property.Get!(JsonSerializer.Deserialize(json.ToJsonString(), declaring, options)!);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            Problem($"{path}: {json.ToJsonString()} ({unit}) cannot be read: {ex.Message}");
            return;
        }

        var instant = value switch
        {
            DateTimeOffset d => d,
            DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, d.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : d.Kind)),
            _ => (DateTimeOffset?)null,
        };
        if (instant != SampleInstant)
        {
            Problem($"{path}: {json.ToJsonString()} ({unit}) reads as {instant?.ToString("O", CultureInfo.InvariantCulture) ?? "nothing"}, " +
                    $"not {SampleInstant.ToString("O", CultureInfo.InvariantCulture)} (converter: {property.CustomConverter?.GetType().Name ?? "none"})");
        }
    }

    private string TimestampFormat(JsonElement member, string shape) =>
        member.TryGetProperty("timestampFormat", out var f) ? f.GetString()!
        : Model.Shape(shape).TryGetProperty("timestampFormat", out var s) ? s.GetString()!
        : Model.Protocol is "json" ? "unixTimestamp" : "iso8601";

    private static Type? ElementType(Type type) =>
        type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static string Kind(JsonNode? node) => node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant();

    private static string DidYouMean(string name, IEnumerable<string> candidates)
    {
        var close = candidates.FirstOrDefault(c => c.Equals(name, StringComparison.OrdinalIgnoreCase));
        return close is null ? string.Empty : $" (the model spells it {close})";
    }
}

/// <summary>Requests with every member set, made through the client's own serializer view of the type.</summary>
public static class WireSamples
{
    /// <summary>The serializer's metadata of <paramref name="type"/> under <paramref name="options"/> (locked as first use would).</summary>
    public static JsonTypeInfo Info(JsonSerializerOptions options, Type type)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsReadOnly)
        {
            options.MakeReadOnly(populateMissingResolver: true);
        }

        return options.GetTypeInfo(type);
    }

    /// <summary>A JSON object with a sample value for every property the deserializer sets, read back into <paramref name="type"/>.</summary>
    public static object Full(Type type, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(Json(type, options, 0).ToJsonString(), type, options)!;

    private static JsonNode Json(Type type, JsonSerializerOptions options, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "sample";
        }

        if (type == typeof(bool))
        {
            return true;
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return 1;
        }

        if (type == typeof(double) || type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return 1_700_000_000.5;
        }

        if (typeof(JsonNode).IsAssignableFrom(type))
        {
            return new JsonObject();
        }

        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[0];
            return new JsonArray(Json(element, options, depth + 1));
        }

        var result = new JsonObject();
        if (depth > 8)
        {
            return result;
        }

        foreach (var property in Info(options, type).Properties.Where(p => p.Set is not null || p.AssociatedParameter is not null))
        {
            result[property.Name] = Json(property.PropertyType, options, depth + 1);
        }

        return result;
    }

    /// <summary>Calls <paramref name="method"/> (an async client method) with <paramref name="request"/> and returns its answer.</summary>
    public static async Task<object?> CallAsync(object client, MethodInfo method, object request)
    {
        ArgumentNullException.ThrowIfNull(method);
        var task = (Task)method.Invoke(client, [request, CancellationToken.None])!;
        await task;
        return task.GetType().GetProperty("Result")?.GetValue(task);
    }
}
