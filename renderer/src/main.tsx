import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/index.js';
import { shareTokenWithNewTabs, takeToken, tokenFromOtherTab } from './api/token.js';
import { App } from './app/App.js';
import { StoreProvider } from './store-context.js';
import { TokenGate } from './app/TokenGate.js';
import { connectStore, createAppStore } from './store.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');

// Composition root of the renderer: transport → store → pushes → React. Over HTTP without a token
// (and none from another open tab) there is nothing to ask the server: show the sign-in page and send no request.
const signedIn = Boolean(window.mcpOrchestrator) || Boolean(takeToken()) || Boolean(await tokenFromOtherTab());
if (!signedIn) {
  createRoot(root).render(
    <StrictMode>
      <TokenGate reason="missing" />
    </StrictMode>,
  );
} else {
  if (!window.mcpOrchestrator) shareTokenWithNewTabs();
  const client = createClient();
  const store = createAppStore(client);
  connectStore(store, client);
  createRoot(root).render(
    <StrictMode>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
}
