using System.CommandLine;
using Evostream.Cli.Dev;

var root = new RootCommand("Evostream: Kafka-native WhatsApp messaging.")
{
    DevCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
