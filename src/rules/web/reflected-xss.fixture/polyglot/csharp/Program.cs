using System.Net;

var app = WebApplication.CreateBuilder(args).Build();

app.MapGet("/hello", async (HttpContext context) =>
{
    var name = context.Request.Query["name"];
    // ruleid: reflected-xss
    await context.Response.WriteAsync("<h1>Hello " + name + "</h1>");
});

app.MapGet("/hello-safe", async (HttpContext context) =>
{
    var name = context.Request.Query["name"];
    // ok: reflected-xss
    await context.Response.WriteAsync("<h1>Hello " + WebUtility.HtmlEncode(name) + "</h1>");
});

app.Run();
