using System.Text.Json.Nodes;

namespace Strata.Testing.Kubernetes;

/// <summary>The stand-in's deployment and job "controllers": status, pods and Events as the knobs say.</summary>
public sealed partial class ApiStandIn
{
    // The controllers: each apply of a Deployment or Job sets its status now and, after the knob's
    // delay, again; a later apply (new generation) makes the delayed change moot.
    private void Simulate(Target target, JsonObject stored)
    {
        var generation = stored["metadata"]!["generation"]!.GetValue<long>();
        if (target.Plural == "deployments")
        {
            var behaviour = deployments.TryGetValue(target.Name!, out var b) ? b : DefaultDeployment;
            var replicas = stored["spec"]?["replicas"]?.GetValue<int>() ?? 1;
            Change(target, generation, item => item["status"] = DeploymentStatus(generation, replicas, available: false, deadline: false));
            if (behaviour.NeverAvailable)
            {
                var matchLabels = stored["spec"]?["selector"]?["matchLabels"]?.AsObject();
                CreatePodWithEvent(target, $"{target.Name}-5d8f7c9b4-x2x9z", matchLabels, behaviour.EventReason, behaviour.EventMessage);
            }

            if (!behaviour.NeverAvailable || behaviour.DeadlineExceeded)
            {
                Later(behaviour.After, () => Change(target, generation, item =>
                    item["status"] = DeploymentStatus(generation, replicas, available: !behaviour.NeverAvailable, deadline: behaviour.DeadlineExceeded)));
            }
        }
        else if (target.Plural == "jobs")
        {
            var behaviour = jobs.TryGetValue(target.Name!, out var b) ? b : DefaultJob;
            Change(target, generation, item => item["status"] = new JsonObject { ["active"] = 1, ["startTime"] = Now() });
            Later(behaviour.After, () =>
            {
                if (behaviour.Fails)
                {
                    CreatePodWithEvent(target, $"{target.Name}-0-k7q2d",
                        new JsonObject { ["job-name"] = target.Name, ["batch.kubernetes.io/job-name"] = target.Name }, behaviour.EventReason, behaviour.EventMessage);
                }

                Change(target, generation, item => item["status"] = behaviour.Fails
                    ? new JsonObject
                    {
                        ["failed"] = 3, ["startTime"] = Now(),
                        ["conditions"] = new JsonArray(
                            Condition("FailureTarget", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
                            Condition("Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit")),
                    }
                    : new JsonObject
                    {
                        ["succeeded"] = stored["spec"]?["completions"]?.GetValue<int>() ?? 1, ["startTime"] = Now(), ["completionTime"] = Now(),
                        ["conditions"] = new JsonArray(
                            Condition("SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods"),
                            Condition("Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods")),
                    });
            });
        }
    }

    private static JsonObject DeploymentStatus(long generation, int replicas, bool available, bool deadline) => new()
    {
        ["observedGeneration"] = generation,
        ["replicas"] = replicas,
        ["updatedReplicas"] = replicas,
        ["readyReplicas"] = available ? replicas : 0,
        ["availableReplicas"] = available ? replicas : 0,
        ["unavailableReplicas"] = available ? 0 : replicas,
        ["conditions"] = new JsonArray(
            available
                ? Condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
                : Condition("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."),
            deadline
                ? Condition("Progressing", "False", "ProgressDeadlineExceeded", "ReplicaSet has timed out progressing.")
                : available
                    ? Condition("Progressing", "True", "NewReplicaSetAvailable", "ReplicaSet has successfully progressed.")
                    : Condition("Progressing", "True", "ReplicaSetUpdated", "ReplicaSet is progressing.")),
    };

    private static JsonObject Condition(string type, string status, string reason, string message) => new()
    {
        ["type"] = type, ["status"] = status, ["reason"] = reason, ["message"] = message, ["lastTransitionTime"] = Now(),
    };

    private void CreatePodWithEvent(Target owner, string pod, JsonObject? labels, string reason, string message)
    {
        var podLabels = labels?.DeepClone().AsObject() ?? new JsonObject();
        store.Put(new StoredKey("", "pods", owner.Namespace, pod), new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = pod, ["namespace"] = owner.Namespace, ["labels"] = podLabels, ["creationTimestamp"] = Now() },
            ["status"] = new JsonObject { ["phase"] = "Pending" },
        });
        var name = $"{pod}.{Guid.NewGuid():N}"[..(pod.Length + 9)];
        store.Put(new StoredKey("", "events", owner.Namespace, name), new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = owner.Namespace, ["creationTimestamp"] = Now() },
            ["involvedObject"] = new JsonObject { ["kind"] = "Pod", ["name"] = pod, ["namespace"] = owner.Namespace },
            ["reason"] = reason, ["message"] = message, ["type"] = "Warning", ["count"] = 3,
            ["firstTimestamp"] = Now(), ["lastTimestamp"] = Now(),
        });
    }

    private void Change(Target target, long generation, Action<JsonObject> change) =>
        store.Update(target.Key, item =>
        {
            if (item["metadata"]?["generation"]?.GetValue<long>() != generation)
            {
                return false;
            }

            change(item);
            return true;
        });

    private void Later(TimeSpan delay, Action action) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(delay, stopping.Token);
                action();
            }
            catch (OperationCanceledException)
            {
                // The stand-in stopped.
            }
        });
}
