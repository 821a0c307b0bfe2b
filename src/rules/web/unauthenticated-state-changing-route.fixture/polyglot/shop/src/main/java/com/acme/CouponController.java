package com.acme;

import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api")
public class CouponController {
  // ok: unauthenticated-state-changing-route
  @GetMapping("/catalog/items")
  public Object items() { return null; }

  // ruleid: unauthenticated-state-changing-route
  @DeleteMapping("/coupons/{code}")
  public void revoke(@PathVariable String code) { }

  // ok: unauthenticated-state-changing-route
  @PostMapping("/orders")
  public void order(@RequestBody Object o) { }
}
