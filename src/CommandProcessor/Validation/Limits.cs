namespace Evostream.CommandProcessor.Validation;

/// <summary>
/// WhatsApp's limits. Lengths count Unicode code points. Sources, checked against ../shared/reference:
/// <list type="bullet">
/// <item>text 4,096 and captions 1,024; media image 5 MB, audio and video 16 MB, documents 100 MB, stickers 500 KB
/// (animated; static ones are 100 KB): whatsapp-transports.md A1 and the media limits list.</item>
/// <item>lists: 10 sections, 10 rows across all of them (whatsapp-transports.md A1, Meta's interactive-list page).
/// Row title 24, row description 72, row id 200, section title 24, button text 20, footer 60, and the interactive
/// body 1,024 (not the 4,096 of a text message): Meta's interactive object, as repeated by the Sinch, Gupshup and
/// Exotel WhatsApp docs; the reference is silent on these.</item>
/// <item>reply buttons: at most 3, titles 20, ids 256 (whatsapp-transports.md A1).</item>
/// <item>polls: 2 to 12 distinct options. The reference is silent; WhatsApp's own poll composer and the
/// whatsmeow/Baileys gateways (go-whatsapp-web-multidevice, Wawp) cap options at 12. Evolution's JSON schema
/// (src/validate/message.schema.ts) stops at 10 options and selectableCount 10; Evostream follows WhatsApp, so a
/// poll Evolution would refuse with 11 or 12 options is accepted here.</item>
/// </list>
/// </summary>
internal static class Limits
{
    public const int Text = 4096;
    public const int Caption = 1024;
    public const long ImageBytes = 5L * 1024 * 1024;
    public const long AudioBytes = 16L * 1024 * 1024;
    public const long VideoBytes = 16L * 1024 * 1024;
    public const long DocumentBytes = 100L * 1024 * 1024;
    public const long StickerBytes = 500L * 1024;
    public const int PollMinOptions = 2;
    public const int PollMaxOptions = 12;
    public const int ListMaxSections = 10;
    public const int ListMaxRows = 10;
    public const int ListRowTitle = 24;
    public const int ListRowDescription = 72;
    public const int ListRowId = 200;
    public const int ListSectionTitle = 24;
    public const int ListButtonText = 20;
    public const int Footer = 60;
    public const int InteractiveBody = 1024;
    public const int MaxButtons = 3;
    public const int ButtonText = 20;
    public const int ButtonId = 256;

    public static int Length(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
