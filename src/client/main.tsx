// First: starts the page's requests before the rest of the app's code runs (see there).
import './startup/opening.ts';
import './zod-config.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { registerServiceWorkerWhenSettled } from './startup/serviceWorker.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

registerServiceWorkerWhenSettled();
