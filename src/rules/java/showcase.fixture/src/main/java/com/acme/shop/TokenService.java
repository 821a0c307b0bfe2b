package com.acme.shop;

import io.jsonwebtoken.Jwts;

public class TokenService {
  Object claims(String token) {
    // ruleid: jwt-none-algorithm
    return Jwts.parser().parse(token).getBody();
  }
}
