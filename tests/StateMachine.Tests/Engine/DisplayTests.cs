using System.Globalization;
using MeshBot.StateMachine.Engine;

namespace MeshBot.StateMachine.Tests.Engine;

public sealed class DisplayTests
{
    private sealed class ShowsProvider : IFormattable
    {
        public string ToString(string? format, IFormatProvider? formatProvider) =>
            formatProvider == CultureInfo.InvariantCulture ? "invariant" : "other";
    }

    [Fact]
    public void Of_FormattableValue_FormatsWithInvariantCulture()
    {
        Assert.Equal("invariant", Display.Of(new ShowsProvider()));
        Assert.Equal("1.5", Display.Of(1.5));
    }

    [Fact]
    public void Of_NullOrPlainObject_IsReadable()
    {
        Assert.Equal("null", Display.Of<string?>(null));
        Assert.Equal("text", Display.Of("text"));
    }

    [Fact]
    public void Quoted_Items_AreQuotedAndCommaSeparated()
    {
        Assert.Equal("'a', 'b'", Display.Quoted(["a", "b"]));
    }
}
