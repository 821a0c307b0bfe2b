package com.acme;

import io.jsonwebtoken.Jwts;

public class TokenIssuer {
  Claims verify(String token) {
    // ruleid: jwt-hardcoded-secret
    return Jwts.parserBuilder().setSigningKey("change-me-please-0123456789abcdef").build().parseClaimsJws(token).getBody();
  }

  Claims verifyWithKey(String token, java.security.Key key) {
    // ok: jwt-hardcoded-secret
    return Jwts.parserBuilder().setSigningKey(key).build().parseClaimsJws(token).getBody();
  }
}
