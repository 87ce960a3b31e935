using Xunit;

namespace Berth.Rules.Tests;

/// <summary>Quantity parsing follows apimachinery resource.ParseQuantity, including its quirks.</summary>
public sealed class QuantityTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("1", "1")]
    [InlineData("500m", "0.5")]
    [InlineData("250m", "0.25")]
    [InlineData("100m", "0.1")]
    [InlineData("1.5Gi", "1610612736")]
    [InlineData("10Gi", "10737418240")]
    [InlineData("512Mi", "536870912")]
    [InlineData("1Ki", "1024")]
    [InlineData("500M", "500000000")]
    [InlineData("1k", "1000")]
    [InlineData("1G", "1000000000")]
    [InlineData("1e3", "1000")]
    [InlineData("1E3", "1000")]
    [InlineData("1e+3", "1000")]
    [InlineData("1e-3", "0.001")]
    [InlineData("12e6", "12000000")]
    [InlineData("1.5", "1.5")]
    [InlineData(".5", "0.5")]
    [InlineData("5.", "5")]
    [InlineData("1.G", "1000000000")]        // "we currently allow 1.G"
    [InlineData("+1", "1")]
    [InlineData("-1", "-1")]
    [InlineData("-250m", "-0.25")]
    [InlineData("1n", "0.000000001")]
    [InlineData("1u", "0.000001")]
    [InlineData("0.1n", "0.000000001")]      // rounded up to the smallest unit
    [InlineData("1.0000000001", "1.000000001")] // rounded up, away from zero
    [InlineData("-0.1n", "-0.000000001")]
    [InlineData("007", "7")]
    [InlineData("Mi", "0")]                  // parses as zero, as in Go
    [InlineData("-", "0")]
    [InlineData("1Ei", "1152921504606846976")]
    [InlineData("1E", "1000000000000000000")]
    public void Valid_quantities_and_their_values(string text, string expected)
    {
        Assert.True(Quantity.TryParse(text, out var value, out var error), error);
        Assert.Null(error);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.True(Quantity.IsValid(text));
    }

    [Theory]
    [InlineData("", Quantity.FormatError)]
    [InlineData("10GB", Quantity.FormatError)]
    [InlineData("512MB", Quantity.FormatError)]
    [InlineData("1gi", Quantity.FormatError)]
    [InlineData("1.5 Gi", Quantity.FormatError)]
    [InlineData(" 1Gi", Quantity.FormatError)]
    [InlineData("1Gi ", Quantity.FormatError)]
    [InlineData("abc", Quantity.FormatError)]
    [InlineData("1.2.3", Quantity.FormatError)]
    [InlineData("1,5Gi", Quantity.FormatError)]
    [InlineData("1K", Quantity.SuffixError)]
    [InlineData("1mi", Quantity.SuffixError)]
    [InlineData("1e", Quantity.SuffixError)]
    [InlineData("1e-", Quantity.SuffixError)]
    [InlineData("1Mi3", Quantity.SuffixError)]
    [InlineData("1ii", Quantity.SuffixError)]
    [InlineData("Ei", Quantity.NumericError)]
    [InlineData(".e-20", Quantity.NumericError)]
    public void Invalid_quantities_and_the_server_error(string text, string expected)
    {
        Assert.False(Quantity.TryParse(text, out _, out var error));
        Assert.Equal(expected, error);
        Assert.False(Quantity.IsValid(text));
    }

    [Fact]
    public void Null_is_not_a_quantity() => Assert.False(Quantity.IsValid(null));

    [Theory]
    [InlineData("1Gi", "1073741824", 0)]
    [InlineData("500m", "0.5", 0)]
    [InlineData("1G", "1Gi", -1)]
    [InlineData("2Gi", "1Gi", 1)]
    [InlineData("1e40", "1e39", 1)]          // beyond decimal, still exact
    [InlineData("100E", "1E", 1)]
    [InlineData("9Ei", "8Ei", 0)]            // binary values are capped at 2^63-1
    [InlineData("-1", "0", -1)]
    public void Compare_is_exact(string left, string right, int sign) => Assert.Equal(sign, System.Math.Sign(Quantity.Compare(left, right)));

    [Fact]
    public void Compare_rejects_invalid_text() => Assert.Throws<System.FormatException>(() => Quantity.Compare("10GB", "1Gi"));

    [Fact]
    public void Huge_values_saturate_the_decimal()
    {
        Assert.True(Quantity.TryParse("1e40", out var value, out _));
        Assert.Equal(decimal.MaxValue, value);
        Assert.True(Quantity.TryParse("-1e40", out value, out _));
        Assert.Equal(decimal.MinValue, value);
    }

    [Theory]
    [InlineData("10GB", "10Gi")]
    [InlineData("512MB", "512Mi")]
    [InlineData("512mb", "512Mi")]
    [InlineData("2KB", "2Ki")]
    [InlineData("1TB", "1Ti")]
    [InlineData("1gi", "1Gi")]
    [InlineData("1mi", "1Mi")]
    [InlineData("10GiB", "10Gi")]
    [InlineData("1.5 Gi", "1.5Gi")]
    [InlineData(" 1Gi ", "1Gi")]
    [InlineData("1,5Gi", "1.5Gi")]
    [InlineData("10 gb", "10Gi")]
    [InlineData("2K", "2Ki")]
    [InlineData("4g", "4Gi")]
    [InlineData("100B", "100")]
    [InlineData("500M", "500M")]
    [InlineData("250m", "250m")]
    [InlineData("1e3", "1e3")]
    public void SuggestFix_maps_common_mistakes(string text, string expected) => Assert.Equal(expected, Quantity.SuggestFix(text));

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("10 parsecs")]
    [InlineData(null)]
    public void SuggestFix_gives_up_when_nothing_fits(string? text) => Assert.Null(Quantity.SuggestFix(text));

    [Theory]
    [InlineData("1Gi", "1073741824", true)]
    [InlineData("0.5", "500m", true)]
    [InlineData("2", "2000m", true)]
    [InlineData("1e3", "1k", true)]
    [InlineData("1Gi", "1G", false)]
    [InlineData("1n", "0", false)]
    [InlineData("100000000000000000001", "1e20", false)] // beyond a decimal's exact range, still told apart
    public void ExactValue_is_equal_exactly_when_the_quantities_are(string left, string right, bool equal) =>
        Assert.Equal(equal, Quantity.ExactValue(left) == Quantity.ExactValue(right));

    [Theory]
    [InlineData("10GB")]
    [InlineData("")]
    [InlineData(null)]
    public void ExactValue_of_an_invalid_quantity_is_null(string? text) => Assert.Null(Quantity.ExactValue(text));
}
