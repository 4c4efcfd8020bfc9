// Advisory-lock keys: PostgreSQL's two-int form, one int from a name (FNV-1a, 32 bits, signed).

export function lockKey(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
