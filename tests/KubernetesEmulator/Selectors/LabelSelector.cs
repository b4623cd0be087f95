using System.Globalization;
using MeshBot.KubernetesEmulator.Api;

namespace MeshBot.KubernetesEmulator.Selectors;

/// <summary>
/// The <c>labelSelector</c> query syntax: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>,
/// <c>k</c> (exists), <c>!k</c> (does not exist), <c>k&gt;1</c>, <c>k&lt;1</c>; requirements are ANDed.
/// </summary>
internal sealed class LabelSelector
{
    private enum Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist, GreaterThan, LessThan }

    private sealed record Requirement(string Key, Op Op, IReadOnlyList<string> Values);

    private readonly IReadOnlyList<Requirement> _requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEmpty => _requirements.Count == 0;

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }
        var scanner = new Scanner(text);
        var requirements = new List<Requirement>();
        do
        {
            requirements.Add(ParseRequirement(scanner));
        }
        while (scanner.TryTake(","));
        if (!scanner.AtEnd)
        {
            throw Error($"found '{scanner.Rest}', expected: ',' or 'end of string'");
        }
        return new LabelSelector(requirements);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r =>
    {
        var present = labels.TryGetValue(r.Key, out var value);
        return r.Op switch
        {
            Op.Equals or Op.In => present && r.Values.Contains(value!, StringComparer.Ordinal),
            Op.NotEquals or Op.NotIn => !present || !r.Values.Contains(value!, StringComparer.Ordinal),
            Op.Exists => present,
            Op.DoesNotExist => !present,
            Op.GreaterThan => present && long.TryParse(value, out var g) && g > long.Parse(r.Values[0], CultureInfo.InvariantCulture),
            _ => present && long.TryParse(value, out var l) && l < long.Parse(r.Values[0], CultureInfo.InvariantCulture),
        };
    });

    private static Requirement ParseRequirement(Scanner scanner)
    {
        if (scanner.TryTake("!"))
        {
            return new Requirement(Key(scanner), Op.DoesNotExist, []);
        }
        var key = Key(scanner);
        if (scanner.AtEnd || scanner.Peek(","))
        {
            return new Requirement(key, Op.Exists, []);
        }
        if (scanner.TryTake("==") || scanner.TryTake("="))
        {
            return new Requirement(key, Op.Equals, [scanner.Identifier()]);
        }
        if (scanner.TryTake("!="))
        {
            return new Requirement(key, Op.NotEquals, [scanner.Identifier()]);
        }
        if (scanner.TryTake(">") || scanner.TryTake("<"))
        {
            var op = scanner.Previous == ">" ? Op.GreaterThan : Op.LessThan;
            var number = scanner.Identifier();
            if (!long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                throw Error($"for 'Gt', 'Lt' operators, the value must be an integer");
            }
            return new Requirement(key, op, [number]);
        }
        var word = scanner.Identifier();
        if (word is not ("in" or "notin"))
        {
            throw Error($"found '{word}', expected: in, notin, =, ==, !=, gt, lt");
        }
        if (!scanner.TryTake("("))
        {
            throw Error("found '" + scanner.Rest + "', expected: '('");
        }
        var values = new List<string>();
        do
        {
            var value = scanner.Identifier();
            if (value.Length > 0)
            {
                values.Add(value);
            }
        }
        while (scanner.TryTake(","));
        if (!scanner.TryTake(")"))
        {
            throw Error("found '" + scanner.Rest + "', expected: ',', ')' or identifier");
        }
        return new Requirement(key, word == "in" ? Op.In : Op.NotIn, values);
    }

    private static string Key(Scanner scanner)
    {
        var key = scanner.Identifier();
        return key.Length > 0 ? key : throw Error($"found '{scanner.Rest}', expected: identifier");
    }

    private static ApiException Error(string detail) => StatusErrors.BadRequest($"unable to parse requirement: {detail}");

    /// <summary>Whitespace-skipping cursor over the selector text.</summary>
    private sealed class Scanner(string text)
    {
        private int _position;

        public string Previous { get; private set; } = "";

        public bool AtEnd
        {
            get
            {
                SkipSpace();
                return _position >= text.Length;
            }
        }

        public string Rest => text[_position..];

        public bool Peek(string token)
        {
            SkipSpace();
            return string.CompareOrdinal(text, _position, token, 0, token.Length) == 0;
        }

        public bool TryTake(string token)
        {
            if (!Peek(token))
            {
                return false;
            }
            _position += token.Length;
            Previous = token;
            return true;
        }

        public string Identifier()
        {
            SkipSpace();
            var start = _position;
            while (_position < text.Length && !" \t,()=!<>".Contains(text[_position], StringComparison.Ordinal))
            {
                _position++;
            }
            return text[start.._position];
        }

        private void SkipSpace()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }
    }
}
