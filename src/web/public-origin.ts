// The address the public reaches Shinchoku at, for the absolute links of public pages (canonical,
// hreflang, the open-data links of a plan's JSON-LD).
//
// - SHINCHOKU_PUBLIC_URL set (e.g. https://shinchoku.city.example.jp): pages use it whatever Host
//   a request came with (behind a TLS proxy the request itself says http://), and a kept page is
//   one for every host.
// - Unset: the request's own origin, and the page cache keeps pages per origin, so a request
//   with a made-up Host header cannot put its host into the page other visitors get.

/** The configured origin (scheme, host, port), or undefined when SHINCHOKU_PUBLIC_URL is unset or blank. */
export function configuredOrigin(value: string | undefined = process.env.SHINCHOKU_PUBLIC_URL): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return parsePublicUrl(value) ?? undefined;
}

/** The origin of an http(s) URL, or null when it is not one (a clear startup error, not a silent default). */
export function parsePublicUrl(value: string): string | null {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** The origin of a request's absolute links. */
export function publicOrigin(requestUrl: string): string {
  return configuredOrigin() ?? new URL(requestUrl).origin;
}
