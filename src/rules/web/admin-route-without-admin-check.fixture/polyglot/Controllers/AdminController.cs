using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

[ApiController]
[Route("api/admin")]
[Authorize]
public class AdminController : ControllerBase
{
    // ruleid: admin-route-without-admin-check
    [HttpPost("reindex")]
    public IActionResult Reindex() => Ok();

    // ok: admin-route-without-admin-check
    [HttpDelete("cache")]
    [Authorize(Roles = "Admin")]
    public IActionResult Clear() => Ok();

    // ruleid: admin-route-without-admin-check
    [HttpPost("users/{id}/promote")]
    [AllowAnonymous]
    public IActionResult Promote(int id) => Ok();
}
