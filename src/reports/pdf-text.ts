// A small PDF reader for tests and checks: objects, inflated streams, embedded fonts, outline,
// and the text of the pages mapped back through each font's ToUnicode CMap (as pdfmake/pdfkit
// write them: Identity-H fonts, hex glyph strings in TJ arrays). Not a general PDF parser.
import { inflateSync } from 'node:zlib';

export interface PdfObject {
  id: number;
  dict: string;
  stream: Buffer | null;
}

export function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const pattern = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const body = m[2] ?? '';
    const streamAt = body.indexOf('stream');
    let dict = body;
    let stream: Buffer | null = null;
    if (streamAt >= 0) {
      dict = body.slice(0, streamAt);
      let start = streamAt + 'stream'.length;
      if (body[start] === '\r') start++;
      if (body[start] === '\n') start++;
      // a stream of the length its dictionary gives: compressed bytes may hold "endobj" by chance
      const length = /\/Length (\d+)(?!\s+\d+\s+R)/.exec(dict);
      const bodyAt = m.index + m[0].length - 'endobj'.length - body.length;
      let raw: Buffer;
      if (length) {
        const from = bodyAt + start;
        raw = Buffer.from(text.slice(from, from + Number(length[1])), 'latin1');
        const end = text.indexOf('endobj', from + raw.length);
        if (end >= 0) pattern.lastIndex = end + 'endobj'.length;
      } else {
        raw = Buffer.from(body.slice(start, body.lastIndexOf('endstream')).replace(/\r?\n$/, ''), 'latin1');
      }
      stream = /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw;
    }
    objects.set(Number(m[1]), { id: Number(m[1]), dict, stream });
  }
  return objects;
}

function hexToString(spaced: string): string {
  const hex = spaced.replace(/\s+/g, '');
  const codes: number[] = [];
  for (let i = 0; i + 4 <= hex.length; i += 4) codes.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...codes);
}

function parseCMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g)) map.set(parseInt(m[1] ?? '0', 16), hexToString(m[2] ?? ''));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]+>)/g)) {
      const from = parseInt(m[1] ?? '0', 16);
      const to = parseInt(m[2] ?? '0', 16);
      const dest = m[3] ?? '';
      if (dest.startsWith('[')) {
        [...dest.matchAll(/<([0-9a-fA-F\s]+)>/g)].forEach((x, i) => map.set(from + i, hexToString(x[1] ?? '')));
      } else {
        const base = hexToString(dest.slice(1, -1));
        const last = base.codePointAt(base.length - 1) ?? 0;
        for (let c = from; c <= to; c++) map.set(c, base.slice(0, -1) + String.fromCodePoint(last + (c - from)));
      }
    }
  }
  return map;
}

/** Text of every page, in content-stream order (one string per page). */
export function pdfPageTexts(pdf: Buffer): string[] {
  const objects = pdfObjects(pdf);
  const ref = (dict: string, key: string): number | undefined => {
    const m = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict);
    return m ? Number(m[1]) : undefined;
  };
  const cmapOfFont = new Map<number, Map<number, string>>();
  const fontMap = (id: number): Map<number, string> => {
    const cached = cmapOfFont.get(id);
    if (cached) return cached;
    const font = objects.get(id);
    const toUnicode = font ? ref(font.dict, 'ToUnicode') : undefined;
    const stream = toUnicode === undefined ? null : objects.get(toUnicode)?.stream;
    const map = stream ? parseCMap(stream.toString('latin1')) : new Map<number, string>();
    cmapOfFont.set(id, map);
    return map;
  };
  const pages = [...objects.values()].filter((o) => /\/Type\s*\/Page(?!s)/.test(o.dict));
  pages.sort((a, b) => a.id - b.id);
  return pages.map((page) => {
    const resourcesRef = ref(page.dict, 'Resources');
    const resources = resourcesRef === undefined ? page.dict : (objects.get(resourcesRef)?.dict ?? '');
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(resources)?.[1] ?? '';
    const fonts = new Map([...fontDict.matchAll(/\/(\w+)\s+(\d+) 0 R/g)].map((m) => [m[1] ?? '', Number(m[2])]));
    const contentIds = [...(/\/Contents\s+(\[[^\]]*\]|\d+ 0 R)/.exec(page.dict)?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
    let out = '';
    for (const id of contentIds) {
      const content = objects.get(id)?.stream?.toString('latin1') ?? '';
      let current = new Map<number, string>();
      for (const m of content.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|\[((?:[^\]]|\n)*?)\]\s*TJ|<([0-9a-fA-F]+)>\s*Tj|\bET\b/g)) {
        if (m[1] !== undefined) {
          const fontId = fonts.get(m[1]);
          current = fontId === undefined ? new Map() : fontMap(fontId);
        } else if (m[2] !== undefined || m[3] !== undefined) {
          for (const hex of (m[2] ?? `<${m[3]}>`).matchAll(/<([0-9a-fA-F]+)>/g)) {
            const h = hex[1] ?? '';
            for (let i = 0; i + 4 <= h.length; i += 4) out += current.get(parseInt(h.slice(i, i + 4), 16)) ?? '\uFFFD';
          }
        } else {
          out += '\n';
        }
      }
    }
    return out;
  });
}
