package com.acme.web;

import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

public class WebSecurity {
  @Bean
  SecurityFilterChain chain(HttpSecurity http) throws Exception {
    http
      .authorizeHttpRequests(a -> a.requestMatchers("/login").permitAll().anyRequest().authenticated())
      .formLogin(f -> f.loginPage("/login"))
      // ruleid: spring-csrf-disabled
      .csrf(csrf -> csrf.disable());
    return http.build();
  }
}
