package com.acme;

import org.springframework.web.bind.annotation.*;

@RestController
public class ThumbnailController {
  @PostMapping("/thumbnails")
  public int create(@RequestParam String file) throws Exception {
    // ruleid: command-injection
    Process p = new ProcessBuilder("sh", "-c", "convert " + file + " thumb.png").start();
    return p.waitFor();
  }

  @PostMapping("/thumbnails/fixed")
  public int fixed() throws Exception {
    // ok: command-injection
    Process p = new ProcessBuilder("convert", "logo.png", "thumb.png").start();
    return p.waitFor();
  }
}
