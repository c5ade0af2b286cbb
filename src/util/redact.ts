/**
 * The one rule for keeping tokens out of text: anything shaped like a Salesforce access token or
 * session id (org id `00D…`, `!`, then the secret), bearer/OAuth header values, and tokens known to
 * the caller. Applied to every log line and error message that could carry one.
 */
const SESSION_ID_SHAPE = /\b00D[0-9A-Za-z]{12,15}![^\s"'<>,;]+/g;
const AUTH_HEADER_VALUE = /\b(Bearer|OAuth)\s+\S+/gi;

export function redactTokens(text: string, known: Iterable<string> = []): string {
  let out = text;
  for (const token of known) {
    if (token !== '') {
      out = out.split(token).join('[token]');
    }
  }
  return out.replace(SESSION_ID_SHAPE, '[token]').replace(AUTH_HEADER_VALUE, '$1 [token]');
}
