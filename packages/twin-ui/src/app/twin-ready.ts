declare global {
  interface Window {
    /**
     * True once the screen has drawn the districts and the first station poll: deck.gl has
     * rendered a frame with both. Browser tests wait on it.
     */
    __twinReady?: boolean;
  }
}

/** Marks the screen ready (see Window.__twinReady). */
export function markTwinReady(): void {
  window.__twinReady = true;
}
