package com.acme;

import com.auth0.jwt.JWT;

public class TokenFilter extends OncePerRequestFilter {
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws Exception {
    String token = request.getHeader("Authorization").substring(7);
    // ruleid: jwt-decode-without-verify
    String user = JWT.decode(token).getSubject();
    request.setAttribute("user", user);
    chain.doFilter(request, response);
  }
}
