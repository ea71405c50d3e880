using System.Text;

namespace Crisp.Images.Registry;

/// <summary>One challenge of a <c>WWW-Authenticate</c> header (RFC 7235): a scheme and its parameters.</summary>
internal sealed class AuthChallenge
{
    public AuthChallenge(string scheme, IReadOnlyDictionary<string, string> parameters)
    {
        Scheme = scheme;
        Parameters = parameters;
    }

    /// <summary>The auth scheme, e.g. <c>Bearer</c> or <c>Basic</c>, as sent.</summary>
    public string Scheme { get; }

    /// <summary>Parameters by case-insensitive name, values unquoted.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? this[string name] => Parameters.TryGetValue(name, out var value) ? value : null;

    public override string ToString() =>
        Scheme + (Parameters.Count == 0 ? "" : " " + string.Join(",", Parameters.Select(p => $"{p.Key}=\"{p.Value}\"")));

    /// <summary>Parses every challenge in the given header values; malformed trailing input is ignored.</summary>
    public static IReadOnlyList<AuthChallenge> Parse(IEnumerable<string> headerValues)
    {
        var result = new List<AuthChallenge>();
        foreach (var value in headerValues)
        {
            ParseInto(value, result);
        }

        return result;
    }

    /// <summary>The challenge crisp answers: Bearer if offered, else Basic, else null.</summary>
    public static AuthChallenge? Preferred(IReadOnlyList<AuthChallenge> challenges) =>
        challenges.FirstOrDefault(c => c.IsBearer) ?? challenges.FirstOrDefault(c => c.IsBasic);

    private static void ParseInto(string header, List<AuthChallenge> result)
    {
        var pos = 0;
        while (true)
        {
            SkipSeparators(header, ref pos);
            var scheme = ReadToken(header, ref pos);
            if (scheme.Length == 0)
            {
                return;
            }

            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                SkipWhitespace(header, ref pos);
                var start = pos;
                var name = ReadToken(header, ref pos);
                SkipWhitespace(header, ref pos);
                if (name.Length == 0 || pos >= header.Length || header[pos] != '=')
                {
                    // Not "name=value": the start of the next challenge (or a token68 we do not use).
                    pos = start;
                    if (name.Length > 0 && parameters.Count == 0)
                    {
                        // token68 right after the scheme, e.g. "Negotiate abc==": skip it.
                        pos += name.Length;
                        while (pos < header.Length && (header[pos] == '=' || !IsSeparator(header[pos])))
                        {
                            pos++;
                        }
                    }

                    break;
                }

                pos++;
                SkipWhitespace(header, ref pos);
                var value = pos < header.Length && header[pos] == '"' ? ReadQuoted(header, ref pos) : ReadToken(header, ref pos);
                parameters[name] = value;
                SkipWhitespace(header, ref pos);
                if (pos < header.Length && header[pos] == ',')
                {
                    pos++;
                }
            }

            result.Add(new AuthChallenge(scheme, parameters));
            if (pos >= header.Length)
            {
                return;
            }
        }
    }

    private static bool IsSeparator(char c) => c is ' ' or '\t' or ',' or '"' or '=';

    private static void SkipWhitespace(string s, ref int pos)
    {
        while (pos < s.Length && s[pos] is ' ' or '\t')
        {
            pos++;
        }
    }

    private static void SkipSeparators(string s, ref int pos)
    {
        while (pos < s.Length && s[pos] is ' ' or '\t' or ',')
        {
            pos++;
        }
    }

    private static string ReadToken(string s, ref int pos)
    {
        var start = pos;
        while (pos < s.Length && !IsSeparator(s[pos]))
        {
            pos++;
        }

        return s[start..pos];
    }

    private static string ReadQuoted(string s, ref int pos)
    {
        var builder = new StringBuilder();
        pos++; // opening quote
        while (pos < s.Length)
        {
            var c = s[pos++];
            if (c == '"')
            {
                break;
            }

            if (c == '\\' && pos < s.Length)
            {
                c = s[pos++];
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
