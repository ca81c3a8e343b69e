/** Mints ids `{prefix}-{district}-{NNN…}`, numbered per district in call order. */
export function createIdMinter(prefix: string, width: number): (district: string) => string {
  const next = new Map<string, number>();
  return (district) => {
    const n = (next.get(district) ?? 0) + 1;
    next.set(district, n);
    return `${prefix}-${district}-${String(n).padStart(width, '0')}`;
  };
}
