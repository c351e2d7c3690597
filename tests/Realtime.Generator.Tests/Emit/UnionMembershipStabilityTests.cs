using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Realtime.Generator.Emit;

namespace Realtime.Generator.Tests.Emit;

/// <summary>
/// A record that several unions hold keeps its public surface (base list, public members) when a union is added,
/// removed or reordered elsewhere on the page: unions only ever add or remove an interface of the record.
/// </summary>
public sealed class UnionMembershipStabilityTests
{
    // Bark is held by PetEvent and Noise (two variants each: a tie that page order used to break). Sound holds it too,
    // with more variants (the union a record used to derive from). Hum is a union elsewhere that does not hold it.
    private const string PetEvent = "PetEvent = Bark or Purr";
    private const string Noise = "Noise = Bark or Chirp";
    private const string Sound = "Sound = Bark or Chirp or Hiss";
    private const string Hum = "Hum = Purr or Hiss";

    [Fact]
    public void Reordering_the_unions_that_hold_a_record_keeps_its_declaration_and_members()
    {
        var before = Record(PetEvent, Noise);
        var after = Record(Noise, PetEvent);

        Assert.Equal(["global::Zoo.Api.Noise", "global::Zoo.Api.PetEvent", "global::Realtime.Api.IRealtimeJsonModel<Bark>"], before.Bases);
        Assert.Equal(before.Bases, after.Bases);
        Assert.Equal(before.PublicMembers, after.PublicMembers);
    }

    [Fact]
    public void A_union_added_or_removed_elsewhere_leaves_the_record_as_it_was()
    {
        var before = Record(PetEvent, Noise);
        var withHum = Record(Hum, PetEvent, Noise);

        Assert.Equal(before.Bases, withHum.Bases);
        Assert.Equal(before.PublicMembers, withHum.PublicMembers);
    }

    [Fact]
    public void A_union_added_that_holds_the_record_only_adds_its_interface()
    {
        var before = Record(PetEvent, Noise);
        foreach (var after in new[] { Record(Sound, PetEvent, Noise), Record(PetEvent, Noise, Sound) })
        {
            Assert.Equal(before.Bases.Append("global::Zoo.Api.Sound").Order(StringComparer.Ordinal), after.Bases.Order(StringComparer.Ordinal));
            Assert.Equal(before.PublicMembers, after.PublicMembers);
        }

        // And the other way round: removing Sound again gives back the page without it.
        Assert.Equal(before.Bases, Record(PetEvent, Noise).Bases);
    }

    /// <summary>The emitted <c>Bark</c> record of a page with the given unions, in this order (the page compiles).</summary>
    private static (List<string> Bases, List<string> PublicMembers) Record(params string[] unions)
    {
        var markdown = "# Zoo\n\n## Domain Types\n\n" + string.Concat(unions.Select(Section));
        var schema = ApiGeneration.Parse(markdown, "zoo.md");
        Assert.Empty(schema.Diagnostics);
        var files = ApiGeneration.EmitFiles(schema, new EmitOptions { Namespace = "Zoo.Api" });
        Assert.Empty(EmitCompiler.Errors(files));

        var source = files.Single(f => f.HintName == "Zoo.Api.Bark.g.cs").Source;
        var record = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<RecordDeclarationSyntax>().Single();
        var bases = record.BaseList!.Types.Select(t => t.Type.ToString()).ToList();
        var members = record.Members
            .Where(m => m.Modifiers.Any(SyntaxKind.PublicKeyword))
            .Select(m => m.WithoutTrivia().NormalizeWhitespace().ToFullString())
            .ToList();
        Assert.NotEmpty(members);
        return (bases, members);
    }

    /// <summary>One <c>###</c> section declaring a union of the objects it names (each expanded, as the page does).</summary>
    private static string Section(string union)
    {
        var name = union[..union.IndexOf(' ')];
        var variants = union[(union.IndexOf('=') + 1)..].Split(" or ", StringSplitOptions.TrimEntries);
        var text = $"### {name}\n\n- `{union}`\n\n  Things that make the {name}.\n\n";
        foreach (var variant in variants)
        {
            var tag = variant.ToLowerInvariant();
            text += $"""
                  - `{variant} object {"{"} loudness, type {"}"}`

                    A {tag}.

                    - `loudness: number`

                      How loud.

                    - `type: "{tag}"`

                      Always `{tag}`.

                      - `"{tag}"`


                """;
        }

        return text;
    }
}
