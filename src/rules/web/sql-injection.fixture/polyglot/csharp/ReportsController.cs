using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

[ApiController]
[Route("api/reports")]
public class ReportsController : ControllerBase
{
    [HttpDelete("{tenant}")]
    public IActionResult Purge(string tenant)
    {
        // ruleid: sql-injection
        _db.Database.ExecuteSqlRaw("DELETE FROM Reports WHERE Tenant = '" + tenant + "'");
        // ok: sql-injection
        _db.Database.ExecuteSqlRaw("DELETE FROM Reports WHERE Tenant = {0}", tenant);
        return NoContent();
    }
}
