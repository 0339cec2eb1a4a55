// How the annotator arranged the working screen: which side panels are open, whether the canvas
// fills the window, and the image's brightness and contrast. View state only (never saved with
// the work, never undoable); kept in localStorage so the arrangement survives the next item and a
// reload.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export interface WorkLayout {
  guidelineOpen: boolean;
  shapesOpen: boolean;
  fullScreen: boolean;
  /** CSS filter factors, 1 = as the image is. */
  brightness: number;
  contrast: number;
  toggleGuideline: () => void;
  toggleShapes: () => void;
  toggleFullScreen: () => void;
  setBrightness: (v: number) => void;
  setContrast: (v: number) => void;
  resetImageLook: () => void;
}

export const useWorkLayout = create<WorkLayout>()(
  persist(
    (set) => ({
      guidelineOpen: true,
      shapesOpen: true,
      fullScreen: false,
      brightness: 1,
      contrast: 1,
      toggleGuideline: () => set((s) => ({ guidelineOpen: !s.guidelineOpen })),
      toggleShapes: () => set((s) => ({ shapesOpen: !s.shapesOpen })),
      toggleFullScreen: () => set((s) => ({ fullScreen: !s.fullScreen })),
      setBrightness: (brightness) => set({ brightness }),
      setContrast: (contrast) => set({ contrast }),
      resetImageLook: () => set({ brightness: 1, contrast: 1 }),
    }),
    // Full screen is a moment's choice: a reload brings the panels back.
    {
      name: 'touchstone-work-layout',
      partialize: ({ guidelineOpen, shapesOpen, brightness, contrast }) => ({ guidelineOpen, shapesOpen, brightness, contrast }),
    },
  ),
);

/** The screen-wide layout keys; a label hotkey on the same letter wins. */
export const LAYOUT_KEYS = { guideline: 'g', shapes: 'l', fullScreen: 'm' } as const;

/** Carries out a layout key; true when the key was one. */
export function layoutKey(key: string): boolean {
  const l = useWorkLayout.getState();
  if (key === LAYOUT_KEYS.guideline) l.toggleGuideline();
  else if (key === LAYOUT_KEYS.shapes) l.toggleShapes();
  else if (key === LAYOUT_KEYS.fullScreen) l.toggleFullScreen();
  else return false;
  return true;
}
