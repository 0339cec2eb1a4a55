// Where author-written markdown may point. Links: http(s), mailto, in-page anchors and paths on
// this server — never `javascript:` and never protocol-relative `//host` (or the `/\host` browsers
// treat the same way), which leave the site. Images load by themselves when the page opens, so
// they may only show this server's own asset files: an image pointing at an API route would be a
// request made in the reader's name (it once leased queue items to whoever opened a guideline).
const ASSET_IMAGE = /^\/api\/assets\/[0-9a-f-]{36}$/i;
const SAFE_LINK = /^(https?:\/\/|mailto:|#|\/(?![/\\]))/i;

export function markdownUrl(url: string, key: string): string {
  const trimmed = url.trim();
  if (key === 'src') return ASSET_IMAGE.test(trimmed) ? trimmed : '';
  return SAFE_LINK.test(trimmed) ? trimmed : '';
}
