using Realtime.Schema.Reading;
using Realtime.Schema.Syntax;

namespace Realtime.Schema.Building;

/// <summary>
/// The parsed syntax of a declaration item, memoised on the item. (Structure keys that map inline shapes to page
/// types live in the analysis stage, <c>Analysis/ResolvedKeys.cs</c>, where every such mapping is listed.)
/// </summary>
internal static class StructuralKeys
{
    public static DeclSyntax SyntaxOf(DeclItem item) => item.Syntax ??= TypeExprParser.ParseDeclaration(item.Code);
}
