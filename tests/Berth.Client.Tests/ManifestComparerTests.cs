using System.Linq;
using System.Text.Json.Nodes;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>The one field comparison that diff, diff --against and import --check share.</summary>
public sealed class ManifestComparerTests
{
    private static JsonNode Parse(string json) => JsonNode.Parse(json)!;

    [Fact]
    public void List_elements_are_matched_by_their_key_and_named_by_it()
    {
        var before = Parse("""{"containers":[{"name":"web","image":"nginx:1.25"},{"name":"log","image":"busybox:1.36"}]}""");
        var after = Parse("""{"containers":[{"name":"web","image":"nginx:1.26"},{"name":"log","image":"busybox:1.36"}]}""");

        var change = Assert.Single(ManifestComparer.Compare(before, after, "spec"));
        Assert.Equal("spec.containers[web].image", change.Path);
        Assert.Equal("\"nginx:1.25\"", change.Before);
        Assert.Equal("\"nginx:1.26\"", change.After);
        Assert.Equal(FieldChangeKind.Changed, change.Kind);
    }

    [Fact]
    public void A_reordering_is_one_order_change_and_ports_are_keyed_by_number()
    {
        var before = Parse("""{"ports":[{"port":80,"name":"http"},{"port":443,"name":"https"}]}""");
        var after = Parse("""{"ports":[{"port":443,"name":"https"},{"port":80,"name":"http","protocol":"TCP"}]}""");

        var changes = ManifestComparer.Compare(before, after);
        Assert.Equal(new[] { "ports[80].protocol", "ports (order)" }, changes.Select(c => c.Path));
        Assert.Equal(FieldChangeKind.Added, changes[0].Kind);
        Assert.Equal("80, 443", changes[1].Before);
    }

    [Fact]
    public void Numbers_compare_by_value_and_types_still_differ()
    {
        Assert.True(ManifestComparer.AreEqual(Parse("""{"a":1,"b":[1,2]}"""), Parse("""{"a":1.0,"b":[1.0,2e0]}""")));
        var change = Assert.Single(ManifestComparer.Compare(Parse("""{"replicas":3}"""), Parse("""{"replicas":"3"}""")));
        Assert.Equal(("3", "\"3\""), (change.Before, change.After));
    }

    [Fact]
    public void Absent_and_null_are_the_same_and_a_removed_field_is_named()
    {
        Assert.Empty(ManifestComparer.Compare(Parse("""{"a":null}"""), Parse("{}")));
        var change = Assert.Single(ManifestComparer.Compare(Parse("""{"a":{"b":true}}"""), Parse("""{"a":{}}""")));
        Assert.Equal(("a.b", FieldChangeKind.Removed), (change.Path, change.Kind));
    }
}
