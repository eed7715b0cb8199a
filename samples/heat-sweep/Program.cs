using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Simulation.Heat;

// One task of a run: the Strata Simulation vertical starts one process per parameter set, with the run in
// STRATA_SIMULATION_RUN, this task's index in JOB_COMPLETION_INDEX and the results volume in
// STRATA_VOLUME_RESULTS. The task writes its progress and results under runs/<run>/tasks/<index>/.
// A cancelled job stops its tasks with SIGTERM (Local and Kubernetes alike): finish the step, say so, exit.
// The exit code is what the runtime counts (an index succeeds only on 0), so it agrees with status.json:
// 0 with results, 1 when the model refused its inputs, 143 (128 + SIGTERM, what a shell reports for a
// process the signal stopped) when cancelled. Anything else is a crash.
const int Refused = 1;
const int Cancelled = 143;

// Registered first, so that a task stopped while it starts still says it was cancelled.
using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
{
    signal.Cancel = true;
    stop.Cancel();
});

var runJson = Environment.GetEnvironmentVariable("STRATA_SIMULATION_RUN");
if (string.IsNullOrEmpty(runJson))
{
    Console.Error.WriteLine("STRATA_SIMULATION_RUN is not set: this program is one task of a Strata simulation run (deploy it with a spec.run).");
    return 2;
}

var index = int.Parse(Environment.GetEnvironmentVariable("JOB_COMPLETION_INDEX") ?? "0", CultureInfo.InvariantCulture);
var resultsRoot = Environment.GetEnvironmentVariable("STRATA_VOLUME_RESULTS") ?? "results";
using var run = JsonDocument.Parse(runJson);
var parameters = run.RootElement.GetProperty("parameterSets")[index];
var task = TaskFolder.Open(resultsRoot, run.RootElement.GetProperty("run").GetString()!, index, runJson, parameters.GetRawText());
if (task.IsCancelled || stop.IsCancellationRequested)
{
    task.Finish("cancelled", "the run was cancelled before this task started");
    return Cancelled;
}

var steps = parameters.GetProperty("steps").GetInt32();
var problem = new HeatProblem
{
    Alpha = parameters.GetProperty("alpha").GetDouble(),
    Points = parameters.GetProperty("points").GetInt32(),
    TimeStep = parameters.GetProperty("endTime").GetDouble() / steps,
    Scheme = parameters.GetProperty("scheme").GetString() == "implicit" ? HeatScheme.Implicit : HeatScheme.Explicit,
};
var hotspot = parameters.GetProperty("hotspot").GetDouble();

HeatSolver solver;
try
{
    // A hot sphere of radius 0.2 in the middle of the cube, the faces at 0.
    solver = new HeatSolver(problem, (x, y, z) =>
        Math.Pow(x - 0.5, 2) + Math.Pow(y - 0.5, 2) + Math.Pow(z - 0.5, 2) <= 0.04 ? hotspot : 0.0);
}
catch (ArgumentException ex)
{
    // Wrong inputs fail the same way every time: the task says why. It still exits non-zero, or the job
    // would count the index as succeeded; a retry (the job's back-off limit) refuses again at once.
    task.Finish("failed", ex.Message);
    return Refused;
}

var series = new List<string> { "step,time,min,max,mean,center" };
var sampleEvery = Math.Max(1, steps / 100);
series.Add(Sample(solver));
for (var step = 1; step <= steps; step++)
{
    solver.Step();
    if (step % sampleEvery == 0 || step == steps)
    {
        series.Add(Sample(solver));
    }

    if (stop.IsCancellationRequested || !task.ReportProgress(step * 100 / steps))
    {
        task.Finish("cancelled", $"cancelled at step {step} of {steps}{(stop.IsCancellationRequested ? " (stopped by the runtime)" : "")}");
        return Cancelled;
    }
}

task.WriteResults(solver, series);
task.Finish("succeeded", "");
return 0;

static string Sample(HeatSolver solver)
{
    var field = solver.Field;
    var n = solver.Problem.Points;
    return string.Join(',',
        solver.StepsTaken.ToString(CultureInfo.InvariantCulture),
        solver.Time.ToString("R", CultureInfo.InvariantCulture),
        field.Min().ToString("R", CultureInfo.InvariantCulture),
        field.Max().ToString("R", CultureInfo.InvariantCulture),
        field.Average().ToString("R", CultureInfo.InvariantCulture),
        field[solver.Index(n / 2, n / 2, n / 2)].ToString("R", CultureInfo.InvariantCulture));
}
