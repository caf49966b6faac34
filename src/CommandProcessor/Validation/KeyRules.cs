namespace Evostream.CommandProcessor.Validation;

/// <summary>
/// The record key against the command's instance: one instance's commands stay in order only if every one of them is
/// keyed by its instance name, so they share a partition. A keyless command is attributed by its instance field: the
/// repartition router has already moved it home, keyed by that name.
/// </summary>
internal static class KeyRules
{
    public static Rejection? Check(string key, string instance) =>
        key.Length > 0 && key != instance
            ? Rejection.Invalid("instance", $"'{instance}' does not match the record key '{key}': commands must be keyed by their instance name")
        : null;
}
