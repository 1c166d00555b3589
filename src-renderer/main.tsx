import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.js';
import { connectBridge } from './bridge/bridge.js';
import { BridgeProvider } from './bridge/bridge-context.js';
import { BridgeClient } from './bridge/client.js';
import './styles.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
const client = new BridgeClient(connectBridge(window));
createRoot(container).render(
  <StrictMode>
    <BridgeProvider client={client}>
      <App />
    </BridgeProvider>
  </StrictMode>,
);
