// The per-word records (lexicon facts, model memo slots) and the models' partial sums, emptied together.
import { clearWords } from './words.ts';

export function clearScoringCaches(): void {
  clearWords();
}
