using BenchmarkDotNet.Running;

// eng/bench/micro.sh runs every benchmark with a short job; pass BenchmarkDotNet arguments to choose
// (e.g. --filter '*Naming*').
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
