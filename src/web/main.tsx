import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';
import { createTheme, MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { sessionKey } from './api/auth.ts';
import { setUnauthorizedHandler } from './api/http.ts';
import './components/format.ts';
import { queryClient } from './queryClient.ts';
import { router } from './router.tsx';

const theme = createTheme({
  primaryColor: 'blue',
  // Shade 8 of blue keeps links and white text on buttons above WCAG AA's 4.5:1; Mantine's default
  // shade 6 gives 3.6:1.
  primaryShade: 8,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
});

// A 401 from any request means the session has ended: forget it and go to the sign-in screen.
setUnauthorizedHandler(() => {
  queryClient.setQueryData(sessionKey, null);
  if (router.state.location.pathname !== '/login') void router.navigate({ to: '/login' });
});

const root = document.getElementById('root');
if (!root) throw new Error('No #root element');

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <DatesProvider settings={{ locale: 'ru', firstDayOfWeek: 1 }}>
        <Notifications position="bottom-right" className="app-notifications" />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  </StrictMode>,
);
