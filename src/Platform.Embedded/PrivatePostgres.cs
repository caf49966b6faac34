using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Evostream.Platform.Embedded;

/// <summary>
/// A PostgreSQL server of our own, from Debian's binaries, on a private data folder and loopback port.
/// initdb refuses to run as root, so when we are root the server runs as the <c>postgres</c> user.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private const string ServiceUser = "postgres";
    private readonly string _binDir;
    private readonly string _dataDir;
    private bool _stopped;

    private PrivatePostgres(string binDir, string dataDir, int port, string database)
    {
        _binDir = binDir;
        _dataDir = dataDir;
        Port = port;
        Database = database;
    }

    public int Port { get; }

    /// <summary>Where the data lives: the folder asked for, or the service user's own folder for it (see <see cref="StartAsync"/>).</summary>
    public string DataDirectory => _dataDir;

    public string Database { get; }

    /// <summary>The libpq URI form, usable by psql and by <c>DATABASE_CONNECTION_URI</c>.</summary>
    public string Uri => $"postgresql://{ServiceUser}@127.0.0.1:{Port}/{Database}";

    public string ConnectionString => ConnectionStringFor(Database);

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = ServiceUser, Database = database }.ConnectionString;

    /// <summary>
    /// Starts (initialising on first use) a server on <paramref name="dataDir"/>. A server left running by an
    /// earlier process on the same folder is stopped first, so a killed launcher never blocks the next one.
    /// </summary>
    public static async Task<PrivatePostgres> StartAsync(string dataDir, int? port = null, string database = "evostream", bool durable = true, CancellationToken ct = default)
    {
        var binDir = FindBinaries();
        dataDir = Path.GetFullPath(dataDir);
        if (!OperatingSystem.IsWindows() && IsRoot)
        {
            dataDir = await ServiceUserDataDirAsync(dataDir, ct);
            await Command.RunAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", dataDir], ct);
            await Command.RunAsync("chmod", ["0700", dataDir], ct);
        }
        else
        {
            Directory.CreateDirectory(dataDir);
        }

        var logFile = dataDir + ".log";
        var server = new PrivatePostgres(binDir, dataDir, port ?? FreePort(), database);
        if (IsRoot)
        {
            await File.WriteAllTextAsync(logFile, "", ct);
            await Command.RunAsync("chown", [$"{ServiceUser}:{ServiceUser}", logFile], ct);
        }

        if (!File.Exists(Path.Combine(dataDir, "PG_VERSION")))
        {
            await server.RunAsync("initdb", ["-D", dataDir, "-A", "trust", "-U", ServiceUser, "-E", "UTF8", "--no-locale", "--no-sync"], ct);
        }

        if (File.Exists(Path.Combine(dataDir, "postmaster.pid")))
        {
            await server.RunAsync("pg_ctl", ["stop", "-D", dataDir, "-m", "immediate", "-w"], ct, check: false);
        }

        var options = $"-p {server.Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200";
        if (!durable)
        {
            // Test servers trade crash safety of the whole machine for speed; a test's own transactions still commit normally.
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        }

        await server.RunAsync("pg_ctl", ["start", "-D", dataDir, "-w", "-t", "60", "-l", logFile, "-o", options], ct);
        await server.EnsureDatabaseAsync(ct);
        return server;
    }

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await RunAsync("pg_ctl", ["stop", "-D", _dataDir, "-m", "fast", "-w"], CancellationToken.None, check: false);
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task EnsureDatabaseAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = Database } } };
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    private Task<string> RunAsync(string tool, IEnumerable<string> args, CancellationToken ct, bool check = true)
    {
        var path = Path.Combine(_binDir, tool);
        return IsRoot
            ? Command.RunAsync("runuser", ["-u", ServiceUser, "--", path, .. args], ct, check)
            : Command.RunAsync(path, args, ct, check);
    }

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>
    /// As root the server runs as postgres, which must be able to walk down to its data folder. A checkout in root's
    /// home (mode 700) or in a folder made by mktemp -d is closed to it, and opening a user's home to another account
    /// is not ours to do; so then the data lives in a folder postgres owns, named after the folder asked for (its
    /// name and a hash of its full path, so two checkouts never share a server's data), and is kept there across
    /// runs just the same.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static async Task<string> ServiceUserDataDirAsync(string requested, CancellationToken ct)
    {
        Directory.CreateDirectory(requested);
        // The folder's own parent is ours (.evostream in a checkout): letting postgres pass through it exposes nothing.
        var parent = Directory.GetParent(requested)!;
        parent.UnixFileMode |= UnixFileMode.OtherExecute | UnixFileMode.GroupExecute;
        if (await ServiceUserCanReachAsync(parent.FullName, ct))
        {
            return requested;
        }

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(requested)))[..12];
        // <checkout>/.evostream/postgres is named after <checkout>.
        var owner = Path.GetFileName(Path.GetDirectoryName(parent.FullName));
        var owned = Path.Combine(ServiceUserRoot, $"{(string.IsNullOrEmpty(owner) ? "data" : owner)}-{hash}", Path.GetFileName(requested));
        Directory.CreateDirectory(owned);
        await Command.RunAsync("chown", [$"{ServiceUser}:{ServiceUser}", Path.GetDirectoryName(owned)!], ct);
        await File.WriteAllTextAsync(
            Path.Combine(requested, "README"),
            $"The {ServiceUser} user cannot reach this folder (one of the folders above it is closed to other users), so the data of"
            + $" this private PostgreSQL lives in {owned}, which {ServiceUser} owns. Delete both to start from nothing.\n",
            ct);
        return owned;
    }

    /// <summary>Where data folders go when the one asked for is out of the service user's reach.</summary>
    internal static string ServiceUserRoot => "/var/lib/evostream";

    private static async Task<bool> ServiceUserCanReachAsync(string folder, CancellationToken ct)
    {
        // stat(2) as that user: it fails with EACCES when any folder on the way lacks search permission for it.
        var output = await Command.RunAsync("runuser", ["-u", ServiceUser, "--", "sh", "-c", "test -x \"$1\" && echo reachable", "sh", folder], ct, check: false);
        return output.Trim() == "reachable";
    }

    private static string FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("EVOSTREAM_POSTGRES_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(Path.Combine(configured, "initdb"))
                ? configured
                : throw new InvalidOperationException($"EVOSTREAM_POSTGRES_BIN='{configured}' has no initdb.");
        }

        const string root = "/usr/lib/postgresql";
        var candidates = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0).ToList()
            : [];
        return candidates.Count > 0
            ? candidates[0]
            : throw new InvalidOperationException(
                $"No PostgreSQL server binaries under {root}. Install them (apt-get install -y postgresql) or point EVOSTREAM_POSTGRES_BIN at a folder with initdb and pg_ctl.");
    }

    /// <summary>A port that was free a moment ago; good enough for a private server on loopback.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
