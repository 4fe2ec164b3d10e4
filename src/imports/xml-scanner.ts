// A small streaming XML scanner for the parts of a .xlsx: it reports start tags (local name and
// the attribute text), end tags and, only while the handler asks for it, text with its entities
// decoded. Text arrives in pieces; a tag or text cut at the end of a piece waits for the next.
// Comments, processing instructions and CDATA sections are understood; a DTD is not (the parts
// of an Office file have none).

export interface XmlHandler {
  /** True while the handler wants the text between tags (a cell's value); other text is skipped. */
  wantsText: boolean;
  open(name: string, attributes: string, selfClosing: boolean): void;
  text(text: string): void;
  close(name: string): void;
}

/** Characters a piece may leave over for the next one: no tag of an Office file comes near it. */
const MAX_LEFT_OVER = 8 * 1024 * 1024;
const LESS = 60; // <
const GREATER = 62; // >
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const SLASH = 47; // /
const BANG = 33; // !
const QUESTION = 63; // ?
const COLON = 58; // :
const SPACE = 32;
const EQUALS = 61; // =

export class XmlScanner {
  private rest = '';

  constructor(private readonly handler: XmlHandler) {}

  /** Scans the next piece of the document. */
  write(piece: string): void {
    const xml = this.rest === '' ? piece : this.rest + piece;
    const handler = this.handler;
    const n = xml.length;
    let at = 0;
    for (;;) {
      const lt = xml.indexOf('<', at);
      if (lt < 0) break; // text up to the end: it may go on in the next piece
      if (lt > at && handler.wantsText) handler.text(decodeEntities(xml.slice(at, lt)));
      const next = xml.charCodeAt(lt + 1);
      if (next === BANG || next === QUESTION) {
        const end = this.special(xml, lt);
        if (end < 0) {
          at = lt;
          break;
        }
        at = end;
        continue;
      }
      const closing = next === SLASH;
      let i = closing ? lt + 2 : lt + 1;
      const nameStart = i;
      let colon = -1;
      for (; i < n; i++) {
        const c = xml.charCodeAt(i);
        if (c === GREATER || c === SLASH || c <= SPACE) break;
        if (c === COLON) colon = i;
      }
      const nameEnd = i;
      // the end of the tag: the first > outside a quoted attribute value
      let quote = 0;
      for (; i < n; i++) {
        const c = xml.charCodeAt(i);
        if (quote !== 0) {
          if (c === quote) quote = 0;
        } else if (c === GREATER) break;
        else if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) quote = c;
        else if (c === LESS) throw new Error('malformed XML: < inside a tag');
      }
      if (i >= n) {
        at = lt;
        break; // the tag goes on in the next piece
      }
      const name = xml.slice(colon >= 0 ? colon + 1 : nameStart, nameEnd);
      if (closing) handler.close(name);
      else {
        const selfClosing = xml.charCodeAt(i - 1) === SLASH;
        handler.open(name, nameEnd < i ? xml.slice(nameEnd, selfClosing ? i - 1 : i) : '', selfClosing);
        if (selfClosing) handler.close(name);
      }
      at = i + 1;
    }
    this.rest = xml.slice(at);
    if (this.rest.length > MAX_LEFT_OVER) throw new Error('malformed XML: a tag or text too long');
  }

  /** The document has ended: nothing may be left open in the middle of a tag. */
  end(): void {
    if (this.rest.includes('<')) throw new Error('malformed XML: the document ends inside a tag');
    this.rest = '';
  }

  /** Skips a comment or processing instruction, or reads a CDATA section; -1 when it is not complete yet. A DTD throws. */
  private special(xml: string, lt: number): number {
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      return end < 0 ? -1 : end + 3;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end < 0) return -1;
      if (this.handler.wantsText) this.handler.text(xml.slice(lt + 9, end));
      return end + 3;
    }
    if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt + 2);
      return end < 0 ? -1 : end + 2;
    }
    const tail = xml.slice(lt, lt + 9);
    if (tail.length < 9 && ['<!--', '<![CDATA[', '<?'].some((opening) => opening.startsWith(tail))) return -1; // cut at the end of the piece
    throw new Error('malformed XML: a DTD or an unknown <! declaration');
  }
}

const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Text or an attribute value with the five named entities and character references decoded. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_all, name: string | undefined, decimal: string | undefined, hex: string | undefined) => {
    if (name !== undefined) return NAMED[name] ?? '';
    const code = decimal !== undefined ? Number(decimal) : parseInt(hex ?? '', 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/**
 * The value of an attribute in a start tag's attribute text, entities decoded; null when absent.
 * With `anyPrefix`, the name matches with any namespace prefix (r:id, x:id …) and only so.
 */
export function attribute(attributes: string, name: string, anyPrefix = false): string | null {
  const found: (string | null)[] = [null];
  readAttributes(attributes, [name], found, anyPrefix);
  return found[0] ?? null;
}

/**
 * Several attributes in one pass: `found[i]` becomes the value of `names[i]` (entities decoded),
 * or null. A cell's start tag is read so, ten thousand times a sheet.
 */
export function readAttributes(attributes: string, names: readonly string[], found: (string | null)[], anyPrefix = false): void {
  found.fill(null);
  const n = attributes.length;
  let i = 0;
  while (i < n) {
    while (i < n && attributes.charCodeAt(i) <= SPACE) i++;
    if (i >= n) return;
    const nameStart = i;
    let colon = -1;
    while (i < n) {
      const c = attributes.charCodeAt(i);
      if (c === EQUALS || c <= SPACE) break;
      if (c === COLON) colon = i;
      i++;
    }
    const nameEnd = i;
    while (i < n && attributes.charCodeAt(i) !== EQUALS) i++;
    i++;
    while (i < n && attributes.charCodeAt(i) <= SPACE) i++;
    const quote = attributes[i];
    if (quote !== '"' && quote !== "'") return; // not an attribute list this scanner understands
    const valueEnd = attributes.indexOf(quote, i + 1);
    if (valueEnd < 0) return;
    if (!anyPrefix || colon >= 0) {
      const localStart = anyPrefix ? colon + 1 : nameStart;
      for (let k = 0; k < names.length; k++) {
        const name = names[k] as string;
        if (nameEnd - localStart === name.length && attributes.startsWith(name, localStart)) found[k] = decodeEntities(attributes.slice(i + 1, valueEnd));
      }
    }
    i = valueEnd + 1;
  }
}
