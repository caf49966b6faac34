namespace Evostream.CommandProcessor.Validation;

/// <summary>
/// WhatsApp's limits, as documented for the Cloud API (see /docs: text 4,096 characters, captions 1,024; media
/// image 5 MB, audio and video 16 MB, documents 100 MB, stickers 500 KB; interactive lists up to 10 sections and 10
/// rows in all, row titles 24, descriptions 72, button text 20, footers 60; at most 3 reply buttons with 20-character
/// titles and 256-character ids). Polls carry 2 to 12 distinct options. Lengths count Unicode code points.
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
