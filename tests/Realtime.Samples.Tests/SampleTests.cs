using System.Text.RegularExpressions;
using Realtime.Api.Audio;

namespace Realtime.Samples.Tests;

/// <summary>The samples work offline with no arguments (their default mode, against the local server), and fail clearly when asked to go live without a key.</summary>
public sealed class SampleTests
{
    [Fact]
    public async Task Voice_agent_runs_offline_and_writes_the_reply_wav_with_transcripts()
    {
        var run = await SampleRunner.RunAsync("VoiceAgent");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Output}\n{run.Error}");
        Assert.Contains("You:", run.Output);
        Assert.Matches(@"Tool call: get_weather\(", run.Output);
        Assert.Contains("Assistant:", run.Output);
        var reply = Regex.Match(run.Output, @"Reply audio: (?<path>\S+\.wav)");
        Assert.True(reply.Success, run.Output);
        var path = reply.Groups["path"].Value;
        Assert.StartsWith(run.TempDirectory, path);
        var wav = WavFile.Read(path);
        Assert.Equal(AudioFormat.Pcm16Realtime, wav.Format);
        Assert.True(wav.Duration > TimeSpan.FromSeconds(0.5), $"reply is {wav.Duration}");
    }

    [Fact]
    public async Task Transcription_sample_runs_offline_and_prints_the_transcript()
    {
        var run = await SampleRunner.RunAsync("Transcription");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Output}\n{run.Error}");
        Assert.Matches(@"Transcript: \S", run.Output);
    }

    [Fact]
    public async Task Client_secret_sample_creates_a_secret_and_connects_with_it_offline()
    {
        var run = await SampleRunner.RunAsync("ClientSecret");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Output}\n{run.Error}");
        Assert.Contains("Client secret:", run.Output);
        Assert.Contains("Connected with the client secret", run.Output);
    }

    [Theory]
    [InlineData]
    [InlineData("--pcmu")]
    public async Task Phone_bridge_runs_one_simulated_call_offline_with_a_barge_in(params string[] args)
    {
        var run = await SampleRunner.RunAsync("PhoneBridge", args);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Output}\n{run.Error}");
        Assert.Contains("Call started", run.Output);
        Assert.Matches(@"Barge-in: truncated item_\S+ at \d+ ms", run.Output);
        Assert.Matches(@"Caller sent 300 frames \(6\.00 s\); the bridge sent (299|300) append events", run.Output);
        Assert.Contains("1 barge-in clears", run.Output);
        Assert.Contains("Call ended: stop, close status NormalClosure", run.Output);
        var heard = Regex.Match(run.Output, @"barge-in clears\): (?<path>\S+\.wav)");
        Assert.True(heard.Success, run.Output);
        var wav = WavFile.Read(heard.Groups["path"].Value);
        Assert.Equal(AudioFormat.G711MuLaw, wav.Format);
        Assert.True(wav.Duration > TimeSpan.FromSeconds(1), $"the caller heard {wav.Duration}");
    }

    [Theory]
    [InlineData("PhoneBridge")]
    [InlineData("VoiceAgent")]
    [InlineData("Transcription")]
    [InlineData("ClientSecret")]
    public async Task Live_mode_without_a_key_exits_2_naming_the_variable(string sample)
    {
        var run = await SampleRunner.RunAsync(sample, "--live");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("OPENAI_API_KEY", run.Error);
    }
}
