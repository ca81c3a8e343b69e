import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './app/app.tsx';
import { ErrorBoundary } from './app/error-boundary.tsx';
import { createI18n } from './i18n/i18n.ts';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const i18n = createI18n();
createRoot(container).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <ErrorBoundary i18n={i18n}>
        <App />
      </ErrorBoundary>
    </I18nextProvider>
  </StrictMode>,
);
