import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets `<title>` to "<page> – Bondgenoten" (WCAG 2.4.2). */
export function useDocumentTitle(pageTitle: string) {
  const { t } = useTranslation();
  const suffix = t('app.titleSuffix');
  useEffect(() => {
    document.title = pageTitle ? `${pageTitle} – ${suffix}` : suffix;
  }, [pageTitle, suffix]);
}
