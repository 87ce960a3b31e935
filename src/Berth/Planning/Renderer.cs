using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading;

namespace Berth.Planning;

/// <summary>
/// Serializes built apps to YAML ahead of need on a second core, while the main thread creates and validates the
/// others: validation is one thread's work, so without this the second core idles through it. Serialization reads
/// the built objects only (as validation does) and runs no user code, so doing it early changes nothing but the
/// time: the text of an app whose set turns out to have errors is simply not used, and an exception is kept and
/// rethrown only if the text is asked for, exactly where the serialization would have run before.
/// </summary>
internal sealed class Renderer
{
    private readonly object _gate = new();
    private readonly Queue<Rendering> _queue = new();
    private readonly bool _background;
    private Thread? _worker;
    private bool _closed;

    /// <param name="background">Whether to serialize on a background thread (there is a second core).</param>
    public Renderer(bool background) => _background = background;

    /// <summary>
    /// At most this many apps wait for the background thread: beyond, the caller serializes the oldest itself, so that
    /// the built objects waiting to be serialized stay few however many apps there are.
    /// </summary>
    private const int MaxWaiting = 256;

    /// <summary>A built app to serialize, early if a core is free.</summary>
    public Rendering Add(AppManifests built)
    {
        var rendering = new Rendering(built);
        if (!_background)
            return rendering;
        Rendering? oldest = null;
        lock (_gate)
        {
            if (_closed)
                return rendering;
            if (_queue.Count >= MaxWaiting)
                oldest = _queue.Dequeue();
            _queue.Enqueue(rendering);
            if (_worker is null)
            {
                _worker = new Thread(Work) { IsBackground = true, Name = "Berth YAML" };
                _worker.Start();
            }
            else
            {
                Monitor.Pulse(_gate);
            }
        }
        oldest?.TryRun();
        return rendering;
    }

    /// <summary>No more work: what was not serialized yet is serialized when (and if) it is asked for.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _queue.Clear();
            Monitor.PulseAll(_gate);
        }
    }

    private void Work()
    {
        while (true)
        {
            Rendering next;
            lock (_gate)
            {
                while (_queue.Count == 0 && !_closed)
                    Monitor.Wait(_gate);
                if (_queue.Count == 0)
                    return;
                next = _queue.Dequeue();
            }
            next.TryRun();
        }
    }
}

/// <summary>The YAML of one built app (UTF-8), serialized once by whichever thread gets to it first.</summary>
internal sealed class Rendering
{
    private const int New = 0, Running = 1, Done = 2;

    private AppManifests? _built;
    private int _state;
    private byte[]? _content;
    private ExceptionDispatchInfo? _error;

    public Rendering(AppManifests built) => _built = built;

    /// <summary>The YAML as UTF-8 bytes; rethrows what the serialization threw.</summary>
    public byte[] Content
    {
        get
        {
            if (!TryRun())
            {
                lock (this)
                {
                    while (Volatile.Read(ref _state) != Done)
                        Monitor.Wait(this);
                }
            }
            _error?.Throw();
            return _content!;
        }
    }

    /// <summary>Serializes the app unless another thread has started it; false if one had.</summary>
    public bool TryRun()
    {
        if (Interlocked.CompareExchange(ref _state, Running, New) != New)
            return false;
        try
        {
            _content = Encoding.UTF8.GetBytes(ManifestYaml.Serialize(_built!));
        }
        catch (Exception e)
        {
            _error = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _built = null; // the objects are not needed any more (a plan made without KeepBuilt drops them all)
            lock (this)
            {
                Volatile.Write(ref _state, Done);
                Monitor.PulseAll(this);
            }
        }
        return true;
    }
}
