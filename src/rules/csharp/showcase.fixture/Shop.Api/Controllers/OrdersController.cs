using System.Diagnostics;
using System.Runtime.Serialization.Formatters.Binary;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Newtonsoft.Json;

[ApiController]
[Route("api/orders")]
public class OrdersController : ControllerBase
{
    private readonly ShopDb _db;

    [HttpGet]
    public IActionResult Search(string customer)
    {
        // ruleid: sql-injection
        var orders = _db.Orders.FromSqlRaw($"SELECT * FROM Orders WHERE Customer = '{customer}'").ToList();
        return Ok(orders);
    }

    [HttpPost("{id}/invoice")]
    public IActionResult Invoice(int id, string template)
    {
        // ruleid: command-injection
        Process.Start("wkhtmltopdf", template + " /tmp/invoice.pdf");
        return Ok();
    }

    [HttpPost("import")]
    public IActionResult Import()
    {
        // ruleid: dotnet-binaryformatter
        var order = new BinaryFormatter().Deserialize(Request.Body);
        return Ok(order);
    }

    [HttpGet("back")]
    [AllowAnonymous]
    public IActionResult Back(string returnUrl)
    {
        // ruleid: open-redirect
        return Redirect(returnUrl);
    }

    private static readonly JsonSerializerSettings Settings = new JsonSerializerSettings
    {
        // ruleid: dotnet-typenamehandling
        TypeNameHandling = TypeNameHandling.All,
    };
}
