using System.Text.Json;

namespace Crisp.Images.Policy;

/// <summary>
/// Strict policy.json parsing with <see cref="JsonDocument"/>: like containers/image, unknown or duplicate
/// fields, a missing <c>default</c>, empty requirement lists and unknown requirement types are errors.
/// </summary>
internal static class PolicyParser
{
    public static (IReadOnlyList<PolicyRequirement> Default, Dictionary<string, Dictionary<string, IReadOnlyList<PolicyRequirement>>> Transports) Parse(string json)
    {
        using var document = ParseDocument(json);
        var root = document.RootElement;
        RequireObject(root, "policy");
        IReadOnlyList<PolicyRequirement>? defaults = null;
        var transports = new Dictionary<string, Dictionary<string, IReadOnlyList<PolicyRequirement>>>(StringComparer.Ordinal);
        foreach (var property in UniqueProperties(root, "policy"))
        {
            switch (property.Name)
            {
                case "default":
                    defaults = ParseRequirements(property.Value, "default");
                    break;
                case "transports":
                    ParseTransports(property.Value, transports);
                    break;
                default:
                    throw new FormatException($"unknown key \"{property.Name}\"");
            }
        }

        return (defaults ?? throw new FormatException("Default policy is missing"), transports);
    }

    private static JsonDocument ParseDocument(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    private static void ParseTransports(JsonElement element, Dictionary<string, Dictionary<string, IReadOnlyList<PolicyRequirement>>> transports)
    {
        RequireObject(element, "transports");
        foreach (var transport in UniqueProperties(element, "transports"))
        {
            RequireObject(transport.Value, $"transports.{transport.Name}");
            var scopes = new Dictionary<string, IReadOnlyList<PolicyRequirement>>(StringComparer.Ordinal);
            foreach (var scope in UniqueProperties(transport.Value, $"transports.{transport.Name}"))
            {
                scopes[scope.Name] = ParseRequirements(scope.Value, $"transports.{transport.Name}[\"{scope.Name}\"]");
            }

            transports[transport.Name] = scopes;
        }
    }

    private static List<PolicyRequirement> ParseRequirements(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{where}: expected an array of policy requirements");
        }

        if (element.GetArrayLength() == 0)
        {
            throw new FormatException($"{where}: list of verification policy requirements must not be empty");
        }

        var requirements = new List<PolicyRequirement>();
        foreach (var item in element.EnumerateArray())
        {
            requirements.Add(ParseRequirement(item, where));
        }

        return requirements;
    }

    private static PolicyRequirement ParseRequirement(JsonElement element, string where)
    {
        RequireObject(element, where);
        string? typeName = null;
        var otherFields = new List<string>();
        foreach (var property in UniqueProperties(element, where))
        {
            if (property.Name == "type")
            {
                typeName = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()
                    : throw new FormatException($"{where}: requirement \"type\" must be a string");
            }
            else
            {
                otherFields.Add(property.Name);
            }
        }

        PolicyRequirement requirement;
        try
        {
            requirement = PolicyRequirement.FromTypeName(typeName ?? throw new FormatException("requirement has no \"type\""));
        }
        catch (FormatException e)
        {
            throw new FormatException($"{where}: {e.Message}", e);
        }

        if (requirement.IsSimple && otherFields.Count > 0)
        {
            throw new FormatException($"{where}: unknown key \"{otherFields[0]}\" in a \"{requirement.TypeName}\" requirement");
        }

        return requirement;
    }

    private static void RequireObject(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{where}: expected a JSON object");
        }
    }

    private static List<JsonProperty> UniqueProperties(JsonElement element, string where)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var properties = new List<JsonProperty>();
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw new FormatException($"{where}: duplicate key \"{property.Name}\"");
            }

            properties.Add(property);
        }

        return properties;
    }
}
