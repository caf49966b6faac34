using Evostream.Projections.Migrations;

namespace Evostream.Delivery.Storage;

/// <summary>The delivery records' scripts (Migrations/NNNN_name.sql), applied by the projections' migrator to their own schema.</summary>
public static class DeliveryMigrations
{
    public static IReadOnlyList<Migration> All { get; } = MigrationScripts.Load(typeof(DeliveryMigrations).Assembly, "Evostream.Delivery.Migrations.");
}
