namespace MeshBot.Bot.Incidents.Store;

/// <summary>The store's file is not a store MeshBot may open: one line that names the file and what to do.</summary>
internal sealed class StoreFileException(string message) : Exception(message);
