using MeshBot.Bot.Cli;

return await MeshBotCli.RunAsync(args, Console.Out, Console.Error);
