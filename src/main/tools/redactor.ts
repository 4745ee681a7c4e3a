// The redactor of log text bound for an AI endpoint off this machine: it masks what commonly leaks into
// logs (API keys, bearer tokens, Authorization headers, secrets after key=, passwords in URLs, e-mail
// addresses). A pattern list, not a proof: it lowers what leaves, and the approval shows what is sent.

interface Rule {
  pattern: RegExp
  replacement: string
}

const rules: Rule[] = [
  // A whole Authorization header's value, whatever its scheme (Bearer, Basic, Token, a raw key).
  {
    pattern: /\b(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)[^\s"',;]+(?:\s+[^\s"',;]+)?/gi,
    replacement: '$1$2[redacted]',
  },
  { pattern: /\bbearer\s+[A-Za-z0-9._~+/=-]{8,}/gi, replacement: 'Bearer [redacted]' },
  // Provider keys: OpenAI-style sk-…, GitHub, Slack, AWS access key ids, Google API keys.
  { pattern: /\bsk-[A-Za-z0-9_-]{12,}/g, replacement: 'sk-[redacted]' },
  { pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, replacement: '[redacted token]' },
  { pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, replacement: '[redacted token]' },
  { pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, replacement: '[redacted key id]' },
  { pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g, replacement: '[redacted key]' },
  // JSON Web Tokens: three base64url parts, the first two starting with {" encoded.
  { pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+/g, replacement: '[redacted jwt]' },
  // key=value and "key": "value" where the key's name says it is a secret.
  {
    pattern:
      /\b([A-Za-z0-9_.-]*(?:api[_-]?key|apikey|secret|token|password|passwd|pwd|credentials?)["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi,
    replacement: '$1[redacted]',
  },
  // scheme://user:password@host: the password goes, the user name stays.
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*):[^\s/@]+@/gi, replacement: '$1:[redacted]@' },
  { pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g, replacement: '[email]' },
]

/** The text with every secret-looking part masked; text without any comes back unchanged. */
export function redactText(text: string): string {
  let redacted = text
  for (const { pattern, replacement } of rules) redacted = redacted.replace(pattern, replacement)
  return redacted
}
