namespace MeshBot.Bot.Cli;

/// <summary>Anything that prevents the command from doing its job; printed as one line, exit code 2.</summary>
internal sealed class CliException(string message) : Exception(message);
