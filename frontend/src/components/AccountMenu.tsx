import { useRouterState } from '@tanstack/react-router';
import { Button, Paragraph, Strong } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api/client';
import { LOGOUT_URL, safeReturnTo } from '../navigation';
import { RouterLink } from './links';

/** The header's sign-in link, or who is signed in and the sign-out button. */
export function AccountMenu({ me, pending }: { me: Me | null | undefined; pending: boolean }) {
  const { t } = useTranslation();
  const location = useRouterState({ select: (s) => s.location });

  if (pending) return null; // avoid showing "Inloggen" for a moment to someone signed in
  if (!me) {
    if (location.pathname === '/inloggen') return null;
    const terug = safeReturnTo(location.href);
    return (
      <div className="bg-account">
        <RouterLink to="/inloggen" search={terug && terug !== '/' ? { terug } : {}} className="bg-account__signin">
          {t('account.signIn')}
        </RouterLink>
      </div>
    );
  }
  return (
    <div className="bg-account">
      <Paragraph className="bg-account__who">
        <span className="bg-visually-hidden">{t('account.signedInAs')}</span>{' '}
        <Strong>{me.user.name}</Strong>
        <span className="bg-account__organisation">{me.tenant.name}</span>
      </Paragraph>
      {/* A real form post: the server ends the session and sends the browser on via the
          identity provider. */}
      <form method="post" action={LOGOUT_URL}>
        <Button type="submit" appearance="secondary-action-button">
          {t('account.signOut')}
        </Button>
      </form>
    </div>
  );
}
