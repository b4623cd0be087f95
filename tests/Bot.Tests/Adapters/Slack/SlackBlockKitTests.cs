using System.Text.Json;
using System.Text.RegularExpressions;
using MeshBot.Bot.Adapters.Slack;
using MeshBot.Bot.Chat;
using Microsoft.Extensions.DependencyInjection;

namespace MeshBot.Bot.Tests.Adapters.Slack;

/// <summary>ThreadMessage → Block Kit, within every limit Slack enforces, whatever the message holds.</summary>
public sealed partial class SlackBlockKitTests
{
    [Fact]
    public void HugeEvidence_IsCutWithinTheSectionLimit_WithAVisibleNote()
    {
        var evidence = string.Concat(Enumerable.Range(0, 4000).Select(i => $"$ kubectl get pod api-{i} -o json | jq '.spec' && echo <ok>\n"));
        var message = new ThreadMessage("sidecar-missing: confirmed", [new Paragraph("`sidecar-missing`: *confirmed*"), new CodeBlock(evidence)]);

        var rendered = SlackBlockKit.Render(message);

        Assert.Null(BlockKitLimits.Violation(Json(rendered)));
        var text = (string)rendered.Blocks[1]!["text"]!["text"]!;
        Assert.True(text.Length <= 3000, $"{text.Length}");
        Assert.StartsWith("```\n$ kubectl get pod api-0 -o json | jq '.spec' &amp;&amp; echo &lt;ok&gt;\n", text);
        var note = TruncationNote().Match(text);
        Assert.True(note.Success, text[^120..]);
        var shown = SlackText.Unescape(text[4..text.IndexOf("\n```", StringComparison.Ordinal)]);
        Assert.Equal(evidence.Length, shown.Length + int.Parse(note.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Matches(@"\n```\n_… truncated, \d+ more characters_$", text);
        Assert.DoesNotMatch(@"&(?!amp;|lt;|gt;)", text); // never an entity cut in half
    }

    [Fact]
    public void EveryBlockKind_RendersAsTheMatchingBlock_Escaped()
    {
        var message = new ThreadMessage("a & b <c>", [
            new Heading("mTLS incident inc-1: payments/api <prod>"),
            new Paragraph("*Diagnosed* · verdict `platform-namespace` & <@U999> <!channel>"),
            new CodeBlock("kubectl apply -f - <<EOF\n```nested```\nEOF"),
            new Fields([new Field("Risk", "medium"), new Field("Target", "")]),
            new Note("inc-1 · opened 2024-01-01"),
            new Buttons([new ChatButton("approve:inc-1:p1", "Approve", ButtonStyle.Primary), new ChatButton("reject:inc-1:p1", "Reject", ButtonStyle.Danger), new ChatButton("silence:inc-1", "Silence 2h")]),
        ]);

        var rendered = SlackBlockKit.Render(message);
        var blocks = Json(rendered);

        Assert.Null(BlockKitLimits.Violation(blocks));
        Assert.Equal("a &amp; b &lt;c&gt;", rendered.Text);
        Assert.Equal(["header", "section", "section", "section", "context", "actions"], blocks.EnumerateArray().Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("mTLS incident inc-1: payments/api <prod>", blocks[0].GetProperty("text").GetProperty("text").GetString()); // plain_text is not escaped
        Assert.Equal("*Diagnosed* · verdict `platform-namespace` &amp; &lt;@U999&gt; &lt;!channel&gt;", blocks[1].GetProperty("text").GetProperty("text").GetString());
        Assert.Equal("mrkdwn", blocks[1].GetProperty("text").GetProperty("type").GetString());
        var code = blocks[2].GetProperty("text").GetProperty("text").GetString()!;
        Assert.StartsWith("```\nkubectl apply -f - &lt;&lt;EOF\n", code);
        Assert.EndsWith("\nEOF\n```", code);
        Assert.Equal(2, Regex.Matches(code, "```").Count); // the nested fence cannot close the block early
        Assert.Equal(["*Risk*\nmedium", "*Target*\n—"], blocks[3].GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()));
        var buttons = blocks[5].GetProperty("elements").EnumerateArray().ToArray();
        Assert.Equal(["approve:inc-1:p1", "reject:inc-1:p1", "silence:inc-1"], buttons.Select(b => b.GetProperty("action_id").GetString()));
        Assert.Equal(["approve:inc-1:p1", "reject:inc-1:p1", "silence:inc-1"], buttons.Select(b => b.GetProperty("value").GetString()));
        Assert.Equal("primary", buttons[0].GetProperty("style").GetString());
        Assert.Equal("danger", buttons[1].GetProperty("style").GetString());
        Assert.False(buttons[2].TryGetProperty("style", out _));
        Assert.Equal("Approve", buttons[0].GetProperty("text").GetProperty("text").GetString());
    }

    [Fact]
    public void TooManyOfEverything_StaysWithinTheLimits_AndKeepsTheButtons()
    {
        var blocks = new List<MessageBlock> { new Heading(new string('H', 400)) };
        blocks.AddRange(Enumerable.Range(0, 70).Select(i => (MessageBlock)new Paragraph($"step {i}")));
        blocks.Add(new Fields([.. Enumerable.Range(0, 23).Select(i => new Field($"field {i}", new string('v', 5000)))]));
        blocks.Add(new Note(new string('n', 9000)));
        blocks.Add(new Buttons([.. Enumerable.Range(0, 30).Select(i => new ChatButton($"approve:inc-1:p{i}", new string('B', 100), ButtonStyle.Primary))]));
        var message = new ThreadMessage(new string('t', 50_000), blocks);

        var rendered = SlackBlockKit.Render(message);
        var json = Json(rendered);

        Assert.Null(BlockKitLimits.Violation(json));
        Assert.True(rendered.Text.Length <= 40_000);
        Assert.Contains("… truncated, ", rendered.Text);
        Assert.Equal(50, json.GetArrayLength());
        Assert.Equal(150, json[0].GetProperty("text").GetProperty("text").GetString()!.Length);
        var actions = json.EnumerateArray().Where(b => b.GetProperty("type").GetString() == "actions").ToArray();
        Assert.Equal([25, 5], actions.Select(a => a.GetProperty("elements").GetArrayLength()));
        Assert.Contains(json.EnumerateArray(), b => b.ToString().Contains("more blocks not shown", StringComparison.Ordinal));
    }

    [Fact]
    public void ManyFields_SpillIntoSectionsOfTen_EachWithinTwoThousand()
    {
        var rendered = SlackBlockKit.Render(new ThreadMessage("fields", [new Fields([.. Enumerable.Range(0, 23).Select(i => new Field($"f{i}", new string('<', 3000)))])]));
        var json = Json(rendered);

        Assert.Null(BlockKitLimits.Violation(json));
        Assert.Equal([10, 10, 3], json.EnumerateArray().Select(b => b.GetProperty("fields").GetArrayLength()));
        Assert.All(json.EnumerateArray().SelectMany(b => b.GetProperty("fields").EnumerateArray()), f => Assert.Contains("truncated", f.GetProperty("text").GetString()));
    }

    [Fact]
    public void EmptyBlocks_AreLeftOut_AndTheTextIsNeverEmpty()
    {
        var rendered = SlackBlockKit.Render(new ThreadMessage(" ", [new Paragraph(""), new CodeBlock("  "), new Heading(""), new Note(""), new Fields([]), new Buttons([])]));

        Assert.Empty(rendered.Blocks);
        Assert.Equal("MeshBot", rendered.Text);
    }

    [Fact]
    public async Task HugeMessage_IsAcceptedBySlack()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackTestHost.StartAsync(slack);
        var platform = host.Services.GetServices<IChatPlatform>().Single(p => p.Name == "slack");
        var evidence = new ThreadMessage(new string('x', 45_000), [
            new Heading(new string('h', 200)),
            .. Enumerable.Range(0, 60).Select(i => (MessageBlock)new CodeBlock(new string('&', 10_000))),
            new Buttons([new ChatButton("approve:inc-1:p1", "Approve", ButtonStyle.Primary)]),
        ]);

        var head = await platform.StartThreadAsync(SlackTestHost.Channel, evidence, CancellationToken.None);
        var reply = await platform.ReplyAsync(head, evidence, CancellationToken.None);
        await platform.UpdateAsync(head, evidence, CancellationToken.None);

        Assert.Equal(new ChatMessageRef("slack", SlackTestHost.Channel, head.MessageId, head.MessageId), head);
        Assert.Equal(head.MessageId, reply.ThreadId);
        Assert.All(slack.Calls, c => Assert.True(c.Response.GetProperty("ok").GetBoolean(), c.Response.ToString()));
        Assert.Equal(["chat.postMessage", "chat.postMessage", "chat.update"], slack.Calls.Select(c => c.Method));
    }

    private static JsonElement Json(SlackMessage message) => JsonDocument.Parse(message.Blocks.ToJsonString()).RootElement;

    [GeneratedRegex(@"… truncated, (\d+) more characters")]
    private static partial Regex TruncationNote();
}
