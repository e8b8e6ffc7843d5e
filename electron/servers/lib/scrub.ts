// Servers cannot import the core's Redactor (they are standalone processes), so they
// carry this small scrubber for anything echoed from upstream into an error message.
const PATTERNS: Array<[RegExp, string]> = [
  [/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-…[redacted]'],
  [/\bgsk_[A-Za-z0-9]{8,}/g, 'gsk_…[redacted]'],
  [/\bxai-[A-Za-z0-9_-]{8,}/g, 'xai-…[redacted]'],
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{6,}/gi, '$1 [redacted]'],
  [/([?&\s"']|^)(api[_-]?key|apikey|appid|access_token)=([^&\s"'#]+)/gi, '$1$2=[redacted]'],
];

export function scrub(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out;
}
