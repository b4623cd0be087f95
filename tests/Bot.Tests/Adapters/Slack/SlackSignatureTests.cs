using System.Text;
using MeshBot.Bot.Adapters.Slack;
using MeshBot.Bot.Tests.Incidents;

namespace MeshBot.Bot.Tests.Adapters.Slack;

/// <summary>Slack's v0 request signing, against Slack's own published example.</summary>
public sealed class SlackSignatureTests
{
    // Slack's published example (docs.slack.dev/authentication/verifying-requests-from-slack; also in python-slack-sdk's
    // tests/slack_sdk/signature/test_signature_verifier.py), as copied to shared/reference/payloads/slack-signing-example.*.
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string Expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static readonly byte[] Body = Encoding.ASCII.GetBytes(
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");

    [Fact]
    public void PublishedExample_Verifies()
    {
        var verifier = new SlackSignatureVerifier(Secret, At(long.Parse(Timestamp, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(362, Body.Length);
        Assert.Equal(Expected, verifier.Sign(Timestamp, Body));
        Assert.Equal(SlackSignatureCheck.Valid, verifier.Verify(Timestamp, Expected, Body));
    }

    [Fact]
    public void PublishedExample_TamperedBody_WrongSecret_Base64_AndRealClock_AreRefused()
    {
        var atTheTime = At(1531420618);

        Assert.Equal(SlackSignatureCheck.BadSignature, new SlackSignatureVerifier(Secret, atTheTime).Verify(Timestamp, Expected, [.. Body, .. "------"u8]));
        Assert.Equal(SlackSignatureCheck.BadSignature, new SlackSignatureVerifier("8f742231b10e8888abcd99yyyzzz85a6", atTheTime).Verify(Timestamp, Expected, Body));
        Assert.Equal(SlackSignatureCheck.BadSignature, new SlackSignatureVerifier(Secret, atTheTime).Verify(Timestamp, "v0=ohFNV7SOrDm5rRid2DFiNae0qNIaEL0nUZZmSJxptQM=", Body));
        Assert.Equal(SlackSignatureCheck.BadSignature, new SlackSignatureVerifier(Secret, atTheTime).Verify(Timestamp, "v1" + Expected[2..], Body));
        Assert.Equal(SlackSignatureCheck.BadSignature, new SlackSignatureVerifier(Secret, atTheTime).Verify("1531420619", Expected, Body));
        Assert.Equal(SlackSignatureCheck.StaleTimestamp, new SlackSignatureVerifier(Secret, TimeProvider.System).Verify(Timestamp, Expected, Body));
    }

    [Fact]
    public void MissingOrMalformedHeaders_AreRefused()
    {
        var verifier = new SlackSignatureVerifier(Secret, At(1531420618));

        Assert.Equal(SlackSignatureCheck.MissingSignature, verifier.Verify(Timestamp, null, Body));
        Assert.Equal(SlackSignatureCheck.MissingSignature, verifier.Verify(Timestamp, "", Body));
        Assert.Equal(SlackSignatureCheck.MissingTimestamp, verifier.Verify(null, Expected, Body));
        Assert.Equal(SlackSignatureCheck.BadTimestamp, verifier.Verify("-1531420618", Expected, Body));
        Assert.Equal(SlackSignatureCheck.BadTimestamp, verifier.Verify("1531420618.5", Expected, Body));
        Assert.Equal(SlackSignatureCheck.BadSignature, verifier.Verify(Timestamp, Expected[..^1], Body));
    }

    [Theory]
    [InlineData("v0=A2114D57B48EAC39B9AD189DD8316235A7B4A8D21A10BD27519666489C69B503")]
    [InlineData("v0=A2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b50 ")]
    [InlineData("V0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    public void Verify_SignatureNotExactlyLowerCaseHex_IsBadSignature(string signature)
    {
        // Slack sends lower-case hex and Bolt compares the string exactly: any other spelling of the same MAC is refused.
        Assert.Equal(SlackSignatureCheck.BadSignature, new SlackSignatureVerifier(Secret, At(1531420618)).Verify(Timestamp, signature, Body));
    }

    [Theory]
    [InlineData("01531420618")]
    [InlineData("+1531420618")]
    [InlineData("1531420618.0")]
    public void Verify_TimestampNotItsPlainDecimalSpelling_IsBadTimestamp(string timestamp)
    {
        // Found against Bolt (SlackSigningOracleTests): Bolt re-spells the timestamp as a number before computing the MAC.
        var verifier = new SlackSignatureVerifier(Secret, At(1531420618));

        Assert.Equal(SlackSignatureCheck.BadTimestamp, verifier.Verify(timestamp, SlackSigning.Sign(Secret, timestamp, Body), Body));
    }

    [Theory]
    [InlineData(-300, "valid")]
    [InlineData(300, "valid")]
    [InlineData(-301, "stale-timestamp")]
    [InlineData(301, "stale-timestamp")]
    public void ReplayWindow_IsFiveMinutesEitherWay(int skewSeconds, string expected)
    {
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var timestamp = (1_700_000_000 + skewSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = Encoding.UTF8.GetBytes("text=status");

        Assert.Equal(expected, SlackSignatureVerifier.Reason(new SlackSignatureVerifier(Secret, clock).Verify(timestamp, SlackSigning.Sign(Secret, timestamp, body), body)));
    }

    private static ManualClock At(long unixSeconds) => new(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));
}
