using Microsoft.AspNetCore.Mvc;

[ApiController]
[Route("api/users")]
public class UsersController : ControllerBase
{
    [HttpGet]
    public IActionResult Find(string name)
    {
        // ruleid: sql-injection
        var raw = _db.Users.FromSqlRaw($"SELECT * FROM Users WHERE Name = '{name}'").ToList();
        // ok: sql-injection
        var safe = _db.Users.FromSqlInterpolated($"SELECT * FROM Users WHERE Name = {name}").ToList();
        return Ok(raw.Concat(safe));
    }
}
