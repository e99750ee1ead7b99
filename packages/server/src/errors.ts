/**
 * An error whose message is safe to show the client, with the HTTP status it maps to. Neutral
 * ground: services and auth throw it, the API's error handler (api/errors.ts) renders it.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** A stable code the web app can act on (e.g. `password_change_required`). */
    readonly code?: string,
  ) {
    super(message);
  }
}
