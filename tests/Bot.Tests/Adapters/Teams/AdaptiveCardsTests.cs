using System.Text.Json.Nodes;
using MeshBot.Bot.Adapters.Teams;
using MeshBot.Bot.Chat;

namespace MeshBot.Bot.Tests.Adapters.Teams;

/// <summary>Thread messages as Adaptive Cards, and the ~28 KB activity limit.</summary>
public sealed class AdaptiveCardsTests
{
    private static readonly ThreadMessage Sample = new("fallback text",
    [
        new Heading("mTLS incident inc-1: payments/api"),
        new Paragraph("*AwaitingApproval* · verdict `platform-namespace`\nsecond line"),
        new Fields([new Field("Risk", "medium"), new Field("Proposal", "p1")]),
        new CodeBlock("$ kubectl get peerauthentication -A\nNAME   MODE"),
        new Buttons([new ChatButton("approve:inc-1:p1", "Approve", ButtonStyle.Primary), new ChatButton("reject:inc-1:p1", "Reject", ButtonStyle.Danger), new ChatButton("silence:inc-1", "Silence 2h")]),
        new Note("inc-1 · opened"),
    ]);

    [Fact]
    public void Render_EveryBlock_MapsToItsCardElement()
    {
        var card = AdaptiveCards.Render(Sample);
        var body = card["body"]!.AsArray();

        Assert.Equal("AdaptiveCard", card["type"]!.GetValue<string>());
        Assert.Equal("1.4", card["version"]!.GetValue<string>());
        Assert.Equal(["TextBlock", "TextBlock", "FactSet", "TextBlock", "ActionSet", "TextBlock"], body.Select(b => b!["type"]!.GetValue<string>()));
        Assert.Equal("Bolder", body[0]!["weight"]!.GetValue<string>());
        Assert.Equal("**AwaitingApproval** · verdict `platform-namespace`\n\nsecond line", body[1]!["text"]!.GetValue<string>());
        Assert.Equal("medium", body[2]!["facts"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("Monospace", body[3]!["fontType"]!.GetValue<string>());
        Assert.Equal("$ kubectl get peerauthentication -A\n\nNAME\u00A0\u00A0 MODE", body[3]!["text"]!.GetValue<string>());
        Assert.True(body[5]!["isSubtle"]!.GetValue<bool>());
        var actions = body[4]!["actions"]!.AsArray();
        Assert.All(actions, a =>
        {
            Assert.Equal("Action.Execute", a!["type"]!.GetValue<string>());
            Assert.Equal("meshbot", a["verb"]!.GetValue<string>());
            Assert.Equal("Action.Submit", a["fallback"]!["type"]!.GetValue<string>());
            Assert.Equal(a["data"]!.ToJsonString(), a["fallback"]!["data"]!.ToJsonString());
        });
        Assert.Equal(["approve:inc-1:p1", "reject:inc-1:p1", "silence:inc-1"], actions.Select(a => a!["data"]!["action"]!.GetValue<string>()));
        Assert.Equal(["positive", "destructive", null], actions.Select(a => a!["style"]?.GetValue<string>()));
    }

    [Fact]
    public void Render_CodeIndentation_KeptAsNoBreakSpaces()
    {
        // Seen rendering the cards (docs/cards): Markdown collapsed the indentation of a proposal's manifest.
        var card = AdaptiveCards.Render(new ThreadMessage("code", [new CodeBlock("spec:\n  selector:\n    app: api   # three")]));

        Assert.Equal("spec:\n\n\u00A0\u00A0selector:\n\n\u00A0\u00A0\u00A0\u00A0app: api\u00A0\u00A0 # three", card["body"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void For_MessageOfParagraphsOnly_IsPlainText()
    {
        var activity = OutgoingActivities.For(ThreadRenderer.Text("Every proposal was rejected; nothing was applied."));

        Assert.Equal("Every proposal was rejected; nothing was applied.", activity["text"]!.GetValue<string>());
        Assert.Null(activity["attachments"]);
    }

    [Fact]
    public void For_HugeEvidence_CutUnderTheLimitWithANoteKeepingTheRest()
    {
        var evidence = string.Join('\n', Enumerable.Range(0, 3000).Select(i => $"$ kubectl get pod api-{i} -n payments -o jsonpath='{{.spec}}' → \"ok\""));
        var message = new ThreadMessage("platform-namespace: confirmed",
        [
            new Paragraph("`platform-namespace`: *confirmed* — the caller has no sidecar"),
            new CodeBlock(evidence),
            new Buttons([new ChatButton("approve:inc-1:p1", "Approve", ButtonStyle.Primary)]),
        ]);

        var activity = OutgoingActivities.For(message);
        var json = activity.ToJsonString(OutgoingActivities.Wire);

        Assert.True(evidence.Length > 100_000);
        Assert.True(OutgoingActivities.Bytes(activity) <= OutgoingActivities.MaxActivityBytes, $"{OutgoingActivities.Bytes(activity)} bytes");
        Assert.True(OutgoingActivities.Bytes(activity) > OutgoingActivities.MaxActivityBytes - 2048, "cut no more than needed");
        var body = activity["attachments"]![0]!["content"]!["body"]!.AsArray();
        Assert.Equal("`platform-namespace`: **confirmed** — the caller has no sidecar", body[0]!["text"]!.GetValue<string>());
        Assert.StartsWith("$ kubectl get pod api-0 -n payments -o jsonpath='{.spec}' → \"ok\"", body[1]!["text"]!.GetValue<string>());
        Assert.Contains("approve:inc-1:p1", json);
        Assert.DoesNotContain("api-2999", json);
        var note = body[^1]!["text"]!.GetValue<string>();
        Assert.Matches(@"✂ \d+ characters of evidence were left out to fit Teams' message size limit", note);
    }

    [Fact]
    public void For_ManyLongParagraphs_EveryOneCutUntilItFits()
    {
        var blocks = Enumerable.Range(0, 8).Select(i => (MessageBlock)new CodeBlock(new string((char)('a' + i), 9000))).Prepend(new Heading("big")).ToArray();

        var activity = OutgoingActivities.For(new ThreadMessage("big", blocks));

        Assert.True(OutgoingActivities.Bytes(activity) <= OutgoingActivities.MaxActivityBytes);
        Assert.Equal("big", activity["attachments"]![0]!["content"]!["body"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Text_Huge_CutToFit()
    {
        var activity = OutgoingActivities.Text(new string('é', 100_000));

        Assert.True(OutgoingActivities.Bytes(activity) <= OutgoingActivities.MaxActivityBytes);
        Assert.Contains("characters left out", activity["text"]!.GetValue<string>());
    }
}
