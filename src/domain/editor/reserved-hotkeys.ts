// Keys the annotation editors keep for themselves, so no label may take them as its hotkey. The
// image editor gives a label's key precedence over its own (useImageHotkeys), so a label on "b"
// would silently switch off the box tool; refusing the schema is the plain way to keep both.
// The escalate key "e" is not here: a label may claim it and Shift+E then escalates (escalateHotkey).
// Keep this list in step with src/client/editor/image/useImageHotkeys.ts.
export const RESERVED_HOTKEYS: Readonly<Record<string, string>> = {
  v: 'the select tool',
  b: 'the box tool',
  p: 'the polygon tool',
  f: 'fit the image to the window',
  z: 'zoom to the selected shape',
};
