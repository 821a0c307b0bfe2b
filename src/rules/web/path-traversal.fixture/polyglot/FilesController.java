package com.acme;

import java.nio.file.*;
import org.springframework.web.bind.annotation.*;

@RestController
public class FilesController {
  @GetMapping("/files/{name}")
  public byte[] read(@PathVariable String name) throws Exception {
    // ruleid: path-traversal
    return Files.readAllBytes(Paths.get("/srv/files/" + name));
  }
}
