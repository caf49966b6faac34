using Evostream.CommandProcessor.Validation;
using Evostream.Connector.Drivers.Simulator.Network;
using Evostream.Contracts.WhatsApp;

namespace Evostream.Tests.Contracts.WhatsApp;

public class WhatsAppAddressTests
{
    [Theory]
    [InlineData("6834321", "6834321")]                    // Niue: +683 and 4 digits, the shortest plan in use
    [InlineData("+500 12345", "50012345")]                // the Falklands: 5-digit numbers
    [InlineData("+55 (11) 99999-9999", "5511999999999")]  // as people type it; Evolution strips the same separators
    [InlineData("123456789012345", "123456789012345")]    // E.164's 15 digits
    [InlineData("683432", null)]                          // 6 digits: no plan issues that
    [InlineData("1234567890123456", null)]                // 16: beyond E.164
    [InlineData("0800 123 4567", null)]                   // a trunk prefix, not a country code
    [InlineData("55.11.9999", null)]
    [InlineData("abc", null)]
    public void The_processor_and_the_transport_take_the_same_numbers(string typed, string? expected)
    {
        var digits = WhatsAppAddress.Digits(typed);
        Assert.Equal(expected, digits is not null && WhatsAppAddress.IsPhoneNumber(digits) ? digits : null);
        Assert.Equal(expected, Recipients.Normalise(typed).Normalised);
        Assert.Equal(expected, Jids.Number(typed));
    }

    [Theory]
    [InlineData("6834321@s.whatsapp.net", true)]
    [InlineData("683432@s.whatsapp.net", false)]
    [InlineData("1234567890123456@s.whatsapp.net", false)]
    public void User_jids_follow_the_number_rule_in_both_places(string jid, bool valid)
    {
        Assert.Equal(valid, Recipients.Normalise(jid).Error is null);
        Assert.Equal(valid, Jids.Number(jid) is not null);
    }
}
