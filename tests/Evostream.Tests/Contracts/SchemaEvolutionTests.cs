using Evostream.Contracts.V1;
using Evostream.Tests.Infrastructure;
using Google.Protobuf.Reflection;

namespace Evostream.Tests.Contracts;

public class SchemaEvolutionTests
{
    private static readonly FileDescriptor[] s_files = [CommonReflection.Descriptor, CommandsReflection.Descriptor, EventsReflection.Descriptor, StateReflection.Descriptor];

    private static IReadOnlyList<LockedField> Lock() =>
        [.. File.ReadAllLines(RepoRoot.File("schemas", "evostream.v1.lock"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(LockedField.Parse)];

    [Fact]
    public void The_schemas_keep_every_published_field_number()
    {
        var violations = SchemaLock.Violations(Lock(), SchemaLock.Shapes(s_files));
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void The_package_carries_its_major_version()
    {
        Assert.All(s_files, f => Assert.Equal("evostream.v1", f.Package));
    }

    [Fact]
    public void Reusing_a_field_number_is_caught()
    {
        var locked = new[] { new LockedField("p.M", "text", 1, "string") };
        var current = new[] { new MessageShape("p.M", [new LockedField("p.M", "body", 1, "string")], [], []) };
        Assert.Contains(SchemaLock.Violations(locked, current), v => v.Contains("field number 1 belonged to 'text' and is now reused by 'body'", StringComparison.Ordinal));
    }

    [Fact]
    public void Removing_a_field_needs_its_number_and_name_reserved()
    {
        var locked = new[] { new LockedField("p.M", "text", 2, "string") };
        var unreserved = new[] { new MessageShape("p.M", [], [], []) };
        var reserved = new[] { new MessageShape("p.M", [], [(2, 3)], ["text"]) };
        Assert.Contains(SchemaLock.Violations(locked, unreserved), v => v.Contains("was removed without `reserved 2;", StringComparison.Ordinal));
        Assert.Empty(SchemaLock.Violations(locked, reserved));
    }

    [Fact]
    public void Changing_a_type_is_caught_and_new_fields_must_be_locked()
    {
        var locked = new[] { new LockedField("p.M", "count", 1, "uint32") };
        var current = new[] { new MessageShape("p.M", [new LockedField("p.M", "count", 1, "string"), new LockedField("p.M", "extra", 2, "bool")], [], []) };
        var violations = SchemaLock.Violations(locked, current);
        Assert.Contains(violations, v => v.Contains("changed type from uint32 to string", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("p.M.extra 2 bool", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_event_data_kind_has_a_distinct_field_and_every_command_kind_too()
    {
        Assert.Equal(38, EventEnvelope.Descriptor.Oneofs.Single(o => o.Name == "data").Fields.Count);
        Assert.Equal(37, CommandEnvelope.Descriptor.Oneofs.Single(o => o.Name == "command").Fields.Count);
    }
}
