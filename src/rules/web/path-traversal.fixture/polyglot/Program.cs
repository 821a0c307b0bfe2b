var app = WebApplication.Create(args);
// ruleid: path-traversal
app.MapGet("/download", (string file) => Results.File(Path.Combine("/srv/files", file)));
// ok: path-traversal
app.MapGet("/safe", (string file) => Results.File(Path.Combine("/srv/files", Path.GetFileName(file))));
app.Run();
