using System.Text.RegularExpressions;
using Realtime.Schema.Model;

namespace Realtime.Schema.Tests;

/// <summary>Which of a page's <c>number</c>s the builder reads as integers, and how wide (Building/IntegerEvidence.cs).</summary>
public class IntegerInferenceTests
{
    private const string Page = """
        # Meters

        ## Domain Types

        ### Meter Reading

        - `MeterReading object { part_index, audio_end_ms, 12 more }`

          - `part_index: number`

            The index of the part in the reading.

          - `audio_end_ms: number`

            Where the audio stopped, in milliseconds.

          - `created_at: number`

            The Unix timestamp of the reading.

          - `total_tokens: number`

            The number of tokens used.

          - `rate_ms: optional number`

            How long to wait.

          - `pause_ms: optional number`

            How long to pause.

          - `gain: optional number`

            The gain (0.0 to 1.0).

          - `level_count: optional number`

            The number of levels, in steps. Defaults to 0.5.

          - `lag_ms: optional number`

            The lag in milliseconds, for example 2.5.

          - `hold_ms: optional number`

            How long to hold.

          - `sample_rate: optional number`

            Sample rate of the audio.

          - `file_size: optional number`

            The size of the file in bytes.

          - `ratio_index: optional number`

            A fraction of the index.

          - `plain: optional number`

            Any value.

        ### Meter Update

        - `MeterUpdate object { hold_ms }`

          - `hold_ms: number`

            The hold, in milliseconds.

        # Meters

        ## Create meter

        **post** `/meters`

        ### Body Parameters

        - `pause_ms: optional number`

        ### Returns

        - `MeterReading object { part_index }`

          - `part_index: number`

            The index of the part in the reading.

        ### Example

        ```http
        curl https://api.example.test/v1/meters -d '{"pause_ms": 250}'
        ```

        #### Response

        ```json
        {
          "part_index": 0,
          "rate_ms": 1.5,
          "pause_ms": 250
        }
        ```
        """;

    private static readonly ApiSchema Schema = SchemaParser.Parse(Page, "meters.md");

    private static TypeRef TypeOf(string type, string member) => Schema.Types.First(t => t.Name == type).Properties.Single(p => p.JsonName == member).Type;

    [Theory]
    [InlineData("part_index")]         // description: index
    [InlineData("audio_end_ms")]       // description: milliseconds
    [InlineData("total_tokens")]       // description: number of, tokens
    [InlineData("pause_ms")]           // name word + an integer literal in an example
    [InlineData("hold_ms")]            // name word + the same JSON name shown to be an integer elsewhere
    [InlineData("sample_rate")]        // description: sample rate
    public void Positive_evidence_makes_an_int(string member) => Assert.Equal(TypeRef.Int32, TypeOf("MeterReading", member));

    [Theory]
    [InlineData("created_at")]         // a timestamp
    [InlineData("file_size")]          // a size in bytes
    public void Timestamps_and_sizes_are_long(string member) => Assert.Equal(TypeRef.Integer, TypeOf("MeterReading", member));

    [Theory]
    [InlineData("rate_ms")]            // a fraction in an example for that JSON name
    [InlineData("gain")]               // a fractional range
    [InlineData("level_count")]        // a fractional default
    [InlineData("lag_ms")]             // a decimal number in the description
    [InlineData("ratio_index")]        // "fraction" in the description
    [InlineData("plain")]              // no evidence at all
    public void A_fraction_or_no_evidence_stays_a_number(string member) => Assert.Equal(TypeRef.Number, TypeOf("MeterReading", member));

    [Fact]
    public void Each_inference_is_listed_with_its_evidence_and_counted_once_in_an_info_finding()
    {
        var pause = Schema.IntegerInferences.Single(i => i.Site == "MeterReading.pause_ms");
        Assert.Equal(IntegerWidth.Int32, pause.Width);
        Assert.Equal(new[] { "name: ms", "example: 250" }, pause.Evidence);
        Assert.Contains("same name: MeterUpdate.hold_ms", Schema.IntegerInferences.Single(i => i.Site == "MeterReading.hold_ms").Evidence);
        Assert.Contains(Schema.IntegerInferences, i => i.Site.EndsWith("/Create meter body.pause_ms", StringComparison.Ordinal));
        var finding = Assert.Single(Schema.Diagnostics, d => d.Id == DiagnosticIds.IntegersInferred);
        Assert.Equal(DiagnosticSeverity.Info, finding.Severity);
        Assert.StartsWith($"{Schema.IntegerInferences.Count} members", finding.Message);
    }

