namespace Evostream.Connector.Drivers;

/// <summary>The transport names published as <c>transport</c> in the create answer and fetchInstances.</summary>
public static class Transports
{
    public const string Simulator = "simulator";
    public const string Baileys = "baileys";
    public const string CloudApi = "cloud-api";
}

/// <summary>Evolution's integration names.</summary>
public static class Integrations
{
    public const string Baileys = "WHATSAPP-BAILEYS";
    public const string Business = "WHATSAPP-BUSINESS";
    public const string Evolution = "EVOLUTION";

    /// <summary>Evolution's default when a create names none.</summary>
    public static string OrDefault(string integration) => integration.Length == 0 ? Baileys : integration;
}
