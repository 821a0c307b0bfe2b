package com.acme.shop;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

@Configuration
public class SecurityConfig {
  @Bean
  SecurityFilterChain chain(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(auth -> auth
        // ok: spring-permitall-sensitive-path
        .requestMatchers("/", "/products/**", "/css/**").permitAll()
        // ruleid: spring-permitall-sensitive-path
        .requestMatchers("/admin/**").permitAll()
        // ok: spring-permitall-sensitive-path
        .requestMatchers("/management/**").hasRole("ADMIN")
        .anyRequest().authenticated())
      .formLogin(f -> {});
    return http.build();
  }
}
