import { lowerBound } from './lower-bound.js';

/** Maps character offsets in a text to 1-based line and column numbers. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; col: number } {
    // the last line starting at or before the offset (the first line starts at 0)
    const line = Math.max(lowerBound(this.starts.length, (i) => this.starts[i]! <= offset) - 1, 0);
    return { line: line + 1, col: offset - this.starts[line]! + 1 };
  }
}
