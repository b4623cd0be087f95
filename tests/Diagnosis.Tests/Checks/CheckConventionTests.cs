using System.Text.RegularExpressions;
using MeshBot.Cluster;
using MeshBot.Diagnosis.Findings;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Testing;
using MeshBot.Diagnosis.Tests.Runbook;

namespace MeshBot.Diagnosis.Tests.Checks;

/// <summary>Meta-tests over every check and the catalogue, in the manner of Istio's analyzer tests.</summary>
public sealed partial class CheckConventionTests
{
    [GeneratedRegex("^MB[0-9]{4}$")]
    private static partial Regex CodeShape();

    [Fact]
    public void Checks_Metadata_IsUniqueAndDescribed()
    {
        Assert.NotEmpty(CheckCatalogue.All);
        Assert.Equal(CheckCatalogue.All.Count, CheckCatalogue.All.Select(c => c.Name).Distinct().Count());
        Assert.All(CheckCatalogue.All, c => Assert.False(string.IsNullOrWhiteSpace(c.Description), c.Name));
        Assert.All(CheckCatalogue.All, c => Assert.NotEmpty(c.Reads));
        Assert.All(BranchNames.Tree, b => Assert.Contains(CheckCatalogue.All, c => c.Branch == b));
        Assert.Contains(CheckCatalogue.All, c => c.Branch == Branch.ControlPlane);
    }

    [Fact]
    public void Catalogue_Codes_AreUniqueAndWellFormed()
    {
        var codes = Catalogue.All.ToArray();

        Assert.Equal(codes.Length, codes.Select(c => c.Code).Distinct().Count());
        Assert.Equal(codes.Length, codes.Select(c => c.Name).Distinct().Count());
        Assert.All(codes, c => Assert.Matches(CodeShape(), c.Code));
        Assert.All(codes, c => Assert.Contains("{0}", c.Template));
    }

    [Fact]
    public async Task Checks_DeclaredReads_EqualWhatTheyReadAcrossAllScenarios()
    {
        var used = CheckCatalogue.All.ToDictionary(c => c.Name, _ => new HashSet<ResourceKind>());
        foreach (var scenario in Scenario.All)
        {
            var (_, reads) = await ScenarioRunner.RunAsync(scenario);
            foreach (var (check, kinds) in reads)
            {
                var declared = CheckCatalogue.All.Single(c => c.Name == check).Reads;
                Assert.True(kinds.All(declared.Contains), $"{check} read {string.Join(", ", kinds.Except(declared))} without declaring it ({scenario})");
                used[check].UnionWith(kinds);
            }
        }
        foreach (var check in CheckCatalogue.All)
        {
            Assert.True(check.Reads.All(used[check.Name].Contains), $"{check.Name} declares {string.Join(", ", check.Reads.Except(used[check.Name]))} but never read it");
        }
    }
}
