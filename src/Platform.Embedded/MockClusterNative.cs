using System.Runtime.InteropServices;

namespace Evostream.Platform.Embedded;

/// <summary>
/// librdkafka's mock cluster API (rdkafka_mock.h), which Confluent.Kafka does not wrap, bound to the patched build
/// only. That build is copied beside the program as <see cref="FileName"/> and loaded by its path, never by the
/// name "librdkafka", so Confluent.Kafka's clients in the same process keep Confluent's own library: each was
/// opened without RTLD_GLOBAL, so neither library's symbols ever bind calls made inside the other.
/// </summary>
internal static partial class MockClusterNative
{
    public const string FileName = "librdkafka-mock.so";
    private const string Library = "librdkafka-mock";
    private static readonly Lazy<string> s_path = new(Load);

    /// <summary>Loads the patched library (once) and binds these imports to it; returns its path.</summary>
    public static string EnsureLoaded() => s_path.Value;

    private static string Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{FileName}, the patched librdkafka of the embedded Kafka, is not beside the program in {AppContext.BaseDirectory}. It is copied"
                + " there by dotnet build of a program that references src/Platform.Embedded (the build runs eng/librdkafka.sh).");
        }

        IntPtr handle;
        try
        {
            handle = NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException($"{path} could not be loaded ({e.Message}); run eng/librdkafka.sh to rebuild it.", e);
        }

        NativeLibrary.SetDllImportResolver(typeof(MockClusterNative).Assembly, (name, _, _) => name == Library ? handle : IntPtr.Zero);
        return path;
    }

    [LibraryImport(Library)]
    internal static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_conf_set(IntPtr conf, string name, string value, byte[] errstr, nuint errstrSize);

    [LibraryImport(Library)]
    internal static partial IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, nuint errstrSize);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_destroy(IntPtr rk);

    [LibraryImport(Library)]
    internal static partial IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_cluster_destroy(IntPtr cluster);

    [LibraryImport(Library)]
    internal static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_mock_topic_create(IntPtr cluster, string topic, int partitions, int replicationFactor);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr cluster, int delayMs);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_push_request_errors_array(IntPtr cluster, short apiKey, nuint count, int[] errors);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_clear_request_errors(IntPtr cluster, short apiKey);

    [LibraryImport(Library)]
    internal static partial int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);

    [LibraryImport(Library)]
    internal static partial int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);

    [LibraryImport(Library)]
    internal static partial int rd_kafka_mock_broker_set_rtt(IntPtr cluster, int brokerId, int rttMs);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_mock_partition_set_leader(IntPtr cluster, string topic, int partition, int brokerId);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_mock_partition_delete_records(IntPtr cluster, string topic, int partition, long beforeOffset);

    [LibraryImport(Library)]
    internal static partial IntPtr rd_kafka_err2str(int err);
}
