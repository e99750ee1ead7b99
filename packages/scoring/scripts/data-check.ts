// For the train and eval commands: one clear line and exit 1 when the labelled files are not there.
import { dataRoot, missingTrainingData } from '../src/train/data.ts';

export function exitUnlessTrainingData(): void {
  const missing = missingTrainingData();
  if (missing.length === 0) return;
  process.stderr.write(`training data not found in ${dataRoot()} (missing ${missing.join(', ')}): put the labelled files of ../shared/data ` +
    'next to the repository, or point INBOX_TRAINING_DATA at them. The trained models are committed; only training and evaluation need the data.\n');
  process.exit(1);
}
