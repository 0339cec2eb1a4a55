// Coordinates in an image file's own frame → the frame the item is stored in. Uploads are turned
// upright by their EXIF orientation (sharp's rotate()), so a file written by a tool that ignores
// EXIF (coordinates over the raw pixels, W×H) is mapped by the same orientation:
//   1 as is · 2 mirrored · 3 turned 180° · 4 flipped · 5 transposed · 6 turned 90° clockwise
//   7 transversed · 8 turned 90° anticlockwise
export function exifToUpright(orientation: number, W: number, H: number): (x: number, y: number) => [number, number] {
  switch (orientation) {
    case 2:
      return (x, y) => [W - x, y];
    case 3:
      return (x, y) => [W - x, H - y];
    case 4:
      return (x, y) => [x, H - y];
    case 5:
      return (x, y) => [y, x];
    case 6:
      return (x, y) => [H - y, x];
    case 7:
      return (x, y) => [H - y, W - x];
    case 8:
      return (x, y) => [y, W - x];
    default:
      return (x, y) => [x, y];
  }
}
