package com.acme;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.*;

@Controller
public class OwnerFormController {
  @PostMapping("/clients/new")
  public String create(@ModelAttribute Client client, @RequestParam String back) {
    store(client);
    // The literal path fixes the host; the request only picks the id segment.
    // ok: open-redirect
    return "redirect:/clients/" + client.getId();
  }

  @GetMapping("/clients/back")
  public String back(@RequestParam String back) {
    // ruleid: open-redirect
    return "redirect:" + back;
  }

  @GetMapping("/clients/root")
  public String root(@RequestParam String rest) {
    // A lone slash does not fix the host: "/" + "/evil.example" is protocol-relative.
    // ruleid: open-redirect
    return "redirect:/" + rest;
  }

  private void store(Client client) {}
}
