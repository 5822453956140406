/**
 * What real credentials look like. Synth refuses them in plain env values (they belong
 * in AWS Secrets Manager), and a test scans dist/ with the same patterns.
 */
export const CREDENTIAL_PATTERNS: readonly (readonly [string, RegExp])[] = [
  ['a PEM private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['a Stripe key', /\b[sr]k_(live|test)_[0-9A-Za-z]{8,}/],
  ['an AWS access key id', /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['a JSON Web Token', /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./],
  ['credentials in a URL', /[a-z][a-z0-9+.-]*:\/\/[^\s:@/"']+:[^\s@/"']+@/],
  ['a Slack or GitHub token', /\b(xox[abpr]-[0-9A-Za-z-]{10,}|gh[pousr]_[0-9A-Za-z]{20,})/],
];

/** Long tokens mixing upper case, lower case and digits: what generated keys and base64 values look like. */
export function highEntropyTokens(text: string): string[] {
  return (text.match(/[A-Za-z0-9+/=_-]{32,}/g) ?? []).filter((token) => /[a-z]/.test(token) && /[A-Z]/.test(token) && /[0-9]/.test(token));
}

/** Names of variables that carry secrets by convention. */
export const SECRET_ENV_NAME = /PASSWORD|SECRET|TOKEN|CREDENTIAL|PRIVATE|DSN|(^|_)KEY$/;

/** Why `value` looks like a credential, or undefined when it does not. */
export function credentialLikeness(value: string): string | undefined {
  const match = CREDENTIAL_PATTERNS.find(([, pattern]) => pattern.test(value));
  if (match) return `looks like ${match[0]}`;
  if (highEntropyTokens(value).length > 0) return 'looks like a generated key (a long mixed-case token)';
  return undefined;
}
