package com.acme;

import javax.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.*;

@RestController
public class LoginController {
  @GetMapping("/continue")
  public void next(@RequestParam String next, HttpServletResponse response) throws Exception {
    // ruleid: open-redirect
    response.sendRedirect(next);
  }

  @GetMapping("/home")
  public void home(HttpServletResponse response) throws Exception {
    // ok: open-redirect
    response.sendRedirect("/dashboard");
  }
}
