using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit;

namespace Berth.Tests;

/// <summary>Compares text with a checked-in golden file; rewrites it only when BERTH_UPDATE_GOLDEN=1.</summary>
internal static class GoldenFile
{
    public static void AssertMatches(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(callerFile)!, "Golden", name);
        actual = actual.Replace("\r\n", "\n");
        if (Environment.GetEnvironmentVariable("BERTH_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"Golden file {path} is missing; run the tests with BERTH_UPDATE_GOLDEN=1 to create it, then review it.");
        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n"), actual);
    }
}
