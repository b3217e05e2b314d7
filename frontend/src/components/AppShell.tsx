import { Outlet, useRouterState } from '@tanstack/react-router';
import {
  Document,
  NavBar,
  NavList,
  NumberBadge,
  PageContent,
  PageFooter,
  PageHeader,
  Paragraph,
  SkipLink,
} from '@utrecht/component-library-react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { can, mayOpenOversight, useMe } from '../api/me';
import { AccountMenu } from './AccountMenu';
import { LanguageSwitch } from './LanguageSwitch';
import { RouterNavListLink } from './links';

export function AppShell() {
  const { t } = useTranslation();
  const mainRef = useRef<HTMLElement>(null);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const firstPath = useRef(pathname);
  const meQuery = useMe();
  const me = meQuery.data;

  // After an in-app navigation, move focus to the new content so screen reader and
  // keyboard users start there (the initial page load keeps the browser's default).
  useEffect(() => {
    if (pathname !== firstPath.current) {
      firstPath.current = '';
      mainRef.current?.focus({ preventScroll: true });
    }
  }, [pathname]);

  return (
    <Document className="voorbeeld-theme bg-app">
      <SkipLink href="#main">{t('app.skipLink')}</SkipLink>
      <PageHeader>
        <div className="utrecht-page-header__content bg-header">
          <div className="bg-brand">
            <Paragraph className="bg-brand__name">{t('app.name')}</Paragraph>
            <Paragraph appearance="small" className="bg-brand__tagline">
              {t('app.tagline')}
            </Paragraph>
          </div>
          <div className="bg-header__tools">
            <AccountMenu me={me} pending={meQuery.isPending} />
            <LanguageSwitch />
          </div>
        </div>
      </PageHeader>
      <NavBar aria-label={t('nav.label')}>
        <NavList>
          <RouterNavListLink to="/" activeOptions={{ exact: true }}>
            {t('nav.home')}
          </RouterNavListLink>
          <RouterNavListLink to="/organisaties">{t('nav.directory')}</RouterNavListLink>
          {can(me, 'org', 'read') && <RouterNavListLink to="/netwerken">{t('nav.networks')}</RouterNavListLink>}
          {(can(me, 'onboarding', 'read-own') || can(me, 'onboarding', 'write')) && (
            <RouterNavListLink to="/introductie">{t('nav.introduction')}</RouterNavListLink>
          )}
          {mayOpenOversight(me) && <RouterNavListLink to="/toezicht">{t('nav.oversight')}</RouterNavListLink>}
          {me && <NotificationsNavLink unread={me.unreadNotifications} />}
          {me && <RouterNavListLink to="/mijn-sessies">{t('nav.sessions')}</RouterNavListLink>}
          {can(me, 'admin', 'read') && <RouterNavListLink to="/beheer">{t('nav.admin')}</RouterNavListLink>}
          {can(me, 'tenants', 'read') && <RouterNavListLink to="/platform">{t('nav.platform')}</RouterNavListLink>}
        </NavList>
      </NavBar>
      <PageContent className="bg-content">
        <main id="main" ref={mainRef} tabIndex={-1} className="utrecht-page-content__main bg-main">
          <Outlet />
        </main>
      </PageContent>
      <PageFooter>
        <div className="utrecht-page-footer__content">
          <Paragraph>{t('footer.about')}</Paragraph>
          <Paragraph appearance="small">{t('footer.license')}</Paragraph>
        </div>
      </PageFooter>
    </Document>
  );
}

/**
 * "Meldingen" with the number of unread notifications as a badge. The badge is for the eye; the
 * link's accessible name says it in words ("Meldingen, 2 ongelezen"), starting with the visible
 * label (WCAG 2.5.3).
 */
function NotificationsNavLink({ unread }: { unread: number }) {
  const { t } = useTranslation();
  return (
    <RouterNavListLink
      to="/meldingen"
      {...(unread > 0 ? { 'aria-label': t('nav.notificationsUnread', { count: unread }) } : {})}
    >
      {t('nav.notifications')}
      {unread > 0 && (
        <NumberBadge className="bg-nav-badge" aria-hidden="true" value={String(unread)}>
          {unread > 99 ? '99+' : unread}
        </NumberBadge>
      )}
    </RouterNavListLink>
  );
}
