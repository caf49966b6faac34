namespace Evostream.CommandProcessor.Validation;

/// <summary>
/// The record key against the command's instance: one instance's commands stay in order only if every one of them is
/// keyed by its instance name, so they share a partition.
/// </summary>
internal static class KeyRules
{
    public static Rejection? Check(string key, string instance) =>
        key.Length == 0
            ? Rejection.Invalid("instance", $"'{instance}' came in a record without a key: commands must be keyed by their instance name so one instance's commands stay in order")
        : key != instance
            ? Rejection.Invalid("instance", $"'{instance}' does not match the record key '{key}': commands must be keyed by their instance name")
        : null;
}
