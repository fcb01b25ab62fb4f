namespace Deploy.Build.Host.CommandLine;

/// <summary>"Did you mean" suggestions for misspelt names.</summary>
public static class Spelling
{
    public static string? Closest(string input, IEnumerable<string> candidates, int maxDistance = 3)
    {
        var best = candidates
            .Select(c => (Name: c, Distance: Distance(c.ToLowerInvariant(), input.ToLowerInvariant())))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return best.Name is not null && best.Distance <= maxDistance ? best.Name : null;
    }

    /// <summary>Levenshtein edit distance.</summary>
    public static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
