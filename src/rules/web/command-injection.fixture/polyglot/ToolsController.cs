using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;

[ApiController]
[Route("tools")]
public class ToolsController : ControllerBase
{
    [HttpPost("convert")]
    public IActionResult Convert(string file)
    {
        // ruleid: command-injection
        Process.Start("convert", file + " out.png");
        return Ok();
    }
}
