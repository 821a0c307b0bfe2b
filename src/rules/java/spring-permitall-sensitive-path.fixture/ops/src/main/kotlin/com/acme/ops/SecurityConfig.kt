package com.acme.ops

import org.springframework.context.annotation.Bean
import org.springframework.context.annotation.Configuration
import org.springframework.security.config.annotation.web.builders.HttpSecurity
import org.springframework.security.config.annotation.web.invoke
import org.springframework.security.web.SecurityFilterChain

@Configuration
class SecurityConfig {
    @Bean
    fun chain(http: HttpSecurity): SecurityFilterChain {
        http {
            authorizeHttpRequests {
                // ok: spring-permitall-sensitive-path
                authorize("/login", permitAll)
                // ruleid: spring-permitall-sensitive-path
                authorize("/internal/**", permitAll)
                authorize(anyRequest, authenticated)
            }
            formLogin { }
        }
        return http.build()
    }
}
