/** Distinct colours (Sasha Trubetskoy's list) for labels whose source gives none. */
export const PALETTE = [
  '#e6194b',
  '#3cb44b',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#42d4f4',
  '#f032e6',
  '#bfef45',
  '#469990',
  '#9a6324',
  '#800000',
  '#808000',
  '#000075',
  '#a9a9a9',
  '#ffe119',
  '#dcbeff',
];
