import { useState } from 'react';

/**
 * Resets per-item state when the workspace moves to another item. The workspace stays mounted
 * from one item to the next (a new Konva stage per item cost its first frame about 30 ms), so
 * what belonged to the last item (an open dialog, an error about it) is let go here, in the
 * render in which the item changes: React's way of adjusting state to a prop, without an effect
 * and the frame it would show first. `reset` may only set state of the calling component.
 */
export function useItemChange(itemId: string, reset: () => void): void {
  const [shown, setShown] = useState(itemId);
  if (shown !== itemId) {
    setShown(itemId);
    reset();
  }
}
