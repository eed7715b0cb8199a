using k8s;
using Strata.Runtime.Kubernetes.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Strata.Runtime.Kubernetes.Tests.Render;

/// <summary>
/// The YAML writer against the reference serializer it replaces (KubernetesClient's, kept as
/// <see cref="KubernetesYamlReference"/>): the same bytes for every object of <see cref="YamlCorpus"/>,
/// and YAML that reads back to the object.
/// </summary>
public sealed class YamlWriterDifferentialTests
{
    // Built once for the class: building it maps every snapshot input and parses every snapshot file, and
    // each of the theories' several hundred cases looks up one object in it. Nothing here changes an object
    // (rendering and serializing only read it), so the cases can share them.
    private static readonly Lazy<IReadOnlyList<(string Name, IKubernetesObject Item)>> Corpus = new(() => [.. YamlCorpus.All()]);

    public static TheoryData<string> Names() => [.. YamlCorpus.All().Select(o => o.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Writes_what_the_reference_writes(string name)
    {
        var item = Corpus.Value.First(o => o.Name == name).Item;

        var written = KubernetesRender.ToYaml(item);

        Assert.Equal(KubernetesYamlReference.ToYaml(item), written);
    }

    [Fact]
    public void A_list_of_objects_is_the_documents_joined_as_before()
    {
        var objects = YamlCorpus.All().Select(o => o.Item).ToList();

        Assert.Equal(string.Join("---\n", objects.Select(KubernetesYamlReference.ToYaml)), KubernetesRender.ToYaml(objects));
    }

    [Fact]
    public void The_corpus_covers_every_snapshot_and_every_tricky_string()
    {
        var names = YamlCorpus.All().Select(o => o.Name).ToList();
        var snapshots = Directory.GetFiles(YamlCorpus.SnapshotFolder(), "*.verified.yaml");

        Assert.NotEmpty(snapshots);
        Assert.All(snapshots, file => Assert.Contains(names, n => n.StartsWith(Path.GetFileName(file) + " #", StringComparison.Ordinal)));
        Assert.Equal(YamlCorpus.TrickyStrings.Length, names.Count(n => n.StartsWith("deployment, one tricky string #", StringComparison.Ordinal)));
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Reads_back_as_the_object(string name)
    {
        var item = Corpus.Value.First(o => o.Name == name).Item;
        var strings = Strings(System.Text.Json.Nodes.JsonNode.Parse(KubernetesJson.Serialize(item))).ToList();
        if (strings.Any(s => ReferenceQuirks.Any(quirk => quirk(s))))
        {
            // Not a round trip with the reference either (it fails to read, or reads back something else);
            // the writer keeps the reference's bytes (the test above).
            string? readBack;
            try
            {
                readBack = ReadBack(item);
            }
            catch (YamlDotNet.Core.YamlException)
            {
                readBack = null;
            }

            Assert.NotEqual(Model(item), readBack);
            return;
        }

        Assert.Equal(Model(item), ReadBack(item));
    }

    // A model object as its JSON (what apply sends); any other object as its tree, map keys sorted.
    private static string Model(IKubernetesObject item) => item is UnstructuredObject or GenericKubernetesObject
        ? Tree(Load(KubernetesJson.Serialize(item)))
        : KubernetesJson.Serialize(item);

    private static string ReadBack(IKubernetesObject item)
    {
        var yaml = KubernetesRender.ToYaml(item);
        return item is UnstructuredObject or GenericKubernetesObject
            ? Tree(Load(yaml))
            : KubernetesJson.Serialize(KubernetesYaml.LoadAllFromString(yaml, new Dictionary<string, Type> { [item.ApiVersion + "/" + item.Kind] = item.GetType() }).Single());
    }

    /// <summary>
    /// Values the reference render itself does not read back as written (the writer keeps its bytes all the
    /// same): a tab alone and "&lt;&lt;" are written plain, and the client's reader rejects both (a tab in a
    /// plain scalar; a merge key); CR LF, NEL and LS inside a string become '\n' (the render normalizes
    /// line ends of the whole text); an empty int-or-string reads back as no value.
    /// </summary>
    private static readonly Func<string, bool>[] ReferenceQuirks =
    [
        s => s is "\t" or "<<",
        s => s.Contains("\r\n", StringComparison.Ordinal) || s.Contains('\u0085', StringComparison.Ordinal) || s.Contains('\u2028', StringComparison.Ordinal),
        s => s == "targetPort=",
    ];

    // Every key and string value; an int-or-string's as "targetPort=value".
    private static IEnumerable<string> Strings(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonObject map => map.SelectMany(p => new[] { p.Key }
            .Concat(p.Key == "targetPort" && p.Value is System.Text.Json.Nodes.JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? ["targetPort=" + v.GetValue<string>()] : [])
            .Concat(Strings(p.Value))),
        System.Text.Json.Nodes.JsonArray list => list.SelectMany(Strings),
        System.Text.Json.Nodes.JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => [value.GetValue<string>()],
        _ => [],
    };

    private static YamlNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Assert.Single(stream.Documents).RootNode;
    }

    private static string Tree(YamlNode node) => node switch
    {
        YamlMappingNode map => "{" + string.Join(",", map.Children.Where(p => Tree(p.Value) != "null").Select(p => Tree(p.Key) + ":" + Tree(p.Value)).Order(StringComparer.Ordinal)) + "}",
        YamlSequenceNode list => "[" + string.Join(",", list.Children.Select(Tree)) + "]",
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "" or "null" or "~" } => "null",
        YamlScalarNode scalar => System.Text.Json.JsonSerializer.Serialize(scalar.Value),
        _ => throw new InvalidOperationException(node.NodeType.ToString()),
    };
}
