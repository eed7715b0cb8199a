using System.Text.Json;
using Strata.Verticals.MobileBackend.Schema;

namespace Strata.Verticals.MobileBackend.Tests;

public sealed class SdkGeneratorTests
{
    private static readonly AppSchema Todo = SchemaReader.ReadValid(JsonDocument.Parse(Server.Specs.Todo).RootElement);

    [Fact]
    public void TypeScript_has_a_typed_document_input_and_collection_per_collection()
    {
        var ts = SdkGenerator.Generate("typescript", "todo-app", Todo);
        Assert.Contains("export interface TodosDocument {", ts);
        Assert.Contains("  title: string;", ts);
        Assert.Contains("  tags?: string[] | null;", ts);
        Assert.Contains("  priority?: number | null;", ts);
        Assert.Contains("export interface TodosInput {", ts);
        Assert.Contains("  done?: boolean | null;", ts);
        Assert.Contains("export class TodoAppClient {", ts);
        Assert.Contains("readonly todos = new Collection<TodosDocument, TodosInput>(this, \"todos\");", ts);
    }

    [Fact]
    public void CSharp_has_records_and_a_client_with_a_property_per_collection()
    {
        var cs = SdkGenerator.Generate("csharp", "todo-app", Todo);
        Assert.Contains("namespace TodoApp.Client;", cs);
        Assert.Contains("public sealed record TodosDocument", cs);
        Assert.Contains("[JsonPropertyName(\"due\")] public DateTimeOffset? Due { get; init; }", cs);
        Assert.Contains("[JsonPropertyName(\"tags\")] public IReadOnlyList<string>? Tags { get; init; }", cs);
        Assert.Contains("public Collection<TodosDocument, TodosInput> Todos => new(this, \"todos\");", cs);
    }

    [Fact]
    public void Generation_is_deterministic() =>
        Assert.Equal(SdkGenerator.Generate("csharp", "a", Todo), SdkGenerator.Generate("csharp", "a", Todo));

    [Fact]
    public void The_plugin_carries_the_server_it_packages_with_native_sqlite()
    {
        Assert.Contains(MobilePackageStep.ServerAssembly, MobilePackageStep.ServerFiles);
        Assert.Contains("Microsoft.Data.Sqlite.dll", MobilePackageStep.ServerFiles);
        Assert.Contains("runtimes/linux-x64/native/libe_sqlite3.so", MobilePackageStep.ServerFiles);
        Assert.Contains("Strata.Verticals.MobileBackend.Server.runtimeconfig.json", MobilePackageStep.ServerFiles);
    }
}
