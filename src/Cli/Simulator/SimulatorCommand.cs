using System.CommandLine;
using Evostream.Connector.Drivers.Simulator.Http;

namespace Evostream.Cli.Simulator;

/// <summary><c>evostream simulator VERB</c>: drives the simulated WhatsApp network of a running <c>./evostream dev</c>.</summary>
internal static class SimulatorCommand
{
    public const int Failed = 1;
    public const int BadInput = 2;

    public static Command Create(string devEnvPath = ".evostream/dev.env", HttpMessageHandler? handler = null)
    {
        var fromOption = new Option<string>("--from") { Description = "The contact's number (digits with country code).", Required = true };
        var toOption = new Option<string>("--to") { Description = "The linked number (or a group JID ending in @g.us).", Required = true };
        var messageIdOption = new Option<string>("--message-id") { Description = "The WhatsApp message id.", Required = true };
        var numberOption = new Option<string>("--number") { Description = "The phone number (digits with country code).", Required = true };
        var state = new Option<string>("--dev-env") { Description = "The dev.env written by ./evostream dev.", DefaultValueFactory = _ => devEnvPath, Recursive = true };
        var command = new Command("simulator", "Drive the simulated WhatsApp network of the running ./evostream dev stack (phones, contacts, WhatsApp itself).")
        {
            state,
        };

        Command Verb(string name, string description, Func<ParseResult, SimulatorApi.Request>? body, string? action = null, params Symbol[] symbols)
        {
            var verb = new Command(name, description);
            foreach (var symbol in symbols)
            {
                switch (symbol)
                {
                    case Option option: verb.Options.Add(option); break;
                    case Argument argument: verb.Arguments.Add(argument); break;
                    default: break;
                }
            }

            verb.SetAction(async (result, ct) =>
            {
                var client = SimulatorClient.For(result.GetValue(state)!, out var error, handler);
                if (client is null)
                {
                    await Console.Error.WriteLineAsync(error);
                    return Failed;
                }

                return await client.CallAsync(action ?? name, body?.Invoke(result), Console.Out, Console.Error, ct);
            });
            command.Subcommands.Add(verb);
            return verb;
        }

        var code = new Argument<string>("code") { Description = "The QR text (2@...) or the 8-character pairing code." };
        var text = new Option<string>("--text") { Description = "The text the contact writes." };
        var mediaType = new Option<string>("--media-type") { Description = "image, video, audio or document (with --url)." };
        var url = new Option<string>("--url") { Description = "Where the media is." };
        var caption = new Option<string>("--caption") { Description = "Media caption." };
        var name = new Option<string>("--name") { Description = "The contact's push name." };
        var emoji = new Option<string>("--emoji") { Description = "The reaction; empty removes it.", DefaultValueFactory = _ => "👍" };
        var presence = new Option<string>("--presence") { Description = "available, unavailable, composing, recording or paused.", Required = true };
        var subject = new Option<string>("--subject") { Description = "Name of a new group." };
        var groupJid = new Option<string>("--group-jid") { Description = "An existing group to add to." };
        var video = new Option<bool>("--video") { Description = "A video call." };
        var reason = new Option<int>("--reason") { Description = "401 logged out, 408 timed out, 440 replaced, 515 restart required.", Required = true };
        var absent = new Option<bool>("--absent") { Description = "Take the number off WhatsApp (sends to it fail); without it, put it back." };
        var numberArg = new Argument<string>("number") { Description = "The phone number (digits with country code)." };

        Verb("status", "List the simulator's instances: state, linked number, current QR and pairing code.", null);
        Verb("scan", "A phone scans the QR code: links the instance showing it to --number.", r => new(Code: r.GetValue(code), Number: r.GetValue(numberOption)), null, code, numberOption);
        Verb("pair", "The phone types the pairing code shown for its number.", r => new(Code: r.GetValue(code)), null, code);
        Verb("send", "A contact sends text (--text) or media (--media-type and --url) to a linked number or a group.",
            r => new(From: r.GetValue(fromOption), To: r.GetValue(toOption), Text: r.GetValue(text), Mediatype: r.GetValue(mediaType), Url: r.GetValue(url), Caption: r.GetValue(caption), PushName: r.GetValue(name)),
            null, fromOption, toOption, text, mediaType, url, caption, name);
        Verb("react", "A contact reacts to a message the instance sent them.", r => new(From: r.GetValue(fromOption), To: r.GetValue(toOption), MessageId: r.GetValue(messageIdOption), Emoji: r.GetValue(emoji)), null, fromOption, toOption, messageIdOption, emoji);
        Verb("read", "A contact reads a message the instance sent them (READ receipt).", r => new(From: r.GetValue(fromOption), MessageId: r.GetValue(messageIdOption)), null, fromOption, messageIdOption);
        Verb("presence", "A contact's presence, as the linked number sees it.", r => new(From: r.GetValue(fromOption), To: r.GetValue(toOption), Presence: r.GetValue(presence)), null, fromOption, toOption, presence);
        Verb("group", "A contact adds the linked number to a group (a new one, or --group-jid).", r => new(From: r.GetValue(fromOption), To: r.GetValue(toOption), Subject: r.GetValue(subject), GroupJid: r.GetValue(groupJid)), null, fromOption, toOption, subject, groupJid);
        Verb("call", "A contact calls the linked number.", r => new(From: r.GetValue(fromOption), To: r.GetValue(toOption), Video: r.GetValue(video)), null, fromOption, toOption, video);
        Verb("disconnect", "WhatsApp drops the number's connection with a Baileys reason.", r => new(Number: r.GetValue(numberArg), Reason: r.GetValue(reason)), null, numberArg, reason);
        Verb("ban", "WhatsApp bans the number: its connection closes with 403.", r => new(Number: r.GetValue(numberArg)), null, numberArg);
        Verb("network", "Take a number off WhatsApp (--absent) or put it back.", r => new(Number: r.GetValue(numberArg), Present: !r.GetValue(absent)), null, numberArg, absent);
        return command;
    }
}
