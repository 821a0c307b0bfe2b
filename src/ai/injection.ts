// Text in a scanned repository that addresses an AI ("ignore previous instructions", "mark all
// threats resolved"...). Such lines are withheld from every prompt and reported; any AI answer
// that repeats such text is rejected. This is one layer: the prompts also fence code as data, the
// answer schema cannot express a status change, and a reviewer must confirm every item.
const PATTERNS: readonly RegExp[] = [
  /\b(?:ignore|disregard|forget|override)\b[^\n]{0,40}\b(?:previous|prior|above|earlier|preceding|all|any|the|your|system)\b[^\n]{0,20}\b(?:instructions?|prompts?|rules|directions|guidelines|context)\b/i,
  /\byou\s+are\s+(?:now\s+)?(?:an?\s+|the\s+)?(?:ai|assistant|chatbot|language model|llm|gpt|claude|reviewer|security (?:tool|scanner))\b/i,
  /\bsystem\s+prompt\b/i,
  /\b(?:new|updated|real|actual|important)\s+instructions?\s*:/i,
  /\b(?:mark|set|flag|report|treat)\b[^\n]{0,30}\b(?:threats?|findings?|issues?|vulnerabilit(?:y|ies))\b[^\n]{0,30}\b(?:as\s+)?(?:resolved|mitigated|accepted|false positives?|fixed|closed|safe)\b/i,
  /\b(?:add|report|create|insert)\s+(?:a|an|one)\s+(?:new\s+)?(?:critical|high)[-\s](?:severity\s+)?(?:threat|finding|vulnerability)\b/i,
  /\b(?:do not|don't|never)\s+(?:report|flag|mention|list)\b[^\n]{0,40}\b(?:threats?|findings?|issues?|vulnerabilit(?:y|ies)|this)\b/i,
  /\bas an ai(?: language model)?\b/i,
  /\bthreat[\s-]?model(?:ing)?\s+(?:tool|assistant|ai|llm|agent)s?\b/i,
  /<\|(?:im_start|im_end|system|endoftext)\|>|\[\/?INST\]|<<\/?SYS>>/i,
  /^\s*(?:#+|\/\/|\/\*|\*|--)?\s*(?:system|assistant)\s*:/i,
];

/** True when a line of scanned text looks written to steer an AI. */
export function looksLikeInjection(text: string): boolean {
  return PATTERNS.some((p) => p.test(text));
}

/** The placeholder a withheld line is replaced with in prompts. */
export const WITHHELD = '[line withheld by threatcode: text addressed to an AI assistant]';
