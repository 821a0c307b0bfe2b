package com.acme.shop;

import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

@EnableMethodSecurity
public class SecurityConfig {
  @Bean
  SecurityFilterChain chain(HttpSecurity http) throws Exception {
    http
      // ruleid: spring-csrf-disabled
      .csrf(csrf -> csrf.disable())
      .authorizeHttpRequests(a -> a
        .requestMatchers("/api/login", "/api/catalog/**").permitAll()
        .anyRequest().authenticated())
      .formLogin(f -> f.loginPage("/login"));
    return http.build();
  }
}
