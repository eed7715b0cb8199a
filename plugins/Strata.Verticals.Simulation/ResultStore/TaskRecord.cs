namespace Strata.Verticals.Simulation.ResultStore;

/// <summary>One task of a run as its folder shows it.</summary>
/// <param name="Index">The completion index.</param>
/// <param name="State">pending, running, succeeded, failed or cancelled.</param>
/// <param name="Percent">The last percent it reported (100 once it succeeded).</param>
/// <param name="Message">Why it failed or was cancelled.</param>
/// <param name="HasResults">Whether its summary is written.</param>
internal sealed record TaskRecord(int Index, string State, int Percent, string Message, bool HasResults);
