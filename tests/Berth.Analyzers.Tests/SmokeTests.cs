using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Berth.Analyzers.Tests;

public sealed class SmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Prints()
    {
        var diags = await Verify.Diagnostics(Verify.Usings + """
            public static class Infra
            {
                public static StatefulApp Pg { get; } = StatefulApp.Named("Post_gres")
                    .Container("pg", "postgres:latest", c => c.Port("pg", 5432).Mount("data", "/d").Requests(cpu: "10GB"))
                    .UseExistingService("nothere");
            }
            """);
        foreach (var d in diags) output.WriteLine(d.ToString());
        Assert.NotEmpty(diags);
    }
}
