import type { DeckProps } from '@deck.gl/core';
import { useCallback, useEffect, useRef } from 'react';

type Device = Parameters<NonNullable<DeckProps['onDeviceInitialized']>>[0];

/**
 * Frees the luma.gl device a DeckGL map created once the map is gone. deck.gl 9.4's
 * `Deck.finalize()` drops the device's canvas context without destroying it (visgl/deck.gl
 * issue 10355), so its resize and intersection observers and its device-pixel-ratio media-query
 * listener stay registered: they keep the unmounted canvas, and through it the whole scene's DOM
 * tree, alive for good, and the WebGL context is never let go. Pass the returned callback as
 * DeckGL's `onDeviceInitialized`.
 */
export function useDeviceRelease(): (device: Device) => void {
  const devices = useRef<Device[]>([]);
  useEffect(() => {
    const held = devices.current;
    return () => {
      // After DeckGL's own clean-up (finalize) in the same commit.
      setTimeout(() => {
        const kept = held.filter((device) => !releaseDevice(device));
        held.splice(0, held.length, ...kept);
      }, 0);
    };
  }, []);
  return useCallback((device: Device) => {
    if (!devices.current.includes(device)) devices.current.push(device);
  }, []);
}

/** Destroys the device's canvas context and loses its WebGL context; false while still shown. */
function releaseDevice(device: Device): boolean {
  const { canvasContext } = device;
  // StrictMode's rehearsal unmount keeps the canvas in the page, and DeckGL reuses the device.
  if (canvasContext?.htmlCanvas?.isConnected) return false;
  canvasContext?.destroy();
  device.loseDevice();
  return true;
}
