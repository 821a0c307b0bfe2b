var builder = WebApplication.CreateBuilder(args);
builder.Services.AddDbContext<ShopDb>(o => o.UseSqlServer(builder.Configuration.GetConnectionString("Default")));
builder.Services.AddAuthentication().AddJwtBearer();
var app = builder.Build();
app.MapControllers().RequireAuthorization();

app.MapGet("/health", () => "ok");
// ruleid: path-traversal
app.MapGet("/files", (string name) => Results.File(Path.Combine("/srv/files", name)));
app.MapGrpcService<InventoryService>();
app.Run();
