package com.acme;

import java.io.ObjectInputStream;
import javax.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.*;

@RestController
public class ImportController {
  @PostMapping("/import")
  public Object restore(HttpServletRequest request) throws Exception {
    // ruleid: insecure-deserialization
    ObjectInputStream in = new ObjectInputStream(request.getInputStream());
    return in.readObject();
  }
}
