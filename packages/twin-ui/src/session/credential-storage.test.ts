import { describe, expect, it } from 'vitest';
import { readStoredCredential } from './credential-storage.ts';

describe('readStoredCredential', () => {
  it('takes a wall screen token from ?screen=, beside the scene parameters', () => {
    expect(readStoredCredential('?scene=alerts&screen=abc.def-ghi_1')).toEqual({
      kind: 'screen',
      token: 'abc.def-ghi_1',
    });
  });

  it('ignores an empty screen parameter (no storage here: nobody is signed in)', () => {
    expect(readStoredCredential('?screen=%20')).toBeNull();
    expect(readStoredCredential('')).toBeNull();
  });
});
