package com.acme.billing;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/invoices")
public class InvoiceController {
  // ok: spring-method-security-disabled
  @GetMapping("/{id}")
  public String get(@PathVariable long id) {
    return "invoice";
  }

  // ruleid: spring-method-security-disabled
  @DeleteMapping("/{id}")
  @PreAuthorize("hasRole('ADMIN')")
  public void delete(@PathVariable long id) {}
}
