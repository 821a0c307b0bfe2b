using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

[ApiController]
[Route("api/transfers")]
[Authorize]
public class TransfersController : ControllerBase
{
    // ok: unauthenticated-state-changing-route
    [HttpPost]
    public IActionResult Create(TransferRequest request) => Ok();

    // ruleid: unauthenticated-state-changing-route
    [HttpPost("{id}/cancel")]
    [AllowAnonymous]
    public IActionResult Cancel(int id) => Ok();

    [HttpGet("rates")]
    [AllowAnonymous]
    public IActionResult Rates() => Ok();
}

public record TransferRequest(string To, decimal Amount);
