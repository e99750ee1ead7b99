/**
 * A parse error as it may be shown to admins and logged: where and why, never content. Connector
 * messages name paths and expectations, but an address or a token-like string could still slip in
 * (a value quoted by a validator); those are masked, and the length is capped.
 */
export function redactError(message: string): string {
  return message
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '<address>')
    .replace(/\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{24,}\b/g, '<redacted>')
    .replace(/"[^"]{41,}"/g, '"<redacted>"')
    .slice(0, 300);
}
