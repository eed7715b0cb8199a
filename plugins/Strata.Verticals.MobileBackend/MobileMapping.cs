using System.Security.Cryptography;
using System.Text;
using Strata.Policy;
using Strata.Verticals.MobileBackend.Schema;
using Strata.Workloads;

namespace Strata.Verticals.MobileBackend;

/// <summary>
/// Maps a mobile app onto one service workload (the backend server, one replica: it owns the
/// database), a persistent volume <c>data</c> for its SQLite file and uploads, a route, and secret sets
/// for what must not be in plain environment: the token signing key and the PostgreSQL connection
/// string. Pure: the same revision and vertical configuration give the same set.
/// </summary>
internal sealed class MobileMapping(string? signingKeySetting)
{
    /// <summary>The vertical setting (<c>Strata:Verticals:mobile:SigningKey</c>) from which each app's signing key is derived.</summary>
    public const string SigningKeySetting = "SigningKey";

    /// <summary>The service that runs the backend server.</summary>
    public const string ServiceName = "api";

    /// <summary>The app's volume.</summary>
    public const string VolumeName = "data";

    /// <summary>Where the volume is mounted in a container or pod.</summary>
    public const string VolumePath = "/data";

    /// <summary>The health path the server answers.</summary>
    public const string HealthPath = "/_strata/healthz";

    /// <summary>The secret set holding the app's signing key.</summary>
    public const string AuthSecret = "auth";

    /// <summary>The secret set holding the PostgreSQL connection string.</summary>
    public const string DatabaseSecret = "database";

    /// <summary>What a backend server asks for, unless the app's <c>caas.resources</c> says otherwise.</summary>
    public static ResourceRequirements ServerResources { get; } = new() { Cpu = "100m", Memory = "128Mi", MemoryLimit = "512Mi" };

    /// <summary>The mobile namespace on a cluster: reached through the ingress only, with a ceiling.</summary>
    public static ClusterPolicy Policy { get; } = new()
    {
        Quota = new NamespaceQuota { RequestsCpu = "8", RequestsMemory = "16Gi", LimitsMemory = "32Gi", Pods = 200 },
        ContainerDefaults = ServerResources,
        IsolateNetwork = true,
    };

    /// <summary>The app's workload set.</summary>
    public WorkloadSet Map(AppRevision revision)
    {
        var schema = MobileSpec.Parse(revision.Manifest.Spec);
        var secrets = new List<SecretSet>();
        if (AppSigningKey(revision.App) is { } key)
        {
            secrets.Add(new SecretSet { Name = AuthSecret, Data = new Dictionary<string, string> { ["STRATA_MOBILE_SIGNING_KEY"] = key } });
        }

        if (schema.Database is { Provider: DatabaseSettings.Postgres, ConnectionString: { } connection })
        {
            secrets.Add(new SecretSet { Name = DatabaseSecret, Data = new Dictionary<string, string> { ["STRATA_MOBILE_DATABASE"] = connection } });
        }

        var service = new ServiceWorkload
        {
            Name = ServiceName,
            Artifact = revision.DefaultArtifact,
            // One writer of the database; a change feed's order comes from it. caas.replicas can change this only with PostgreSQL in mind.
            Replicas = 1,
            Readiness = new HttpProbe(HealthPath) { PeriodSeconds = 2 },
            Liveness = new HttpProbe(HealthPath) { PeriodSeconds = 10, InitialDelaySeconds = 10 },
            Resources = ServerResources,
            Env = new Dictionary<string, string> { ["STRATA_MOBILE_SCHEMA"] = MobilePackageStep.SchemaFile },
            EnvFrom = [.. secrets.Select(s => s.Name)],
            Volumes = [new VolumeMount { Volume = VolumeName, Path = VolumePath }],
        };
        return new WorkloadSet
        {
            Services = [service],
            Routes = [new Route { Name = "http", Service = ServiceName, PathPrefix = "/" }],
            Secrets = secrets,
            Volumes = [new PersistentVolume { Name = VolumeName, Size = "1Gi" }],
        };
    }

    /// <summary>
    /// The app's signing key: HMAC-SHA256 of the app name under the operator's key, so every revision
    /// (and every replica) of an app signs alike and no app can mint another's tokens. Without an
    /// operator key the server makes one in the app's volume.
    /// </summary>
    private string? AppSigningKey(string app)
    {
        if (string.IsNullOrEmpty(signingKeySetting))
        {
            return null;
        }

        var master = Encoding.UTF8.GetBytes(signingKeySetting);
        return Convert.ToBase64String(HMACSHA256.HashData(master, Encoding.UTF8.GetBytes("strata-mobile-signing/" + app)));
    }
}
