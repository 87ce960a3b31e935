using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit;

namespace Berth.Generator.Tests;

/// <summary>
/// Compares text with a checked-in golden file under Golden/. Set BERTH_UPDATE_GOLDEN=1 to rewrite the
/// files from the actual output (then review the diff).
/// </summary>
internal static class Golden
{
    public static void Match(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        // The source folder (so that an update lands in the checked-in file); the copy in the output folder
        // when the sources are not where they were compiled (path maps, another machine).
        var sourceFolder = Path.GetDirectoryName(callerFile)!;
        var folder = Directory.Exists(Path.Combine(sourceFolder, "Golden")) ? sourceFolder : AppContext.BaseDirectory;
        var path = Path.Combine(folder, "Golden", name + ".generated.cs.txt");
        actual = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("BERTH_UPDATE_GOLDEN") == "1")
        {
            if (!File.Exists(path) || File.ReadAllText(path).ReplaceLineEndings("\n") != actual)
                File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"Golden file {path} is missing; run the tests with BERTH_UPDATE_GOLDEN=1 to create it, then review it.");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected != actual)
            Assert.Fail($"Generated code differs from {path} (rerun with BERTH_UPDATE_GOLDEN=1 to accept the new output and review the diff).\n" + FirstDifference(expected, actual));
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end of file>";
            var right = i < a.Length ? a[i] : "<end of file>";
            if (left != right)
                return $"line {i + 1}:\n  expected: {left}\n  actual:   {right}";
        }
        return "(only line endings differ)";
    }
}
