using System.Diagnostics;
using Confluent.Kafka;

namespace Evostream.Bench.Scenarios;

/// <summary>
/// The raw baseline for every Kafka stage: the least code that is still exactly-once (consume a batch, copy each
/// record to the output, send the offsets, commit), with the same batch limits as Evostream's loop.
/// </summary>
public sealed class BareTransactionalLoop(BenchCluster cluster, string input, string output, string group, string transactionalId, int maxBatch, TimeSpan batchTime)
{
    public void Run(CancellationToken ct)
    {
        using var producer = cluster.Configs.ProducerBuilder<byte[]?, byte[]?>(cluster.Configs.TransactionalProducer("bench-bare", transactionalId)).Build();
        producer.InitTransactions(TimeSpan.FromSeconds(30));
        using var consumer = cluster.Configs.ConsumerBuilder<byte[]?, byte[]?>(cluster.Configs.Consumer("bench-bare", group)).Build();
        consumer.Subscribe(input);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                producer.BeginTransaction();
                var clock = Stopwatch.StartNew();
                var count = 0;
                while (count < maxBatch && clock.Elapsed < batchTime)
                {
                    var record = consumer.Consume(batchTime - clock.Elapsed);
                    if (record is null)
                    {
                        break;
                    }

                    if (record.IsPartitionEOF)
                    {
                        continue;
                    }

                    producer.Produce(output, record.Message);
                    count++;
                }

                if (count == 0)
                {
                    producer.AbortTransaction();
                    continue;
                }

                var offsets = consumer.Assignment.Select(tp => new TopicPartitionOffset(tp, consumer.Position(tp))).Where(o => o.Offset.Value >= 0).ToList();
                producer.SendOffsetsToTransaction(offsets, consumer.ConsumerGroupMetadata, TimeSpan.FromSeconds(30));
                producer.CommitTransaction();
            }
        }
        finally
        {
            consumer.Close();
        }
    }
}
