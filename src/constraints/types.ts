export interface Pin {
  name: string;
  version: string;
  file: string;
  line: number;
  col: number;
}

export interface PinKey {
  name: string;
  line: number;
  col: number;
}

/** The parsed constraints file: every pin with its position, keys in file order. */
export interface Constraints {
  file: string;
  exists: boolean;
  pins: Pin[];
  byName: Map<string, Pin[]>;
  keys: PinKey[];
  text: string;
}

/** A pin set as the resolver produces it: one version or several per name. */
export type PinSet = Map<string, string[]>;
