using Google.Protobuf.Reflection;

namespace Evostream.Tests.Contracts;

/// <summary>One field as the lock file records it: "package.Message.field number type".</summary>
public sealed record LockedField(string Message, string Name, int Number, string Type)
{
    public override string ToString() => $"{Message}.{Name} {Number} {Type}";

    public static LockedField Parse(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var dot = parts[0].LastIndexOf('.');
        return new LockedField(parts[0][..dot], parts[0][(dot + 1)..], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2]);
    }
}

/// <summary>What a message currently declares: its fields and what it has reserved.</summary>
public sealed record MessageShape(string Message, IReadOnlyList<LockedField> Fields, IReadOnlyList<(int Start, int End)> ReservedNumbers, IReadOnlyList<string> ReservedNames)
{
    public bool Reserves(int number) => ReservedNumbers.Any(r => number >= r.Start && number < r.End);
}

/// <summary>
/// Enforces schemas/README.md: the lock file is append-only history of every field ever published. A field may
/// be added (and appended to the lock) or removed (with its number and name reserved); never renumbered, retyped,
/// or its number given to another field.
/// </summary>
public static class SchemaLock
{
    public static IReadOnlyList<MessageShape> Shapes(IEnumerable<FileDescriptor> files)
    {
        var shapes = new List<MessageShape>();
        foreach (var file in files)
        {
            var proto = FileDescriptorProto.Parser.ParseFrom(file.SerializedData);
            foreach (var message in proto.MessageType)
            {
                Collect(shapes, proto.Package, message);
            }
        }

        return shapes;
    }

    public static IReadOnlyList<string> Violations(IReadOnlyList<LockedField> locked, IReadOnlyList<MessageShape> current)
    {
        var errors = new List<string>();
        var byMessage = current.ToDictionary(s => s.Message);
        foreach (var old in locked)
        {
            if (!byMessage.TryGetValue(old.Message, out var shape))
            {
                errors.Add($"{old.Message} was removed; published messages stay (deprecate them instead).");
                continue;
            }

            var now = shape.Fields.FirstOrDefault(f => f.Number == old.Number);
            if (now is null)
            {
                if (!shape.Reserves(old.Number) || !shape.ReservedNames.Contains(old.Name))
                {
                    errors.Add($"{old.Message}.{old.Name} ({old.Number}) was removed without `reserved {old.Number}; reserved \"{old.Name}\";`.");
                }
            }
            else if (now.Name != old.Name)
            {
                errors.Add($"{old.Message}: field number {old.Number} belonged to '{old.Name}' and is now reused by '{now.Name}'; never reuse a number.");
            }
            else if (now.Type != old.Type)
            {
                errors.Add($"{old.Message}.{old.Name} ({old.Number}) changed type from {old.Type} to {now.Type}; add a new field instead.");
            }
        }

        var known = locked.Select(f => (f.Message, f.Number)).ToHashSet();
        var unlocked = current.SelectMany(s => s.Fields).Where(f => !known.Contains((f.Message, f.Number))).ToList();
        if (unlocked.Count > 0)
        {
            errors.Add("New fields are not in schemas/evostream.v1.lock yet; append these lines:" + Environment.NewLine
                + string.Join(Environment.NewLine, unlocked));
        }

        return errors;
    }

    private static void Collect(List<MessageShape> shapes, string scope, DescriptorProto message)
    {
        var name = $"{scope}.{message.Name}";
        if (message.Options?.MapEntry == true)
        {
            return;
        }

        var fields = message.Field.Select(f => new LockedField(name, f.Name, f.Number, TypeOf(f))).ToList();
        shapes.Add(new MessageShape(name, fields, [.. message.ReservedRange.Select(r => (r.Start, r.End))], [.. message.ReservedName]));
        foreach (var nested in message.NestedType)
        {
            Collect(shapes, name, nested);
        }
    }

    private static string TypeOf(FieldDescriptorProto field)
    {
        var type = field.Type is FieldDescriptorProto.Types.Type.Message or FieldDescriptorProto.Types.Type.Enum
            ? field.TypeName.TrimStart('.')
            : field.Type.ToString().ToLowerInvariant();
        return field.Label == FieldDescriptorProto.Types.Label.Repeated ? "repeated:" + type : type;
    }
}
