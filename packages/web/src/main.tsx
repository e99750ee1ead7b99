import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './App.tsx';
// Noto fonts for the scripts of our users' languages (script subsets only), so that an agent's
// machine without such a font (common outside the region) shows the message instead of empty boxes.
import '@fontsource/noto-sans-ethiopic/ethiopic-400.css';
import '@fontsource/noto-sans-khmer/khmer-400.css';
import '@fontsource/noto-sans-sinhala/sinhala-400.css';
import '@fontsource/noto-sans-tamil/tamil-400.css';
import './styles.css';

const client = new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: 1 } } });

// Loaded before the first render rather than on first use: Chromium drew some text that appeared
// while its font was still loading as empty boxes and kept it so (the "Words:" line of a Khmer
// message, font loaded, in 2 of 3 screenshots). At most 1.5 s: a font that does not come does not
// hold up the inbox.
const SCRIPT_FONTS = [['Noto Sans Ethiopic', 'ሀ'], ['Noto Sans Khmer', 'ក'], ['Noto Sans Sinhala', 'අ'], ['Noto Sans Tamil', 'அ']] as const;
const fontsLoaded = Promise.all(SCRIPT_FONTS.map(([family, sample]) => document.fonts.load(`16px "${family}"`, sample)));
const atMost = new Promise((resolve) => setTimeout(resolve, 1500));

void Promise.race([fontsLoaded, atMost])
  .catch(() => undefined)
  .then(() => {
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <QueryClientProvider client={client}>
          <App />
        </QueryClientProvider>
      </StrictMode>,
    );
  });
