using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.CodeAnalysis.CSharp.Scripting;

[ApiController]
[Route("api/scripts")]
public class ScriptsController : ControllerBase
{
    [HttpPost("run")]
    public async Task<IActionResult> Run(string code)
    {
        // ruleid: code-injection
        var result = await CSharpScript.EvaluateAsync(code);
        return Ok(result);
    }

    [HttpPost("answer")]
    public async Task<IActionResult> Answer()
    {
        // ok: code-injection
        var result = await CSharpScript.EvaluateAsync("6 * 7");
        return Ok(result);
    }
}
