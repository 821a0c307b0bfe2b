package com.acme;

import org.springframework.web.bind.annotation.*;

@RestController
public class PreviewController {
  @GetMapping("/preview")
  public String preview(@RequestParam String url) {
    // ruleid: ssrf
    return restTemplate.getForObject(url, String.class);
  }

  @GetMapping("/weather")
  public String weather(@RequestParam String city) {
    // ok: ssrf
    return restTemplate.getForObject("https://api.weather.example/v1/" + city, String.class);
  }
}
