using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Deploy.Build.Aws;

/// <summary>AWS JSON timestamps: epoch seconds (a number, possibly fractional); ISO strings are accepted too.</summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => DateTimeOffset.FromUnixTimeMilliseconds((long)(reader.GetDouble() * 1000)),
            JsonTokenType.String when double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) =>
                DateTimeOffset.FromUnixTimeMilliseconds((long)(s * 1000)),
            JsonTokenType.String when DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) => d,
            _ => null,
        };

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteNumberValue(value.Value.ToUnixTimeMilliseconds() / 1000.0);
        }
    }
}

/// <summary>CloudWatch Logs timestamps: epoch milliseconds.</summary>
public sealed class EpochMillisecondsConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number ? DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64()) : null;

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteNumberValue(value.Value.ToUnixTimeMilliseconds());
        }
    }
}
