import type { Classification } from './types.js';

/** Field-name patterns → data category; the classification follows from the worst category. */
const CATEGORIES: { category: string; classification: Classification; pattern: RegExp }[] = [
  { category: 'credentials', classification: 'restricted', pattern: /pass(word|wd|phrase)?(_?hash)?$|^pwd$|secret|api_?key|private_?key|^token$|_token$|token_?hash|refresh_?token|access_?token|otp|mfa|totp|salt$/i },
  { category: 'payment', classification: 'restricted', pattern: /card|^pan$|cvv|cvc|iban|bic|swift|account_?number|routing|last_?4|stripe|payment|billing/i },
  { category: 'government-id', classification: 'restricted', pattern: /ssn|social_?security|passport|national_?id|tax_?id|driver_?licen[cs]e/i },
  { category: 'health', classification: 'restricted', pattern: /diagnos|medical|health|prescription|allerg/i },
  { category: 'personal', classification: 'confidential', pattern: /e_?mail|phone|mobile|address|street|zip|postcode|postal|birth|dob|first_?name|last_?name|full_?name|surname|gender|ip_?address|latitude|longitude|geo/i },
];

const RANK: Record<Classification, number> = { public: 0, internal: 1, confidential: 2, restricted: 3 };

export function classifyFields(fields: readonly string[]): { classification: Classification; categories: string[] } {
  let classification: Classification = 'internal';
  const categories = new Set<string>();
  for (const field of fields) {
    const normalised = field.replace(/([a-z])([A-Z])/g, '$1_$2');
    for (const c of CATEGORIES) {
      if (!c.pattern.test(normalised)) continue;
      categories.add(c.category);
      if (RANK[c.classification] > RANK[classification]) classification = c.classification;
      break;
    }
  }
  return { classification, categories: [...categories].sort() };
}
