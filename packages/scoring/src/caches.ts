// The word table (lexicon facts, model memos) and every memo kept by word id, emptied together.
import { clearWords } from './words.ts';

export function clearScoringCaches(): void {
  clearWords();
}
