import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

function Shell() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 24 }}>
      <h1>督考 Dukao</h1>
      <p>季度督查与绩效考核 — quarterly supervision and performance assessment.</p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Shell />
  </StrictMode>,
);
