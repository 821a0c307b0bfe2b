package com.acme

import org.springframework.jdbc.core.JdbcTemplate
import org.springframework.web.bind.annotation.*

@RestController
@RequestMapping("/invoices")
class InvoiceController(private val jdbcTemplate: JdbcTemplate) {
    @GetMapping("/search")
    fun search(@RequestParam customer: String): List<Map<String, Any>> {
        val sql = "SELECT * FROM invoices WHERE customer = '$customer'"
        // ruleid: sql-injection
        return jdbcTemplate.queryForList(sql)
    }

    @GetMapping("/by-customer")
    fun byCustomer(@RequestParam customer: String): List<Map<String, Any>> {
        // ok: sql-injection
        return jdbcTemplate.queryForList("SELECT * FROM invoices WHERE customer = ?", customer)
    }

    @DeleteMapping("/{id}")
    fun delete(@PathVariable id: String): Int {
        // ruleid: sql-injection
        return jdbcTemplate.update("DELETE FROM invoices WHERE id = " + id)
    }
}
