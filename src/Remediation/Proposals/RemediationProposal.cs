using System.Security.Cryptography;
using System.Text;

namespace MeshBot.Remediation.Proposals;

/// <summary>
/// A proposed change as data: the contract's action word, the object it touches (<c>Kind/namespace/name</c>),
/// its risk, the equivalent kubectl, the manifest or patch for anything created or patched, why, and the same change
/// as <see cref="Writes"/> for the executor. Nothing here executes.
/// </summary>
public sealed record RemediationProposal(string Id, string Action, string Target, Risk Risk, string Kubectl, string? Manifest, string Reason, IReadOnlyList<PlannedWrite> Writes)
{
    /// <summary>A stable id from what the proposal does, so re-diagnosing the same cluster proposes the same ids (no ':' — chat action ids use it as separator).</summary>
    public static string IdFor(string action, string target, string? manifest)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{action}\n{target}\n{manifest}"));
        return $"{action}-{Convert.ToHexStringLower(hash)[..8]}";
    }

    public static RemediationProposal Create(string action, string target, Risk risk, string kubectl, string? manifest, string reason, params PlannedWrite[] writes) =>
        new(IdFor(action, target, manifest), action, target, risk, kubectl, manifest, reason, writes);
}
