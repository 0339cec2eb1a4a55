// A small XML reader for the fixed layouts of CVAT and Pascal VOC files: elements with their
// attributes, text and 1-based line; comments, processing instructions, CDATA and the five
// predefined entities plus numeric references. No DTDs (external entities are never fetched:
// a DOCTYPE is refused). The domain takes no XML package (it imports nothing but zod).
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
}

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
export const xmlUnescape = (s: string) =>
  s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : (ENTITY[e] as string),
  );

export function parseXml(xml: string): { root: XmlElement } | { error: string; line: number } {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '', line: 1 };
  const stack = [root];
  let line = 1;
  let i = 0;
  const advance = (to: number) => {
    for (let k = i; k < to; k++) if (xml.charCodeAt(k) === 10) line++;
    i = to;
  };
  const TAG = /<\/?([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
  const ATTR = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const top = stack[stack.length - 1] as XmlElement;
    if (lt < 0) {
      if (xml.slice(i).trim()) return { error: 'text after the last element', line };
      break;
    }
    if (lt > i) {
      top.text += xmlUnescape(xml.slice(i, lt));
      advance(lt);
    }
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i);
      if (end < 0) return { error: 'a comment is not closed', line };
      advance(end + 3);
      continue;
    }
    if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i);
      if (end < 0) return { error: 'a CDATA section is not closed', line };
      top.text += xml.slice(i + 9, end);
      advance(end + 3);
      continue;
    }
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i);
      if (end < 0) return { error: 'a processing instruction is not closed', line };
      advance(end + 2);
      continue;
    }
    if (xml.startsWith('<!', i)) return { error: 'DOCTYPE and entity declarations are not accepted', line };
    TAG.lastIndex = i;
    const m = TAG.exec(xml);
    if (!m) return { error: 'a malformed tag', line };
    const closing = xml[i + 1] === '/';
    const name = m[1] as string;
    if (closing) {
      if (top.name !== name) return { error: `</${name}> closes <${top.name}>`, line };
      stack.pop();
    } else {
      const attrs: Record<string, string> = {};
      for (const a of (m[2] ?? '').matchAll(ATTR)) attrs[a[1] as string] = xmlUnescape(a[2] ?? a[3] ?? '');
      const el: XmlElement = { name, attrs, children: [], text: '', line };
      top.children.push(el);
      if (m[3] !== '/') stack.push(el);
    }
    advance(TAG.lastIndex);
  }
  if (stack.length > 1) return { error: `<${(stack[stack.length - 1] as XmlElement).name}> is not closed`, line };
  return { root };
}

export const child = (el: XmlElement, name: string) => el.children.find((c) => c.name === name);
export const children = (el: XmlElement, name: string) => el.children.filter((c) => c.name === name);
export const childText = (el: XmlElement, name: string) => {
  const c = child(el, name);
  return c ? c.text.trim() : undefined;
};
