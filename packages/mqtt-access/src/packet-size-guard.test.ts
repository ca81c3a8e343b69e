import { describe, expect, it } from 'vitest';
import { createPacketSizeGuard } from './packet-size-guard.ts';

/** An MQTT packet of `type` with a body of `bodyBytes` (remaining length encoded as MQTT does). */
function packet(type: number, bodyBytes: number): Buffer {
  const length: number[] = [];
  let x = bodyBytes;
  do {
    let byte = x % 128;
    x = Math.floor(x / 128);
    if (x > 0) byte |= 0x80;
    length.push(byte);
  } while (x > 0);
  return Buffer.concat([Buffer.from([type, ...length]), Buffer.alloc(bodyBytes, 0x61)]);
}

describe('packet size guard', () => {
  it('lets a stream of packets under the limit through, however it is split', () => {
    const stream = Buffer.concat([
      packet(0x10, 20),
      packet(0x32, 1000),
      packet(0xc0, 0),
      packet(0x32, 65_000),
    ]);
    for (const size of [1, 3, 7, 4096, stream.length]) {
      const guard = createPacketSizeGuard(66_560);
      let passed = true;
      for (let i = 0; i < stream.length; i += size)
        passed = guard.feed(stream.subarray(i, i + size)) && passed;
      expect(passed, `chunks of ${size}`).toBe(true);
    }
  });

  it('stops at the header of a packet over the limit, before its body', () => {
    const guard = createPacketSizeGuard(66_560);
    expect(guard.feed(packet(0x32, 100))).toBe(true);
    const big = packet(0x32, 70 * 1024);
    expect(guard.feed(big.subarray(0, 4))).toBe(false);
    expect(guard.feed(Buffer.from([0x30, 0x00]))).toBe(false);
  });

  it('counts the header: a body of exactly the limit minus its header passes, one byte more does not', () => {
    expect(createPacketSizeGuard(1000).feed(packet(0x30, 997))).toBe(true);
    expect(createPacketSizeGuard(1000).feed(packet(0x30, 998))).toBe(false);
  });

  it('refuses a remaining length longer than four bytes', () => {
    expect(
      createPacketSizeGuard(Number.MAX_SAFE_INTEGER).feed(
        Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]),
      ),
    ).toBe(false);
  });
});
