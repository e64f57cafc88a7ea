/**
 * A UUIDv7 (RFC 9562): time-ordered, so sorting by id lists records in
 * creation order and gives list pagination a stable cursor.
 */
export function uuidv7(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  const view = new DataView(bytes.buffer)
  const ms = Date.now()
  // A 48-bit big-endian millisecond timestamp, then the version (7) and variant (0b10) bits.
  view.setUint32(0, Math.floor(ms / 2 ** 16))
  view.setUint16(4, ms % 2 ** 16)
  view.setUint8(6, (view.getUint8(6) & 0x0f) | 0x70)
  view.setUint8(8, (view.getUint8(8) & 0x3f) | 0x80)
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
