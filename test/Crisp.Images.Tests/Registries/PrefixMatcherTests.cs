using Crisp.Images.Registries;
using Shouldly;
using Xunit;

namespace Crisp.Images.Tests.Registries;

public sealed class PrefixMatcherTests
{
    [Theory]
    [InlineData("example.com/foo/img:1", "example.com", 11)]
    [InlineData("example.com/foo/img:1", "example.com/foo", 15)]
    [InlineData("example.com/foo/img:1", "example.com/foo/img", 19)]
    [InlineData("example.com/foo/img:1", "example.com/foo/img:1", 21)]
    [InlineData("example.com/foo/img@sha256:ab", "example.com/foo/img", 19)]
    [InlineData("example.com:5000/img:1", "example.com", 11)]
    [InlineData("example.com/foobar:1", "example.com/foo", -1)]
    [InlineData("example.com/foo", "example.com/foo/img", -1)]
    [InlineData("example.co/x:1", "example.com", -1)]
    [InlineData("a.example.com/x:1", "*.example.com", 13)]
    [InlineData("a.b.example.com:5000/x:1", "*.example.com", 15)]
    [InlineData("a.b.example.com", "*.example.com", 15)]
    [InlineData("example.com/x:1", "*.example.com", -1)]
    [InlineData("other.com/a.example.com/x:1", "*.example.com", -1)]
    [InlineData("a.example.community/x:1", "*.example.com", -1)]
    public void Match_Prefix_ReturnsMatchedLength(string reference, string prefix, int expected)
    {
        PrefixMatcher.Match(reference, prefix).ShouldBe(expected);
    }
}
