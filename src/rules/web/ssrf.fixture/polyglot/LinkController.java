package com.acme;

import org.springframework.web.bind.annotation.*;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

@RestController
public class LinkController {
  private final WebClient webClient = WebClient.create();

  @GetMapping("/links/unfurl")
  public Mono<String> unfurl(@RequestParam String link) {
    // ruleid: ssrf
    return webClient.get().uri(link).retrieve().bodyToMono(String.class);
  }

  @GetMapping("/links/status")
  public Mono<String> status() {
    // ok: ssrf
    return webClient.get().uri("https://status.example.com/api").retrieve().bodyToMono(String.class);
  }
}
