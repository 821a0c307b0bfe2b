package com.acme;

import org.springframework.web.bind.annotation.*;

@RestController
public class ProductController {
  @GetMapping("/products")
  public Object search(@RequestParam String name) {
    // ruleid: sql-injection
    return jdbcTemplate.queryForList("SELECT * FROM products WHERE name = '" + name + "'");
  }

  @GetMapping("/products/by-id")
  public Object byId(@RequestParam String id) {
    // ok: sql-injection
    return jdbcTemplate.queryForList("SELECT * FROM products WHERE id = ?", id);
  }
}
