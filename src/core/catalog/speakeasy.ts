/**
 * The `backoff` defaults of Speakeasy-generated SDKs (Mistral, OpenRouter): `defaultBackoff` in
 * their `lib/retries` (@mistralai/mistralai 2.7.0 src/lib/retries.ts:15-20, @openrouter/sdk 1.3.19
 * esm/lib/retries.js:6-11). `retryBackoff` waits `initialInterval * n ** exponent + random * 1000`
 * ms, at most `maxInterval`, after the nth failure, until `maxElapsedTime` has passed.
 */
export const SPEAKEASY_BACKOFF = {
  initialInterval: 500,
  maxInterval: 60_000,
  exponent: 1.5,
  maxElapsedTime: 3_600_000,
};

/** The connection and timeout errors of a Speakeasy SDK (`models/errors/httpclienterrors`); the others carry a status. */
export const SPEAKEASY_TRANSIENT_ERRORS = ['ConnectionError', 'RequestTimeoutError'];
