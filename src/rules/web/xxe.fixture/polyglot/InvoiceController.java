package com.acme;

import javax.servlet.http.HttpServletRequest;
import javax.xml.parsers.DocumentBuilderFactory;
import org.springframework.web.bind.annotation.*;

@RestController
public class InvoiceController {
  @PostMapping("/invoices")
  public String upload(HttpServletRequest request) throws Exception {
    DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
    // ruleid: xxe
    return dbf.newDocumentBuilder().parse(request.getInputStream()).getDocumentElement().getNodeName();
  }
}