    [Fact]
    public void The_yaml_shows_the_kind_and_loads_back_equal()
    {
        var yaml = SchemaYaml.Serialize(Schema);
        Assert.Contains("type: int32", yaml);
        Assert.Equal(Schema, SchemaYaml.Deserialize(yaml));
    }

    // The rules by category on the real page (not a list of its names): what the page's own words call an index,
    // a count, a token count, milliseconds, a timestamp or a sample rate is an integer of the right width, and nothing
    // the page shows as fractional is.
    private static readonly Regex IntegerWords = new(@"\bindex\b|\bnumber of\b|\bmillisecond|\btokens\b|\btimestamp\b|\bseconds since epoch\b|\bsample rate\b", RegexOptions.IgnoreCase);
    private static readonly Regex IntegerNames = new(@"(?:^|_)(?:index|ms|tokens|at|sample_rate|channels)$");
    private static readonly Regex LongWords = new(@"\btimestamp\b|\bseconds since epoch\b|\bsize\b[^.]*\bbytes\b|\bin bytes\b", RegexOptions.IgnoreCase);
    private static readonly Regex FractionShown = new(@"(?<![\w.-])\d+\.\d+(?!\w|\.\d)|\bfraction\b|\bratio\b|\bmultiple of\b", RegexOptions.IgnoreCase);

    public static TheoryData<string> Pages => new() { "after", "before" };

    [Theory]
    [MemberData(nameof(Pages))]
    public void On_the_real_pages_integers_follow_the_categories(string which)
    {
        var schema = which == "after" ? RealPages.After : RealPages.Before;
        var members = schema.Types.Where(t => t.Kind == TypeDeclKind.Object).SelectMany(t => t.Properties.Select(p => (Owner: t, Property: p))).ToList();
        var numeric = members.Where(m => Scalar(m.Property.Type).Kind is TypeRefKind.Number or TypeRefKind.Integer).ToList();
        Assert.NotEmpty(numeric);
        foreach (var (owner, property) in numeric)
        {
            var text = property.Description ?? "";
            var type = Scalar(property.Type);
            var where = $"{owner.Name}.{property.JsonName}: {type}";
            var shownFractional = FractionShown.IsMatch(text) || property.Default is { } d && d.Contains('.')
                || property.Minimum is { } min && Math.Floor(min) != min || property.Maximum is { } max && Math.Floor(max) != max;
            if (shownFractional)
            {
                Assert.True(type.Kind == TypeRefKind.Number, where + " is shown fractional");
                continue;
            }

            var saysInteger = IntegerWords.IsMatch(text) || IntegerNames.IsMatch(property.JsonName) && (text.Length == 0 || !Regex.IsMatch(text, @"\bin seconds\b"));
            if (saysInteger) Assert.True(type.Kind == TypeRefKind.Integer, where + " is an index, count, token count, milliseconds, timestamp or sample rate");
            if (type.Kind == TypeRefKind.Integer)
            {
                var isLong = LongWords.IsMatch(text) || property.JsonName.EndsWith("_at", StringComparison.Ordinal);
                Assert.True(type.Width == (isLong ? IntegerWidth.Int64 : IntegerWidth.Int32), where + (isLong ? " is a timestamp or size: long" : " is an int"));
            }
        }

        // The members the issue names are among them, whatever their owners are called on a page.
        Assert.Contains(numeric, m => m.Property.JsonName == "output_index" && m.Property.Type == TypeRef.Int32);
        Assert.Contains(numeric, m => m.Property.JsonName == "expires_at" && m.Property.Type == TypeRef.Integer);
        Assert.Contains(numeric, m => m.Property.JsonName == "threshold" && m.Property.Type == TypeRef.Number);
        Assert.Contains(numeric, m => m.Property.JsonName == "speed" && m.Property.Type == TypeRef.Number);
    }

    private static TypeRef Scalar(TypeRef type) => type.Kind is TypeRefKind.Array or TypeRefKind.Map && type.Element is { } e ? Scalar(e) : type;
}
