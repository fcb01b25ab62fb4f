using Cake.Common;
using Cake.Core;
using Cake.Frosting;

namespace Deploy.Build.Tests.Host;

/// <summary>What the sample tasks did, in order. Host tests run one at a time (see HostCollection).</summary>
public static class Recorder
{
    public static List<string> Events { get; } = [];
}

public sealed class SampleContext(ICakeContext context) : FrostingContext(context)
{
    public bool RunC { get; } = context.Argument("run-c", false);
}

public sealed class SampleLifetime : FrostingLifetime<SampleContext>
{
    public override void Setup(SampleContext context, ISetupContext info) => Recorder.Events.Add("setup:" + info.TargetTask.Name);

    public override void Teardown(SampleContext context, ITeardownContext info) => Recorder.Events.Add("teardown:" + (info.Successful ? "ok" : "failed"));
}

public sealed class SampleTaskLifetime : FrostingTaskLifetime<SampleContext>
{
    public override void Setup(SampleContext context, ITaskSetupContext info) => Recorder.Events.Add("before:" + info.Task.Name);

    public override void Teardown(SampleContext context, ITaskTeardownContext info) => Recorder.Events.Add("after:" + info.Task.Name + (info.Skipped ? ":skipped" : string.Empty));
}

[TaskName("A")]
[TaskDescription("First task")]
public sealed class ATask : FrostingTask<SampleContext>
{
    public override void Run(SampleContext context) => Recorder.Events.Add("A");
}

[TaskName("Pre")]
[IsDependeeOf(typeof(BTask))]
public sealed class PreTask : FrostingTask<SampleContext>
{
    public override void Run(SampleContext context) => Recorder.Events.Add("Pre");
}

[TaskName("B")]
[IsDependentOn(typeof(ATask))]
public sealed class BTask : AsyncFrostingTask<SampleContext>
{
    public override async Task RunAsync(SampleContext context)
    {
        await Task.Yield();
        Recorder.Events.Add("B");
    }
}

[TaskName("C")]
[IsDependentOn(typeof(BTask))]
public sealed class CTask : FrostingTask<SampleContext>
{
    public override bool ShouldRun(SampleContext context) => context.RunC;

    public override void Run(SampleContext context) => Recorder.Events.Add("C");
}

[TaskName("D")]
[IsDependentOn(typeof(CTask))]
public sealed class DTask : FrostingTask<SampleContext>
{
    public override void Run(SampleContext context) => Recorder.Events.Add("D");
}

[TaskName("Fails")]
[IsDependentOn(typeof(ATask))]
public sealed class FailsTask : FrostingTask<SampleContext>
{
    public override void Run(SampleContext context) => throw new InvalidOperationException("boom in Fails");

    public override void Finally(SampleContext context) => Recorder.Events.Add("Fails.finally");
}

[TaskName("AfterFails")]
[IsDependentOn(typeof(FailsTask))]
public sealed class AfterFailsTask : FrostingTask<SampleContext>
{
    public override void Run(SampleContext context) => Recorder.Events.Add("AfterFails");
}

[TaskName("Handled")]
public sealed class HandledTask : FrostingTask<SampleContext>
{
    public override void Run(SampleContext context) => throw new InvalidOperationException("handled boom");

    public override void OnError(Exception exception, SampleContext context) => Recorder.Events.Add("OnError:" + exception.Message);
}

[TaskName("Tolerant")]
[ContinueOnError]
public sealed class TolerantTask : FrostingTask<SampleContext>
{
    public override void Run(SampleContext context) => throw new InvalidOperationException("tolerated");
}

[TaskName("AfterTolerant")]
[IsDependentOn(typeof(TolerantTask))]
public sealed class AfterTolerantTask : FrostingTask<SampleContext>
{
    public override void Run(SampleContext context) => Recorder.Events.Add("AfterTolerant");
}
