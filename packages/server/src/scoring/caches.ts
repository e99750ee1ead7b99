// The per-word memo tables (model partial sums, stem lookups, cue hits), emptied together.
import { clearModelCaches } from './models.ts';
import { clearLexiconMemos } from './lexicons/index.ts';

export function clearScoringCaches(): void {
  clearModelCaches();
  clearLexiconMemos();
}
