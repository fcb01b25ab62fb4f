namespace Deploy.Build.Tools.Terragrunt;

/// <summary>
/// Splits concatenated top-level JSON objects (`terragrunt run --all output -json` prints one per unit,
/// possibly with log lines between them) into separate documents.
/// </summary>
public static class JsonDocuments
{
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var documents = new List<string>();
        var depth = 0;
        var start = -1;
        var inString = false;
        var escaped = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (escaped)
                {
                    escaped = false;
                }
                else if (c == '\\')
                {
                    escaped = true;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"' when depth > 0:
                    inString = true;
                    break;
                case '{':
                    if (depth++ == 0)
                    {
                        start = i;
                    }

                    break;
                case '}' when depth > 0:
                    if (--depth == 0)
                    {
                        documents.Add(text[start..(i + 1)]);
                    }

                    break;
            }
        }

        return documents;
    }
}
