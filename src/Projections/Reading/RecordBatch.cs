using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Evostream.Contracts.Evolution;
using Evostream.Projections.Model;
using Evostream.Projections.Storage;

namespace Evostream.Projections.Reading;

/// <summary>Turns consumed records into one batch's rows and offset moves; unreadable records are parked, not dropped.</summary>
public sealed class RecordBatch(EventRecordReader reader, InputTopics topics)
{
    public async Task<(BatchRows Rows, List<OffsetAdvance> Advances)> BuildAsync(
        IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> records, IReadOnlyDictionary<TopicPartition, long> expected, CancellationToken ct)
    {
        var rows = new BatchRows();
        var last = new Dictionary<TopicPartition, long>();
        foreach (var record in records)
        {
            last[record.TopicPartition] = record.Offset.Value;
            rows.Events++;
            if (!topics.Accepts(record.Topic))
            {
                continue;
            }

            if (record.Topic == topics.Rejections)
            {
                // A rejection of an existing instance's command also came as its command.rejected event; the two rows agree.
                if (RejectedCommandRecord.ToEvent(record) is { } rejection)
                {
                    EventMapper.Map(rejection, rows);
                }

                continue;
            }

            var headers = Headers(record.Message.Headers);
            var result = record.Message.Value is { Length: > 0 } value
                ? await reader.ReadAsync(value, headers, ct)
                : null;
            if (result is { IsValid: true })
            {
                var envelope = result.Envelope;
                if (envelope.EventId.Length == 0)
                {
                    // A foreign producer gave no event id: the record's coordinates are unique and stable across replays.
                    envelope.EventId = $"{record.Topic}/{record.Partition.Value}/{record.Offset.Value}";
                }

                EventMapper.Map(envelope, rows);
            }
            else
            {
                rows.Parked.Add(new ParkedRow(record.Topic, record.Partition.Value, record.Offset.Value, record.Message.Key,
                    JsonSerializer.Serialize(headers.GroupBy(h => h.Key).ToDictionary(g => g.Key, g => g.Last().Value)), record.Message.Value,
                    "The record " + (result?.Error ?? "is empty (a tombstone); event records always carry a value")));
            }
        }

        var advances = last.Select(p => new OffsetAdvance(p.Key.Topic, p.Key.Partition.Value, expected.GetValueOrDefault(p.Key, -1), p.Value + 1)).ToList();
        return (rows, advances);
    }

    private static List<KeyValuePair<string, string>> Headers(Headers? headers) =>
        headers is null ? [] : [.. headers.Select(h => new KeyValuePair<string, string>(h.Key, Encoding.UTF8.GetString(h.GetValueBytes() ?? [])))];
}
