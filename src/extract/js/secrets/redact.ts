/** Never the secret: its first 4 characters and a mask. */
export function redact(value: string): string {
  return `${value.slice(0, 4)}****`;
}

/** A source line with every occurrence of the secret masked. */
export function redactLine(line: string, secret: string): string {
  if (!secret) return line;
  return line.split(secret).join(redact(secret)).slice(0, 200);
}
