namespace Placeholder; public class PlaceholderTests { [Fact] public void Builds() { } }
