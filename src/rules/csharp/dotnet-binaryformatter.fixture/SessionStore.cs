using System.IO;
using System.Runtime.Serialization.Formatters.Binary;
using System.Text.Json;

public class SessionStore
{
    public object Load(Stream stream)
    {
        // ruleid: dotnet-binaryformatter
        var formatter = new BinaryFormatter();
        return formatter.Deserialize(stream);
    }

    public Session LoadJson(string json)
    {
        // ok: dotnet-binaryformatter
        return JsonSerializer.Deserialize<Session>(json);
    }
}
