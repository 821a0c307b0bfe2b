package com.acme;

import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.web.bind.annotation.*;

@RestController
public class RuleController {
  private final ExpressionParser parser = new SpelExpressionParser();

  @PostMapping("/rules/evaluate")
  public Object evaluate(@RequestParam String expression) {
    // ruleid: code-injection
    return parser.parseExpression(expression).getValue();
  }

  @PostMapping("/rules/fixed")
  public Object fixed(@RequestParam int amount) {
    // ok: code-injection
    return parser.parseExpression("100 * 2").getValue();
  }
}
