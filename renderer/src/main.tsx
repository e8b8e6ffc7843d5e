import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/index.js';
import { App } from './app/App.js';
import { StoreProvider } from './app/store-context.js';
import { connectStore, createAppStore } from './store.js';
import './styles.css';

// Composition root of the renderer: transport → store → pushes → React.
const client = createClient();
const store = createAppStore(client);
connectStore(store, client);

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
