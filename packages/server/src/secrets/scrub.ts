// One rule for every message that may carry what a network was sent (errors at connect time, poll
// failures stored in account health and logged): credential values, as sent or URL-encoded, and the
// value of any token-like URL parameter are replaced.

const TOKEN_PARAM = /([?&;](?:[a-z0-9_.-]*(?:token|secret|password|passwd|key|signature|sig|code|auth)[a-z0-9_.-]*)=)[^&#\s"'<>)]+/gi;

export function scrubCredentials(message: string, credentials: Record<string, unknown>, maxLength = 300): string {
  let out = message;
  for (const v of Object.values(credentials)) {
    if (typeof v !== 'string' || v.length < 4) continue;
    for (const form of new Set([v, encodeURIComponent(v), encodeURIComponent(v).replace(/%20/g, '+')])) out = out.split(form).join('[redacted]');
  }
  return out.replace(TOKEN_PARAM, '$1[redacted]').slice(0, maxLength);
}
