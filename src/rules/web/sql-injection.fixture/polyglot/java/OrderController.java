package com.acme;

import java.util.List;
import javax.persistence.EntityManager;
import javax.persistence.PersistenceContext;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/orders")
public class OrderController {
  @PersistenceContext
  private EntityManager entityManager;

  @GetMapping("/search")
  public List<?> search(@RequestParam String status) {
    // ruleid: sql-injection
    return entityManager.createNativeQuery("SELECT * FROM orders WHERE status = '" + status + "'").getResultList();
  }

  @GetMapping("/by-status")
  public List<?> byStatus(@RequestParam String status) {
    // ok: sql-injection
    return entityManager.createNativeQuery("SELECT * FROM orders WHERE status = :status").setParameter("status", status).getResultList();
  }

  @DeleteMapping("/archive")
  public int archive(@RequestParam String before) {
    // ruleid: sql-injection
    return jdbcTemplate.update(String.format("DELETE FROM orders WHERE created < '%s'", before));
  }
}
