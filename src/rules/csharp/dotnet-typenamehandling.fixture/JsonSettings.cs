using Newtonsoft.Json;

public static class JsonSettings
{
    public static readonly JsonSerializerSettings Polymorphic = new JsonSerializerSettings
    {
        // ruleid: dotnet-typenamehandling
        TypeNameHandling = TypeNameHandling.Auto,
    };

    public static readonly JsonSerializerSettings Plain = new JsonSerializerSettings
    {
        // ok: dotnet-typenamehandling
        TypeNameHandling = TypeNameHandling.None,
    };
}
