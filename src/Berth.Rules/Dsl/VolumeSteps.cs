using Berth.Rules.Model;

namespace Berth.Rules.Dsl;

/// <summary>
/// What each method of <c>VolumeSource</c> means for the rule model, written once: the factories make the
/// <see cref="VolumeModel"/> of a volume source (one source, the file modes it sets, an emptyDir's size limit), which
/// <see cref="AppSteps.Volume"/> names. The runtime's <c>VolumeSource</c> keeps this model beside the Kubernetes source it
/// renders; the analyzers run the same factories through their table, with unknowns where the compiler cannot know.
/// </summary>
public static class VolumeSteps
{
    /// <summary><c>VolumeSource.ConfigMap(configMap, defaultMode, optional)</c> and <c>VolumeSource.Secret(...)</c>: the keys as files.</summary>
    public static VolumeModel KeysAsFiles(Val<int?> defaultMode, object? at)
    {
        var source = Source(at);
        if (!(defaultMode.IsKnown && defaultMode.Value is null)) source.FileModes.Add(defaultMode);
        return source;
    }

    /// <summary><c>VolumeSource.EmptyDir(sizeLimit, inMemory)</c>.</summary>
    public static VolumeModel EmptyDir(Val<string?> sizeLimit, object? at)
    {
        var source = Source(at);
        source.SizeLimit = sizeLimit;
        return source;
    }

    /// <summary><c>VolumeSource.Projected(sources)</c>: the projected sources set no file modes of their own.</summary>
    public static VolumeModel Projected(object? at) => Source(at);

    /// <summary><c>Item(key, path)</c>: maps a key to a path; no file mode.</summary>
    public static void Item(VolumeModel source)
    {
    }

    /// <summary>A source of which nothing is known but that it is one source (every <c>VolumeSource</c> is).</summary>
    public static VolumeModel Unknown(object? at)
    {
        var source = Source(at);
        source.SizeLimit = Val<string?>.Unknown(at);
        source.FileModes.IsComplete = false;
        return source;
    }

    private static VolumeModel Source(object? at)
    {
        var source = new VolumeModel { Anchor = at, SourceCount = Val<int>.Of(1, at) };
        source.FileModes.Anchor = at;
        return source;
    }
}
