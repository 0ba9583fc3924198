// Human-readable file sizes for findings: binary units (KiB, MiB, GiB), one decimal, no trailing ".0".

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** `1536` → "1.5 KiB", `1048576` → "1 MiB", `900` → "900 bytes". */
export function formatSize(bytes: number, decimals = 1): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  return `${Number(value.toFixed(decimals))} ${UNITS[unit]}`;
}

/** `size` formatted so that it never reads the same as `limit` when it is bigger (1 MiB + 1 byte). */
export function formatSizeOver(size: number, limit: number): string {
  for (let decimals = 1; decimals <= 3; decimals++) {
    const text = formatSize(size, decimals);
    if (text !== formatSize(limit, decimals)) return text;
  }
  return `${size} bytes`;
}
