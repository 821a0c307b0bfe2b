package com.acme;

import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

public class OpenSecurity {
  @Bean
  SecurityFilterChain chain(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(auth -> auth
        // ok: spring-permitall-wildcard
        .requestMatchers("/public/**").permitAll()
        // ruleid: spring-permitall-wildcard
        .requestMatchers("/**").permitAll());
    return http.build();
  }
}
