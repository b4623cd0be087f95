using MeshBot.KubernetesEmulator.Security;

namespace MeshBot.KubernetesEmulator;

/// <summary>
/// What authenticated users may do, in the spirit of RBAC: a matching deny rule forbids, else a matching allow rule
/// permits, else <see cref="AllowByDefault"/> decides (true: everything is allowed until a test forbids something).
/// Verbs and resources take comma-separated alternatives and <c>*</c>; resources may be <c>pods/log</c> or
/// <c>deployments.apps</c>; a rule's <c>subject</c> matches a user name or one of its groups (null: everyone).
/// SelfSubjectAccessReview answers from this policy. Safe to change while the emulator runs.
/// </summary>
public sealed class AccessPolicy
{
    private readonly Lock _lock = new();
    private readonly List<Rule> _rules = [];
    private volatile bool _allowByDefault = true;

    private sealed record Rule(bool Allow, string Verb, string Resource, string? Subject, string? Namespace);

    public bool AllowByDefault
    {
        get => _allowByDefault;
        set => _allowByDefault = value;
    }

    public AccessPolicy Allow(string verb, string resource, string? subject = null, string? @namespace = null) => Add(new Rule(true, verb, resource, subject, @namespace));

    public AccessPolicy Deny(string verb, string resource, string? subject = null, string? @namespace = null) => Add(new Rule(false, verb, resource, subject, @namespace));

    /// <summary>Removes every rule and allows everything by default again.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _rules.Clear();
            _allowByDefault = true;
        }
    }

    public bool IsAllowed(EmulatorUser user, string verb, string group, string resourceWithSubresource, string? @namespace)
    {
        lock (_lock)
        {
            var matching = _rules.Where(r =>
                ResourcePattern.MatchesVerb(r.Verb, verb)
                && ResourcePattern.MatchesResource(r.Resource, group, resourceWithSubresource)
                && (r.Subject is null || r.Subject == user.Name || user.Groups.Contains(r.Subject))
                && (r.Namespace is null || r.Namespace == @namespace)).ToList();
            if (matching.Any(r => !r.Allow))
            {
                return false;
            }
            return matching.Count > 0 || _allowByDefault;
        }
    }

    private AccessPolicy Add(Rule rule)
    {
        lock (_lock)
        {
            _rules.Add(rule);
        }
        return this;
    }
}
