using Realtime.Schema.Diff;
using Realtime.Schema.Model;

namespace Realtime.Schema.Tests.Diff;

public class SchemaSnapshotRenderTests
{
    [Fact]
    public void Renders_types_sorted_with_members_in_page_order_and_no_prose()
    {
        var schema = S.Schema(
            S.Object("Session", 10,
                S.Prop("voice", TypeRef.Named("SessionVoice"), 11, description: "Words that must not appear."),
                S.Prop("id", TypeRef.String, 12, required: true),
                S.Prop("turn_detection", TypeRef.Named("TurnDetection"), 13, nullable: true)),
            S.Enum("SessionVoice", 11, open: true, "alloy", "ash").Inline("Session.voice"),
            S.Union("ServerEvent", 30, "type", ("session.created", "SessionCreated")) with { EventDirection = EventDirection.Server },
            new TypeDecl { Name = "Tags", Kind = TypeDeclKind.Alias, IsNamedOnPage = true, AliasOf = TypeRef.ArrayOf(TypeRef.String), Description = "Hidden too." })
            .WithEndpoints(S.Post("/calls/{call_id}/accept", "AcceptCall", 90, TypeRef.Named("Session"), null, S.Prop("call_id", TypeRef.String, 91, required: true)));

        var expected = """
            # schema snapshot: Test
            # 4 types (3 named on the page, 1 inline), 1 endpoints
            # member lines: `name: T` required, `name?: T` optional, `| null` nullable; `"v" → T` a tagged variant

            server event union ServerEvent on type
              "session.created" → SessionCreated

            object Session
              voice?: SessionVoice
              id: string
              turn_detection?: TurnDetection | null

            open enum SessionVoice  (inline at Session.voice)
              string
              "alloy"
              "ash"

            alias Tags = array of string

            endpoint POST /calls/{call_id}/accept  AcceptCall  (Things)
              path call_id: string
              body: Session

            """.Replace("\r\n", "\n");
        Assert.Equal(expected, SchemaSnapshot.Render(schema));
    }
}
