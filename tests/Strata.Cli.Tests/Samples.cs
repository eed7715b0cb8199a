using System.Text.Json.Nodes;

namespace Strata.Cli.Tests;

/// <summary>Answers as the host gives them (camelCase, enums as strings), for the views and the stand-in.</summary>
internal static class Samples
{
    public static JsonArray Apps() => JsonNode.Parse("""
        [
          {"name":"shop","vertical":"web","currentRevision":1,"createdAt":"2026-11-24T10:00:00+00:00","url":"http://127.0.0.1:5480/apps/web/shop/","runtime":"kubernetes"},
          {"name":"hello","vertical":"functions","currentRevision":null,"createdAt":"2026-11-24T10:01:00+00:00","url":"http://127.0.0.1:5480/apps/functions/hello/","runtime":"local"}
        ]
        """)!.AsArray();

    public static JsonArray Verticals() => JsonNode.Parse("""
        [
          {"name":"functions","displayName":"Functions","version":"1.2.0","contractVersion":"1.0","state":"Loaded","reason":null,"directory":"/p/f","templates":["http","timer"],"buildSteps":["package"],"apiPath":"/v/functions"},
          {"name":"broken","displayName":null,"version":null,"contractVersion":null,"state":"Failed","reason":"Configure threw [boom]","directory":"/p/b","templates":[],"buildSteps":[],"apiPath":"/v/broken"}
        ]
        """)!.AsArray();

    public static JsonObject Status() => JsonNode.Parse("""
        {
          "app":"hello","vertical":"functions","currentRevision":2,"servingRevision":2,"url":"http://127.0.0.1:5480/apps/functions/hello/",
          "services":[{"name":"fn","desiredReplicas":2,"readyReplicas":2,"uri":"http://127.0.0.1:40001/","replicas":[
            {"id":"fn-2-a","revision":2,"state":"Ready","endpoint":"http://127.0.0.1:40002/","processId":11,"restarts":0,"message":null,"startedAt":"2026-11-24T10:00:00+00:00"},
            {"id":"fn-2-b","revision":2,"state":"Starting","endpoint":null,"processId":12,"restarts":3,"message":null,"startedAt":"2026-11-24T10:00:00+00:00"}],"notes":[]}],
          "deployments":[
            {"id":7,"revision":2,"state":"Succeeded","message":"replicas Ready","startedAt":"2026-11-24T10:00:00+00:00","finishedAt":"2026-11-24T10:00:05+00:00"},
            {"id":6,"revision":1,"state":"Failed","message":"readiness probe timed out","startedAt":"2026-11-24T09:00:00+00:00","finishedAt":null}],
          "runtime":"local",
          "schedules":[{"name":"tick","schedule":"*/5 * * * * *","nextFireAt":"2026-11-24T10:00:10+00:00","lastFiredAt":null,"lastOutcome":null,"firings":0,"failures":0,"missed":1}]
        }
        """)!.AsObject();

    public static JsonArray Revisions() => JsonNode.Parse("""
        [
          {"number":2,"sourceHash":"ab12","createdAt":"2026-11-24T10:00:00+00:00","serving":true},
          {"number":1,"sourceHash":"cd34","createdAt":"2026-11-24T09:00:00+00:00","serving":false}
        ]
        """)!.AsArray();

    public static JsonArray Jobs() => JsonNode.Parse("""
        [{"name":"render","completions":4,"succeeded":3,"failed":1,"active":1,"state":"Running","message":null,"tasks":[]}]
        """)!.AsArray();

    public static JsonArray Plugins() => JsonNode.Parse("""
        [{"id":"Acme.Verticals.Web","version":"2.0.0","vertical":"web","state":"Loaded","source":null,"reason":null}]
        """)!.AsArray();

    public static JsonObject Deploy() => JsonNode.Parse("""
        {"app":"hello","vertical":"functions","revision":3,"unchanged":false,"url":"http://127.0.0.1:5480/apps/functions/hello/",
         "steps":[{"name":"restore","status":"Cached","seconds":0},{"name":"package","status":"Ran","seconds":4.25},{"name":"publish-image","status":"Ran","seconds":1.5}],
         "image":"127.0.0.1:5000/hello@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","runtime":"local"}
        """)!.AsObject();

    public static JsonObject Rollback() => JsonNode.Parse("""
        {"app":"hello","vertical":"functions","revision":1,"unchanged":false,"url":"http://127.0.0.1:5480/apps/functions/hello/","steps":[],"image":null,"runtime":"local"}
        """)!.AsObject();

    /// <summary>A ProblemDetails with field errors, as the host refuses a deploy.</summary>
    public static JsonObject ValidationProblem() => JsonNode.Parse("""
        {"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Invalid manifest","status":400,
         "errors":{"spec.handler":["is required"],"caas.replicas":["must be 0 or more","must be at most 50"]}}
        """)!.AsObject();
}
