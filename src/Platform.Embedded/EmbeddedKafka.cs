using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using Evostream.Platform.Configuration;

namespace Evostream.Platform.Embedded;

/// <summary>
/// A real Kafka-protocol cluster inside this process: librdkafka's mock cluster. Any client, in this process or
/// another (kcat, kafkajs, the services), can connect to <see cref="BootstrapServers"/>. It keeps everything in
/// memory, has no SASL/SSL listeners and does not compact; topics are created through the mock API because the
/// mock broker does not implement CreateTopics. Its transactions follow Kafka's exactly-once rules (transactional
/// offsets, zombie fencing, read_committed isolation) only because eng/librdkafka.sh applies
/// eng/patches/librdkafka-2.15.1-mock-eos.patch to the mock. That patched build runs the cluster only (see
/// <see cref="MockClusterNative"/>); clients, in this process too, use Confluent's librdkafka.
/// </summary>
public sealed class EmbeddedKafka : IDisposable
{
    private const int ProducerType = 0;
    private readonly Lock _gate = new();
    private IntPtr _handle;
    private IntPtr _cluster;

    private EmbeddedKafka(IntPtr handle, IntPtr cluster, int brokerCount)
    {
        _handle = handle;
        _cluster = cluster;
        BrokerCount = brokerCount;
        BootstrapServers = Marshal.PtrToStringUTF8(MockClusterNative.rd_kafka_mock_cluster_bootstraps(cluster))
            ?? throw new InvalidOperationException("The mock cluster reported no bootstrap servers.");
    }

    public string BootstrapServers { get; }

    public int BrokerCount { get; }

    /// <summary>The file of the patched librdkafka this process runs mock clusters with.</summary>
    public static string NativeLibraryPath => MockClusterNative.EnsureLoaded();

    /// <summary>Starts a cluster of <paramref name="brokerCount"/> brokers on ephemeral loopback ports.</summary>
    public static EmbeddedKafka Start(int brokerCount = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerCount, 1);
        MockClusterNative.EnsureLoaded();
        var error = new byte[512];
        var conf = MockClusterNative.rd_kafka_conf_new();
        // The handle only anchors the mock cluster's thread; keep it quiet.
        _ = MockClusterNative.rd_kafka_conf_set(conf, "log_level", "3", error, (nuint)error.Length);
        var handle = MockClusterNative.rd_kafka_new(ProducerType, conf, error, (nuint)error.Length);
        if (handle == IntPtr.Zero)
        {
            throw new InvalidOperationException("librdkafka could not create the handle for the embedded cluster: " + Text(error));
        }

        var cluster = MockClusterNative.rd_kafka_mock_cluster_new(handle, brokerCount);
        if (cluster == IntPtr.Zero)
        {
            MockClusterNative.rd_kafka_destroy(handle);
            throw new InvalidOperationException("librdkafka could not start the embedded (mock) cluster.");
        }

        // A real broker waits 3 s for more members before the first rebalance; nothing is gained by that here.
        MockClusterNative.rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, 0);
        return new EmbeddedKafka(handle, cluster, brokerCount);
    }

    /// <summary>True when <paramref name="bootstrapServers"/> names one of this cluster's brokers.</summary>
    public bool Serves(string bootstrapServers) =>
        bootstrapServers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Intersect(BootstrapServers.Split(','), StringComparer.OrdinalIgnoreCase).Any();

    /// <summary>Creates a topic; returns false, changing nothing, if it already exists.</summary>
    public bool CreateTopic(string name, int partitions, int replicationFactor)
    {
        var rf = Math.Min(replicationFactor, BrokerCount);
        var error = MockClusterNative.rd_kafka_mock_topic_create(Cluster, name, partitions, rf);
        if (error == (int)ErrorCode.TopicAlreadyExists)
        {
            return false;
        }

        Check(error, $"create topic {name}");
        return true;
    }

    /// <summary>Makes the next <paramref name="errors"/>.Length requests of <paramref name="apiKey"/> fail, in order.</summary>
    public void FailNextRequests(short apiKey, params ErrorCode[] errors) =>
        MockClusterNative.rd_kafka_mock_push_request_errors_array(Cluster, apiKey, (nuint)errors.Length, [.. errors.Select(e => (int)e)]);

    public void ClearRequestErrors(short apiKey) => MockClusterNative.rd_kafka_mock_clear_request_errors(Cluster, apiKey);

    public void SetBrokerDown(int brokerId) => Check(MockClusterNative.rd_kafka_mock_broker_set_down(Cluster, brokerId), $"take broker {brokerId} down");

    public void SetBrokerUp(int brokerId) => Check(MockClusterNative.rd_kafka_mock_broker_set_up(Cluster, brokerId), $"bring broker {brokerId} up");

    public void SetBrokerRtt(int brokerId, TimeSpan rtt) =>
        Check(MockClusterNative.rd_kafka_mock_broker_set_rtt(Cluster, brokerId, (int)rtt.TotalMilliseconds), $"set broker {brokerId} RTT");

    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(MockClusterNative.rd_kafka_mock_partition_set_leader(Cluster, topic, partition, brokerId), $"move leader of {topic}[{partition}]");

    /// <summary>Dev-mode Kafka settings for clients of this cluster, with every topic under <paramref name="topicPrefix"/>.</summary>
    public KafkaSettings SettingsFor(string topicPrefix) =>
        new SettingsReader(name => name switch
        {
            "KAFKA_BROKERS" => BootstrapServers,
            "KAFKA_TOPIC_PREFIX" => topicPrefix,
            "EVOSTREAM_MODE" => "dev",
            _ => null,
        }).Read().Kafka;

    /// <summary>Trims the partition's log so it starts at <paramref name="beforeOffset"/>, as retention would.</summary>
    public void DeleteRecordsBefore(string topic, int partition, long beforeOffset) =>
        Check(MockClusterNative.rd_kafka_mock_partition_delete_records(Cluster, topic, partition, beforeOffset), $"delete records of {topic}[{partition}] before {beforeOffset}");

    public void Dispose()
    {
        lock (_gate)
        {
            if (_cluster != IntPtr.Zero)
            {
                MockClusterNative.rd_kafka_mock_cluster_destroy(_cluster);
                _cluster = IntPtr.Zero;
            }

            if (_handle != IntPtr.Zero)
            {
                MockClusterNative.rd_kafka_destroy(_handle);
                _handle = IntPtr.Zero;
            }
        }
    }

    private IntPtr Cluster => _cluster != IntPtr.Zero ? _cluster : throw new ObjectDisposedException(nameof(EmbeddedKafka));

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"Embedded Kafka could not {what}: {Marshal.PtrToStringUTF8(MockClusterNative.rd_kafka_err2str(error))}.");
        }
    }

    private static string Text(byte[] buffer) => Encoding.UTF8.GetString(buffer, 0, Math.Max(0, Array.IndexOf(buffer, (byte)0))).Trim();
}
