using System.Globalization;
using Confluent.Kafka;
using Evostream.Platform.Embedded;
using Evostream.Platform.Kafka;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Embedded;

/// <summary>
/// Two librdkafkas in one process: Confluent's (librdkafka.redist) under every client, and the patched source build
/// under the embedded broker only, each loaded from a file of its own.
/// </summary>
public class NativeLibrariesTests(EmbeddedStack stack)
{
    [Fact]
    public void Clients_run_on_the_redist_librdkafka_while_the_mock_broker_runs_on_its_own_patched_copy()
    {
        // A Confluent.Kafka client round trip through the mock broker, so both libraries are surely loaded.
        var topic = EmbeddedStack.NewPrefix() + ".native";
        stack.Kafka.CreateTopic(topic, 1, 3);
        var configs = new KafkaClientConfigs(stack.KafkaSettings("x"));
        using (var producer = configs.ProducerBuilder<Null, string>(configs.Producer("test")).Build())
        {
            producer.Produce(topic, new Message<Null, string> { Value = "through both" });
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }

        using (var consumer = configs.ConsumerBuilder<Ignore, string>(configs.Consumer("test", topic + "-reader")).Build())
        {
            consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
            Assert.Equal("through both", consumer.Consume(TimeSpan.FromSeconds(20))?.Message.Value);
        }

        Assert.Equal("2.15.1", Library.VersionString);
        var libraries = MappedFiles().Where(f => Path.GetFileName(f.Path).Contains("rdkafka", StringComparison.Ordinal)).ToList();
        var mock = Assert.Single(libraries, f => f.Path == EmbeddedKafka.NativeLibraryPath);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "librdkafka-mock.so"), mock.Path);

        // Anything else is the clients' library: exactly one more file, the package's, where the build puts NuGet's native assets.
        var client = Assert.Single(libraries, f => f != mock);
        Assert.StartsWith(Path.Combine(AppContext.BaseDirectory, "runtimes") + "/", client.Path, StringComparison.Ordinal);
        Assert.Equal("native", Path.GetFileName(Path.GetDirectoryName(client.Path)));
        Assert.NotEqual((mock.Device, mock.Inode), (client.Device, client.Inode));
    }

    [Fact]
    public void No_program_folder_holds_a_librdkafka_so_that_could_shadow_the_redist()
    {
        // The loader probes the program's folder before runtimes/; a patched build there would silently serve the clients.
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "librdkafka.so")));
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "librdkafka-mock.so")));
    }

    private sealed record MappedFile(string Device, long Inode, string Path);

    /// <summary>The files mapped into this process, from /proc/self/maps (address, perms, offset, device, inode, path).</summary>
    private static HashSet<MappedFile> MappedFiles() =>
        [.. File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 6 && fields[5].StartsWith('/'))
            .Select(fields => new MappedFile(fields[3], long.Parse(fields[4], CultureInfo.InvariantCulture), fields[5].Trim()))];
}
