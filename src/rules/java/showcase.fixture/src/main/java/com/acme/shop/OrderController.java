package com.acme.shop;

import javax.servlet.http.HttpServletResponse;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api")
public class OrderController {
  @GetMapping("/catalog/search")
  public Object search(@RequestParam String q) {
    // ruleid: sql-injection
    return jdbcTemplate.queryForList("SELECT * FROM products WHERE name LIKE '%" + q + "%'");
  }

  @PostMapping("/orders/{id}/label")
  public void label(@PathVariable String id, @RequestParam String format) throws Exception {
    // ruleid: command-injection
    Runtime.getRuntime().exec("label-printer --format " + format + " " + id);
  }

  @GetMapping("/catalog/preview")
  public String preview(@RequestParam String url) {
    // ruleid: ssrf
    return restTemplate.getForObject(url, String.class);
  }

  @GetMapping("/catalog/continue")
  public void next(@RequestParam String next, HttpServletResponse response) throws Exception {
    // ruleid: open-redirect
    response.sendRedirect(next);
  }

  // ruleid: admin-route-without-admin-check
  @PostMapping("/admin/reindex")
  public void reindex() { }

  // ok: admin-route-without-admin-check
  @DeleteMapping("/admin/users/{id}")
  @PreAuthorize("hasRole('ADMIN')")
  public void deleteUser(@PathVariable long id) { }
}
