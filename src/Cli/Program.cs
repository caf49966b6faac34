using System.CommandLine;
using Evostream.Cli.Dev;
using Evostream.Cli.Instances;
using Evostream.Cli.Simulator;
using Evostream.Cli.Projections;
using Evostream.Cli.Topics;

var root = new RootCommand("Evostream: Kafka-native WhatsApp messaging.")
{
    DevCommand.Create(),
    TopicsCommand.Create(),
    SimulatorCommand.Create(),
    ProjectionsCommand.Create(),
    InstancesCommand.Create(),
};
// Ctrl-C cancels the command's token, then System.CommandLine gives up after 2 s by default and exits 130; stopping
// the services, PostgreSQL and the embedded cluster in order can take longer on a busy machine.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });
