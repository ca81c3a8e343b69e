/**
 * Follows MQTT packet boundaries in a byte stream (fixed header: one byte, then the remaining
 * length in 1-4 bytes of 7 bits each) and says when a packet announces more than `maxBytes` in
 * all, before its body arrives, so a broker can hang up instead of buffering it.
 */
export function createPacketSizeGuard(maxBytes: number) {
  let state: 'type' | 'length' | 'body' = 'type';
  let length = 0;
  let multiplier = 1;
  let headerBytes = 0;
  let bodyLeft = 0;
  let over = false;

  return {
    /** Scans the next bytes; false once a packet is over the limit or its length is malformed. */
    feed(chunk: Uint8Array): boolean {
      let i = 0;
      while (i < chunk.length && !over) {
        if (state === 'body') {
          const take = Math.min(bodyLeft, chunk.length - i);
          bodyLeft -= take;
          i += take;
          if (bodyLeft === 0) state = 'type';
        } else if (state === 'type') {
          state = 'length';
          length = 0;
          multiplier = 1;
          headerBytes = 1;
          i += 1;
        } else {
          const byte = chunk[i] as number;
          i += 1;
          headerBytes += 1;
          length += (byte & 0x7f) * multiplier;
          multiplier *= 128;
          if (byte & 0x80) {
            if (headerBytes > 4) over = true;
            continue;
          }
          if (headerBytes + length > maxBytes) over = true;
          bodyLeft = length;
          state = length === 0 ? 'type' : 'body';
        }
      }
      return !over;
    },
  };
}
