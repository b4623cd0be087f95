using MeshBot.Diagnosis.Checks;

namespace MeshBot.Diagnosis.Runbook;

/// <summary>
/// Every check in this assembly, found by reflection so that adding a check is adding one file — no
/// hand-kept list to drift. Ordered by branch, then name.
/// </summary>
public static class CheckCatalogue
{
    public static readonly IReadOnlyList<ICheck> All = typeof(ICheck).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICheck).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (ICheck)Activator.CreateInstance(t)!)
        .OrderBy(c => c.Branch)
        .ThenBy(c => c.Name, StringComparer.Ordinal)
        .ToArray();
}
