using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;

[ApiController]
[Route("api/webhooks")]
public class WebhooksController : ControllerBase
{
    private readonly HttpClient _httpClient = new HttpClient();

    [HttpPost("test")]
    public async Task<IActionResult> Test(string callbackUrl)
    {
        // ruleid: ssrf
        var body = await _httpClient.GetStringAsync(callbackUrl);
        return Ok(body.Length);
    }

    [HttpGet("status")]
    public async Task<IActionResult> Status()
    {
        // ok: ssrf
        var body = await _httpClient.GetStringAsync("https://status.example.com/api");
        return Ok(body.Length);
    }
}
