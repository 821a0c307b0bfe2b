// Classification of a data model from its field names: credentials and payment data are
// restricted, personal data confidential, anything else internal.
import type { Classification } from '../../../model/types.js';

const CREDENTIALS = /password|passwd|pwd$|^pwd|passphrase|secret|token|api_?key|apikey|private_?key|credential|otp_?secret|totp|mfa_?secret|recovery_?code|salt$|hash(ed)?_?password|password_?hash/i;
const PAYMENT = /card_?number|^card$|^cc_?num|credit_?card|^pan$|cvv|cvc|^cvn$|iban|bic|swift|account_?number|routing_?number|sort_?code|expiry|exp_?month|exp_?year|billing/i;
const PERSONAL = /e_?mail|phone|mobile|address|street|city|zip_?code|postcode|postal|dob|date_?of_?birth|birth_?date|birthday|ssn|social_?security|national_?id|passport|tax_?id|first_?name|last_?name|full_?name|surname|given_?name|family_?name|gender|ip_?address|location|latitude|longitude/i;
const PERSON_MODEL = /user|customer|person|people|employee|member|account|profile|patient|contact|student|client|author|owner|admin|staff|subscriber|applicant|candidate/i;

export function classify(model: string, fields: readonly string[]): { classification: Classification; categories: string[] } {
  const categories = new Set<string>();
  for (const f of fields) {
    if (CREDENTIALS.test(f) && !/token_?type|tokenizer|_?expires?$|_?expiry$|_?at$/i.test(f)) categories.add('credentials');
    else if (PAYMENT.test(f)) categories.add('payment');
    else if (PERSONAL.test(f) || (f.toLowerCase() === 'name' && PERSON_MODEL.test(model)) || (/^user_?name$/i.test(f))) categories.add('personal');
  }
  const classification: Classification = categories.has('credentials') || categories.has('payment') ? 'restricted' : categories.has('personal') ? 'confidential' : 'internal';
  return { classification, categories: [...categories].sort() };
}
