package com.acme;

import java.io.IOException;
import javax.servlet.http.*;
import org.springframework.web.util.HtmlUtils;

public class HelloServlet extends HttpServlet {
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String name = req.getParameter("name");
    // ruleid: reflected-xss
    resp.getWriter().write("<h1>Hello " + name + "</h1>");
    // ok: reflected-xss
    resp.getWriter().write("<h1>Hello " + HtmlUtils.htmlEscape(name) + "</h1>");
  }
}
