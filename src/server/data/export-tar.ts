// A minimal POSIX ustar writer (no archive package is installed): each file is a 512-byte header
// and its bytes padded to 512; two zero blocks end the archive. Files are added one at a time, so
// an archive of any size streams with one file in memory.
const BLOCK = 512;

function header(name: string, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    // ustar splits long paths at a "/" into prefix (≤ 155 bytes) and name (≤ 100 bytes).
    const cut = name.lastIndexOf('/', name.length - 1);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
    if (cut < 0 || Buffer.byteLength(base) > 100 || Buffer.byteLength(prefix) > 155) throw new Error(`path too long for a tar archive: ${name}`);
  }
  const put = (s: string, off: number, len: number) => h.write(s, off, len, 'utf8');
  const octal = (n: number, len: number) => n.toString(8).padStart(len - 1, '0') + '\0';
  put(base, 0, 100);
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(Math.floor(mtime / 1000), 12), 136, 12);
  put('        ', 148, 8); // checksum is computed with its own field as spaces
  put('0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  put(prefix, 345, 155);
  let sum = 0;
  for (const b of h) sum += b;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return h;
}

/** The blocks for one file. */
export function tarEntry(name: string, data: Buffer | string, mtime: number): Buffer[] {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const pad = (BLOCK - (bytes.length % BLOCK)) % BLOCK;
  return [header(name, bytes.length, mtime), bytes, Buffer.alloc(pad, 0)];
}

export const TAR_END = Buffer.alloc(BLOCK * 2, 0);
