using System.IO;
using System.Text;
using Microsoft.AspNetCore.Mvc;

[ApiController]
[Route("reports")]
public class ReportsController : ControllerBase
{
    [HttpGet("read")]
    public IActionResult Read([FromQuery] string name)
    {
        // ruleid: path-traversal
        using var reader = new StreamReader(Path.Combine("/srv/reports", name));
        return Ok(reader.ReadToEnd());
    }

    [HttpPost("ingest")]
    public async Task<IActionResult> Ingest()
    {
        // ok: path-traversal
        using var reader = new StreamReader(HttpContext.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        return Ok(text.Length);
    }
}
