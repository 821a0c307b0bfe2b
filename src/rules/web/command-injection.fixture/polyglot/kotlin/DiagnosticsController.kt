package com.acme

import org.springframework.web.bind.annotation.*

@RestController
@RequestMapping("/diagnostics")
class DiagnosticsController {
    @PostMapping("/ping")
    fun ping(@RequestParam host: String): String {
        // ruleid: command-injection
        val process = ProcessBuilder("sh", "-c", "ping -c 1 ${host}").start()
        return process.inputStream.bufferedReader().readText()
    }

    @PostMapping("/lookup")
    fun lookup(@RequestParam host: String): String {
        // ruleid: command-injection
        Runtime.getRuntime().exec("nslookup " + host)
        return "queued"
    }

    @PostMapping("/uptime")
    fun uptime(@RequestParam format: String): String {
        // ok: command-injection
        val process = ProcessBuilder("uptime", "-p").start()
        return process.inputStream.bufferedReader().readText() + format.length
    }
}
