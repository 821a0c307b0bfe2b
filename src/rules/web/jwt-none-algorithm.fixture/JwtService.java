package com.acme;

import io.jsonwebtoken.Jwts;

public class JwtService {
  private final java.security.Key key = loadKey();

  Claims read(String token) {
    // ruleid: jwt-none-algorithm
    return Jwts.parser().parseClaimsJwt(token).getBody();
  }

  Claims verify(String token) {
    // ok: jwt-none-algorithm
    return Jwts.parserBuilder().setSigningKey(key).build().parseClaimsJws(token).getBody();
  }
}
