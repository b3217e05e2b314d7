import { Outlet } from '@tanstack/react-router';
import { NavBar, NavList } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { can, useSignedInMe } from '../api/me';
import { RouterNavListLink } from './links';
import { NoAccess } from './NoAccess';

/** Beheer: the organisation's users, single sign-on and audit trail, for its administrators. */
export function AdminLayout() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  if (!can(me, 'admin', 'read')) return <NoAccess />;
  return (
    <>
      <NavBar aria-label={t('admin.navLabel')} className="bg-subnav">
        <NavList>
          <RouterNavListLink to="/beheer/gebruikers">{t('admin.users')}</RouterNavListLink>
          <RouterNavListLink to="/beheer/sso">{t('admin.sso')}</RouterNavListLink>
          {can(me, 'audit', 'read') && <RouterNavListLink to="/beheer/audit">{t('admin.audit')}</RouterNavListLink>}
          <RouterNavListLink to="/beheer/e-mail">{t('admin.mail')}</RouterNavListLink>
        </NavList>
      </NavBar>
      <Outlet />
    </>
  );
}
