using Xunit;

namespace Berth.Rules.Tests;

public sealed class IntOrPercentTests
{
    [Theory]
    [InlineData("1", null)]
    [InlineData("0", null)]
    [InlineData("50%", null)]
    [InlineData("100%", null)]
    [InlineData("0%", null)]
    [InlineData("101%", "must not be greater than 100%")]
    [InlineData("-1", "must be greater than or equal to 0")]
    [InlineData("abc", IntOrPercent.PercentError)]
    [InlineData("1.5%", IntOrPercent.PercentError)]
    [InlineData("%", IntOrPercent.PercentError)]
    [InlineData("-5%", IntOrPercent.PercentError)]
    [InlineData("", IntOrPercent.PercentError)]
    public void Validate(string text, string? expected) => Assert.Equal(expected, IntOrPercent.Validate(text));

    [Theory]
    [InlineData("0", true)]
    [InlineData("0%", true)]
    [InlineData("00%", true)]
    [InlineData("1", false)]
    [InlineData("x", false)]
    public void IsZero(string text, bool zero) => Assert.Equal(zero, IntOrPercent.IsZero(text));

    [Theory]
    [InlineData("50%", 3, true, 2)]
    [InlineData("50%", 3, false, 1)]
    [InlineData("2", 10, true, 2)]
    [InlineData("25%", 4, false, 1)]
    public void Scaled(string text, int total, bool roundUp, int expected) => Assert.Equal(expected, IntOrPercent.Scaled(text, total, roundUp));
}
