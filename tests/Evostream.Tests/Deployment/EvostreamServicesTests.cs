using Evostream.Api;
using Evostream.CommandProcessor;
using Evostream.Connector;
using Evostream.Delivery;
using Evostream.Platform.Configuration;
using Evostream.Projections;
using Microsoft.Extensions.Hosting;

namespace Evostream.Tests.Deployment;

public class EvostreamServicesTests
{
    /// <summary>What each service's own registration refuses to start without, on a builder with no configuration at all.</summary>
    private static IReadOnlyList<string> StartupErrors(string service)
    {
        Action register = service switch
        {
            "Api" => () => WebApplication.CreateEmptyBuilder(new WebApplicationOptions()).AddEvostreamApi(),
            "Connector" => () => Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings()).AddConnector(),
            "CommandProcessor" => () => Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings()).AddCommandProcessor(),
            "Projections" => () => Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings()).AddProjections(),
            "Delivery" => () => Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings()).AddDelivery(),
            _ => throw new ArgumentOutOfRangeException(nameof(service), service, "not an Evostream service"),
        };
        try
        {
            register();
            return [];
        }
        catch (ConfigurationException e)
        {
            return e.Errors;
        }
    }

    [Theory]
    [InlineData("Api")]
    [InlineData("Connector")]
    [InlineData("CommandProcessor")]
    [InlineData("Projections")]
    [InlineData("Delivery")]
    public void Requirements_are_those_the_service_registration_enforces(string service)
    {
        // The deployment checks read requirements from EvostreamServices; this keeps that table honest.
        var errors = StartupErrors(service);
        var requirements = EvostreamServices.All[service];
        Assert.Equal(requirements.HasFlag(Requirements.ApiKey), errors.Any(e => e.StartsWith("AUTHENTICATION_API_KEY", StringComparison.Ordinal)));
        Assert.Equal(requirements.HasFlag(Requirements.Database), errors.Any(e => e.StartsWith("DATABASE_CONNECTION_URI", StringComparison.Ordinal)));
    }

    [Fact]
    public void Known_variables_include_those_read_only_on_a_branch()
    {
        Assert.Contains("KAFKA_BROKERS", KnownVariables.Names);
        Assert.Contains("KAFKA_SASL_USERNAME", KnownVariables.Names);
        Assert.Contains("KAFKA_SASL_PASSWORD", KnownVariables.Names);
        Assert.Contains("KAFKA_SSL_CA", KnownVariables.Names);
        Assert.Contains("KAFKA_EVENTS_MESSAGES_UPSERT", KnownVariables.Names);
        Assert.DoesNotContain("KAFKA_BROKER", KnownVariables.Names);
    }
}
