using Xunit;

namespace Berth.Rules.Tests;

/// <summary>Name syntax follows apimachinery util/validation.</summary>
public sealed class KubeNamesTests
{
    private static readonly string L63 = new('a', 63);
    private static readonly string L64 = new('a', 64);

    [Theory]
    [InlineData("a", true)]
    [InlineData("my-name", true)]
    [InlineData("123-abc", true)]
    [InlineData("0", true)]
    [InlineData("", false)]
    [InlineData("-a", false)]
    [InlineData("a-", false)]
    [InlineData("My", false)]
    [InlineData("a_b", false)]
    [InlineData("a.b", false)]
    [InlineData("a b", false)]
    [InlineData(null, false)]
    public void Dns1123Label(string? value, bool valid) => Assert.Equal(valid, KubeNames.IsDns1123Label(value));

    [Fact]
    public void Dns1123Label_length()
    {
        Assert.True(KubeNames.IsDns1123Label(L63));
        Assert.False(KubeNames.IsDns1123Label(L64, out var reason));
        Assert.Equal("must be no more than 63 characters", reason);
    }

    [Fact]
    public void Dns1123Label_reasons()
    {
        KubeNames.IsDns1123Label("My_App", out var reason);
        Assert.Equal("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')", reason);
        KubeNames.IsDns1123Label("pg.data", out reason);
        Assert.Equal("must not contain dots", reason);
        Assert.True(KubeNames.IsDns1123Label("pg", out reason));
        Assert.Null(reason);
    }

    [Theory]
    [InlineData("example.com", true)]
    [InlineData("a-b.c", true)]
    [InlineData("fast", true)]
    [InlineData("", false)]
    [InlineData("a..b", false)]
    [InlineData(".a", false)]
    [InlineData("a.", false)]
    [InlineData("Example.com", false)]
    [InlineData("fast_ssd", false)]
    public void Dns1123Subdomain(string value, bool valid) => Assert.Equal(valid, KubeNames.IsDns1123Subdomain(value));

    [Fact]
    public void Dns1123Subdomain_length()
    {
        var name = string.Join(".", new[] { L63, L63, L63, new string('a', 61) }); // 253
        Assert.True(KubeNames.IsDns1123Subdomain(name));
        Assert.False(KubeNames.IsDns1123Subdomain(name + "a", out var reason));
        Assert.Equal("must be no more than 253 characters", reason);
    }

    [Theory]
    [InlineData("my-name", true)]
    [InlineData("abc-123", true)]
    [InlineData("1db", false)]
    [InlineData("-a", false)]
    [InlineData("", false)]
    [InlineData("db.svc", false)]
    public void Dns1035Label(string value, bool valid) => Assert.Equal(valid, KubeNames.IsDns1035Label(value));

    [Fact]
    public void Dns1035Label_reason()
    {
        KubeNames.IsDns1035Label("1db", out var reason);
        Assert.Equal("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')", reason);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("MyValue", true)]
    [InlineData("my_value", true)]
    [InlineData("12345", true)]
    [InlineData("a.b-c_d", true)]
    [InlineData("-a", false)]
    [InlineData("a-", false)]
    [InlineData("a b", false)]
    [InlineData("a/b", false)]
    [InlineData("é", false)]
    public void LabelValue(string value, bool valid) => Assert.Equal(valid, KubeNames.IsValidLabelValue(value));

    [Fact]
    public void LabelValue_length_and_reason()
    {
        Assert.True(KubeNames.IsValidLabelValue(L63));
        Assert.False(KubeNames.IsValidLabelValue(L64));
        KubeNames.IsValidLabelValue("data platform", out var reason);
        Assert.Equal("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')", reason);
    }

    [Theory]
    [InlineData("app", true)]
    [InlineData("app.kubernetes.io/name", true)]
    [InlineData("example.com/MyName", true)]
    [InlineData("my.name", true)]
    [InlineData("kubernetes.io/hostname", true)]
    [InlineData("", false)]
    [InlineData("/name", false)]
    [InlineData("a/b/c", false)]
    [InlineData("Example.com/x", false)]
    [InlineData("a b", false)]
    [InlineData("example.com/", false)]
    [InlineData("-app", false)]
    public void QualifiedName(string value, bool valid) => Assert.Equal(valid, KubeNames.IsQualifiedName(value));

    [Fact]
    public void QualifiedName_reasons()
    {
        KubeNames.IsQualifiedName("my team", out var reason);
        Assert.Equal("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')", reason);
        KubeNames.IsQualifiedName("/x", out reason);
        Assert.Equal("prefix part must be non-empty", reason);
        Assert.False(KubeNames.IsQualifiedName("a/" + L64, out reason));
        Assert.Equal("name part must be no more than 63 characters", reason);
    }

    [Theory]
    [InlineData("http", true)]
    [InlineData("pg", true)]
    [InlineData("h2c", true)]
    [InlineData("a-1", true)]
    [InlineData("abcdefghijklmno", true)]
    [InlineData("abcdefghijklmnop", false)]
    [InlineData("", false)]
    [InlineData("1234", false)]
    [InlineData("http_1", false)]
    [InlineData("Http", false)]
    [InlineData("a--b", false)]
    [InlineData("-a", false)]
    [InlineData("a-", false)]
    public void PortName(string value, bool valid) => Assert.Equal(valid, KubeNames.IsValidPortName(value));

    [Fact]
    public void PortName_reasons()
    {
        KubeNames.IsValidPortName("1234", out var reason);
        Assert.Equal("must contain at least one letter (a-z)", reason);
        KubeNames.IsValidPortName("postgresql-server", out reason);
        Assert.Equal("must be no more than 15 characters", reason);
        KubeNames.IsValidPortName("-a--", out reason);
        Assert.Equal("must not contain consecutive hyphens; must not begin or end with a hyphen", reason);
    }

    [Theory]
    [InlineData("A", true)]
    [InlineData("my.env-name", true)]
    [InlineData("MY_ENV.NAME", true)]
    [InlineData("MyEnvName1", true)]
    [InlineData("_x", true)]
    [InlineData("-x", true)]
    [InlineData("", false)]
    [InlineData("1A", false)]
    [InlineData("A B", false)]
    [InlineData("A=B", false)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("..a", false)]
    public void EnvVarName(string value, bool valid) => Assert.Equal(valid, KubeNames.IsEnvVarName(value));

    [Fact]
    public void EnvVarName_reasons()
    {
        KubeNames.IsEnvVarName("1A", out var reason);
        Assert.Equal("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')", reason);
        KubeNames.IsEnvVarName("..a", out reason);
        Assert.Equal("must not start with '..'", reason);
    }

    [Theory]
    [InlineData("key.name", true)]
    [InlineData("KEY_NAME", true)]
    [InlineData("key-name", true)]
    [InlineData(".dotfile", true)]
    [InlineData("1", true)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    [InlineData("a/b", false)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("..a", false)]
    public void ConfigMapKey(string value, bool valid) => Assert.Equal(valid, KubeNames.IsConfigMapKey(value));

    [Fact]
    public void ConfigMapKey_length() => Assert.False(KubeNames.IsConfigMapKey(new string('k', 254)));

    [Theory]
    [InlineData("8080", true)]
    [InlineData("http", true)]
    [InlineData("0", false)]
    [InlineData("65536", false)]
    [InlineData("HTTP", false)]
    public void PortNumberOrName(string value, bool valid) => Assert.Equal(valid, KubeNames.IsValidPortNumberOrName(value, out _));
}
