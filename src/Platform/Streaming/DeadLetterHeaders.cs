using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace Evostream.Platform.Streaming;

/// <summary>Headers on a dead-lettered record: where it came from and why it could not be processed.</summary>
public static class DeadLetterHeaders
{
    public const string Stage = "dlq-stage";
    public const string Topic = "dlq-topic";
    public const string Partition = "dlq-partition";
    public const string Offset = "dlq-offset";
    public const string Error = "dlq-error";
    public const string ExceptionType = "dlq-exception";

    public static Headers For(ConsumeResult<byte[]?, byte[]?> record, string stage, Exception error)
    {
        var headers = new Headers();
        foreach (var original in record.Message.Headers ?? [])
        {
            headers.Add(original.Key, original.GetValueBytes());
        }

        Add(headers, Stage, stage);
        Add(headers, Topic, record.Topic);
        Add(headers, Partition, record.Partition.Value.ToString(CultureInfo.InvariantCulture));
        Add(headers, Offset, record.Offset.Value.ToString(CultureInfo.InvariantCulture));
        Add(headers, Error, error.Message);
        Add(headers, ExceptionType, error.GetType().FullName ?? error.GetType().Name);
        return headers;
    }

    private static void Add(Headers headers, string key, string value) => headers.Add(key, Encoding.UTF8.GetBytes(value));
}
