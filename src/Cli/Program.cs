using System.CommandLine;
using Evostream.Cli.Dev;
using Evostream.Cli.Simulator;
using Evostream.Cli.Projections;
using Evostream.Cli.Topics;

var root = new RootCommand("Evostream: Kafka-native WhatsApp messaging.")
{
    DevCommand.Create(),
    TopicsCommand.Create(),
    SimulatorCommand.Create(),
    ProjectionsCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
