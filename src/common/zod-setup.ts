import { z } from 'zod';

// Messages of built-in checks in Russian: operators read them next to the fields.
z.config(z.locales.ru());
