namespace Evostream.Projections.Migrations;

/// <summary>One numbered script from <c>Migrations/NNNN_name.sql</c>.</summary>
public sealed record Migration(int Number, string Name, string Sql);
