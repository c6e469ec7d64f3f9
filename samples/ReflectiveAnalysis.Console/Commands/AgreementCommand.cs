using System.CommandLine;
using System.Text.Json;
using ReflectiveAnalysis.Training;

namespace ReflectiveAnalysis.Console.Commands;

/// <summary><c>reflect agreement --first DIR --second DIR</c>: how far two labellings of the same corpus documents agree.</summary>
internal static class AgreementCommand
{
    public static Command Create(CliContext context)
    {
        var first = new Option<string>("--first")
        {
            Description = "The first annotator's documents: a corpus documents folder (data/corpus/documents).",
            Required = true,
        };
        var second = new Option<string>("--second")
        {
            Description = "The second annotator's labelling of some of the same documents, in the same format (data/corpus/agreement/second-pass).",
            Required = true,
        };
        var command = new Command("agreement", "Inter-annotator agreement: kappa for sentence categories, modes and criteria; QWK for depth.")
        {
            first, second,
        };
        command.SetAction(parse =>
        {
            string firstPath = parse.GetValue(first)!, secondPath = parse.GetValue(second)!;
            foreach (string path in new[] { firstPath, secondPath })
            {
                if (!Directory.Exists(path))
                {
                    context.Error($"not a folder: {path}");
                    return ExitCodes.Input;
                }
            }
            try
            {
                AnnotatorAgreement agreement = AnnotatorAgreement.Compare(CorpusReader.ReadFolder(firstPath), CorpusReader.ReadFolder(secondPath));
                context.Stdout.Write(agreement.Format());
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or JsonException or ArgumentException or KeyNotFoundException or InvalidOperationException)
            {
                context.Error($"cannot compare {firstPath} with {secondPath}: {e.Message}");
                return ExitCodes.Input;
            }
        });
        return command;
    }
}
