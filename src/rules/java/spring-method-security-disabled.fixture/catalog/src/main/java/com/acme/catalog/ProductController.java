package com.acme.catalog;

import org.springframework.security.access.annotation.Secured;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/products")
public class ProductController {
  // ok: spring-method-security-disabled
  @DeleteMapping("/{id}")
  @PreAuthorize("hasRole('ADMIN')")
  public void delete(@PathVariable long id) {}

  // @EnableMethodSecurity leaves @Secured off unless securedEnabled = true.
  // ruleid: spring-method-security-disabled
  @PostMapping("/{id}/publish")
  @Secured("ROLE_EDITOR")
  public void publish(@PathVariable long id) {}
}
