using System;
using System.Collections.Generic;
using System.Threading;
using Berth.Rules.Model;

namespace Berth.Analyzers;

/// <summary>
/// Lookups over every app, Service and budget of a compilation, built once (with the <see cref="AppIndex"/>), so that
/// the cross-object rules check each app only against the objects that can match it instead of against all of them.
/// Each lookup returns <em>candidates</em>: a superset, in list order, of the objects the rule's own predicate could
/// accept (the objects it skips can only answer "no match", which changes no finding), so the rule engine, given the
/// candidates, reports exactly what it reports given everything.
/// </summary>
internal sealed class CrossObjectLookups
{
    private readonly ManifestSetModel _all;
    private readonly Dictionary<string, List<int>> _servicesByName = new(StringComparer.Ordinal);
    private readonly List<int> _servicesWithUnknownName = new();
    private readonly Dictionary<string, List<int>> _appsByServiceName = new(StringComparer.Ordinal);
    private readonly List<int> _appsWithNullServiceName = new();
    private readonly Dictionary<(string Key, string Value), List<int>> _appsByLabel = new();
    private readonly List<int> _appsWithOpenLabels = new();
    private long _work;

    public CrossObjectLookups(ManifestSetModel all)
    {
        _all = all;
        for (int i = 0; i < all.Services.Count; i++)
        {
            var name = all.Services[i].Name;
            if (!name.IsKnown) _servicesWithUnknownName.Add(i);
            else if (name.Value is not null) Add(_servicesByName, name.Value, i);
            // A Service whose name is known to be null is named by no serviceName.
        }

        for (int i = 0; i < all.Apps.Count; i++)
        {
            var app = all.Apps[i];
            var serviceName = app.ServiceName;
            if (serviceName.IsKnown)
            {
                if (serviceName.Value is null) _appsWithNullServiceName.Add(i);
                else Add(_appsByServiceName, serviceName.Value, i);
            }

            if (!app.TemplateLabels.IsFullyKnown) _appsWithOpenLabels.Add(i);
            else foreach (var label in app.TemplateLabels.ToDictionary()) Add(_appsByLabel, (label.Key, label.Value), i);
        }

        _work = all.Services.Count + all.Apps.Count;
    }

    /// <summary>
    /// How many objects the lookups were built from plus how many candidates they returned: the cross-object work of
    /// the compilation, which must grow linearly with the apps (a test holds it to that).
    /// </summary>
    public long Work => Interlocked.Read(ref _work);

    /// <summary>
    /// The Services that may be the governing Service of <paramref name="app"/> (BERTH040–042): those named by its
    /// serviceName, and those whose name is unknown.
    /// </summary>
    public ItemList<ServiceModel> ServicesFor(AppModel app)
    {
        var positions = new List<int>();
        var serviceName = app.ServiceName;
        if (serviceName.IsKnown && !string.IsNullOrEmpty(serviceName.Value))
        {
            if (_servicesByName.TryGetValue(serviceName.Value!, out var named)) positions.AddRange(named);
            positions.AddRange(_servicesWithUnknownName);
        }

        var result = new ItemList<ServiceModel> { IsComplete = _all.Services.IsComplete, Anchor = _all.Services.Anchor };
        foreach (var i in Ordered(positions)) result.Add(_all.Services[i]);
        Interlocked.Add(ref _work, result.Count);
        return result;
    }

    /// <summary>
    /// The apps that <paramref name="services"/> and <paramref name="budgets"/> may govern or select (BERTH054, BERTH056):
    /// for a Service, the apps whose serviceName is its name; for a fully known, non-empty selector, the apps whose
    /// labels are not fully known and those that carry the selector's rarest label. A selector that is not fully known
    /// or is empty needs no apps: the rules do not search the apps for it.
    /// </summary>
    public ItemList<AppModel> AppsFor(IEnumerable<ServiceModel> services, IEnumerable<BudgetModel> budgets)
    {
        var positions = new List<int>();
        foreach (var service in services)
        {
            if (service.Name.IsKnown)
            {
                if (service.Name.Value is null) positions.AddRange(_appsWithNullServiceName);
                else if (_appsByServiceName.TryGetValue(service.Name.Value, out var governed)) positions.AddRange(governed);
            }

            AddSelected(positions, service.Selector);
        }

        foreach (var budget in budgets) AddSelected(positions, budget.Selector);

        var result = new ItemList<AppModel> { IsComplete = _all.Apps.IsComplete, Anchor = _all.Apps.Anchor };
        foreach (var i in Ordered(positions)) result.Add(_all.Apps[i]);
        Interlocked.Add(ref _work, result.Count);
        return result;
    }

    private void AddSelected(List<int> positions, LabelMap? selector)
    {
        if (selector is null || !selector.IsFullyKnown) return;
        var wanted = selector.ToDictionary();
        if (wanted.Count == 0) return;
        List<int>? rarest = null;
        foreach (var label in wanted)
        {
            // An app with fully known labels that lacks one label of the selector is not selected, whatever its namespace.
            if (!_appsByLabel.TryGetValue((label.Key, label.Value), out var carrying)) { rarest = null; break; }
            if (rarest is null || carrying.Count < rarest.Count) rarest = carrying;
        }

        if (rarest is not null) positions.AddRange(rarest);
        positions.AddRange(_appsWithOpenLabels);
    }

    /// <summary>The distinct positions in ascending (list) order.</summary>
    private static IEnumerable<int> Ordered(List<int> positions)
    {
        positions.Sort();
        for (int i = 0; i < positions.Count; i++)
            if (i == 0 || positions[i] != positions[i - 1]) yield return positions[i];
    }

    private static void Add<TKey>(Dictionary<TKey, List<int>> map, TKey key, int position)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = new List<int>();
        list.Add(position);
    }
}
