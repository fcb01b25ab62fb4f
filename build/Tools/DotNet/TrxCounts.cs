using System.Xml.Linq;

namespace Deploy.Build.Tools.DotNet;

/// <summary>Test counts read from the TRX files that dotnet test writes.</summary>
public sealed record TrxCounts(int Passed, int Failed, int Skipped, IReadOnlyList<string> FailedTests)
{
    public static TrxCounts Read(IEnumerable<string> trxFiles)
    {
        int passed = 0, failed = 0, skipped = 0;
        var failures = new List<string>();
        foreach (var file in trxFiles)
        {
            var doc = XDocument.Load(file);
            foreach (var result in doc.Descendants().Where(e => e.Name.LocalName == "UnitTestResult"))
            {
                var outcome = (string?)result.Attribute("outcome");
                switch (outcome)
                {
                    case "Passed":
                        passed++;
                        break;
                    case "NotExecuted":
                        skipped++;
                        break;
                    default:
                        failed++;
                        failures.Add((string?)result.Attribute("testName") ?? "(unnamed)");
                        break;
                }
            }
        }

        return new TrxCounts(passed, failed, skipped, failures);
    }

    /// <summary>The plain closing line CI reads.</summary>
    public override string ToString() => $"{Passed} passed, {Failed} failed, {Skipped} skipped";
}
