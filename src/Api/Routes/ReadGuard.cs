using Evostream.Api.Auth;
using Evostream.Api.Errors;
using Evostream.Api.Reading;

namespace Evostream.Api.Routes;

/// <summary>Evolution's instanceExistsGuard for read routes: an instance the read model does not know answers 404.</summary>
public static class ReadGuard
{
    public static async Task<(InstanceRow? Row, JsonHttpResult<EvolutionError>? Error)> InstanceAsync(
        InstanceQueries instances, Caller caller, string instance, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(caller);
        var row = await instances.FindAsync(instance, ct);
        return row is null || !caller.MaySee(instance) ? (null, ApiErrors.InstanceNotFound(instance)) : (row, null);
    }
}
