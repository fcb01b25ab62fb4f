namespace Deploy.Build.Tests.Support;

/// <summary>Paths of the repository under test.</summary>
public static class Repo
{
    public static string Root { get; } = RepositoryRoot.Find(AppContext.BaseDirectory);

    public static string PathOf(string relative) => Path.Combine(Root, relative);
}
