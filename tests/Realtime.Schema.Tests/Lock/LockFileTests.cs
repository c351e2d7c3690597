using Realtime.Schema.Lock;

namespace Realtime.Schema.Tests.Lock;

/// <summary>Reading a lock file never throws: every problem is reported at its line and no lock is applied.</summary>
public class LockFileTests
{
    private const string Valid = "format: 1\npage: Garden\ntypes:\n- name: Lamp\n  kind: object\n  sites:\n  - Lamp\n  members:\n  - json: id\n    name: Id\n    type: string\n";

    [Fact]
    public void A_valid_file_reads_with_no_problems()
    {
        var read = ApiLockYaml.Read(Valid);

        Assert.Empty(read.Problems);
        var lamp = Assert.Single(read.Lock!.Types);
        Assert.Equal(new LockedMember("id", "Id", "string"), Assert.Single(lamp.Members));
    }

    [Theory]
    [InlineData("format: 1\ntypes: [\n", 3, "not valid YAML")]
    [InlineData("- just\n- a list\n", 1, "one YAML mapping")]
    [InlineData("", 1, "one YAML mapping")]
    [InlineData("format: 2\ntypes: []\n", 1, "lock format '2' is not one this tool reads")]
    [InlineData("types: []\n", 1, "'format' is missing")]
    [InlineData("format: 1\ntypos: []\n", 2, "unknown key 'typos'")]
    [InlineData("format: 1\ntypes:\n- name: Lamp\n  kind: thing\n  sites: [Lamp]\n", 4, "kind must be object, union or enum, not 'thing'")]
    [InlineData("format: 1\ntypes:\n- name: Not A Name\n  kind: object\n  sites: [X]\n", 3, "'Not A Name' is not a C# type name")]
    [InlineData("format: 1\ntypes:\n- kind: object\n  sites: [X]\n", 3, "'name' is missing")]
    [InlineData("format: 1\ntypes:\n- name: Lamp\n  kind: object\n  sites: []\n", 5, "has no sites")]
    [InlineData("format: 1\ntypes:\n- name: Lamp\n  kind: object\n  sites: [Lamp]\n  members:\n  - json: id\n    type: string\n", 7, "'name' is missing")]
    [InlineData("format: 1\ntypes:\n- name: A\n  kind: object\n  sites: [X]\n- name: B\n  kind: object\n  sites: [X]\n", 8, "site 'X' is locked to both 'A' and 'B'")]
    [InlineData("format: 1\ntypes:\n- name: A\n  kind: object\n  sites: [X]\n- name: A\n  kind: object\n  sites: [Y]\n", 6, "type 'A' is locked twice")]
    public void An_invalid_file_is_a_problem_at_its_line_and_no_lock(string yaml, int line, string message)
    {
        var read = ApiLockYaml.Read(yaml);

        Assert.Null(read.Lock);
        Assert.Contains(read.Problems, p => p.Line == line && p.Message.Contains(message, StringComparison.Ordinal));
    }
}
