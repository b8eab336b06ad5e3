/**
 * Lengths as a person sees them: "👩🏽‍💻" is one character to whoever typed
 * it, though it is seven UTF-16 units. Limits on what people write count this.
 */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function visibleLength(text: string): number {
  let n = 0;
  for (const _ of graphemes.segment(text)) n += 1;
  return n;
}
