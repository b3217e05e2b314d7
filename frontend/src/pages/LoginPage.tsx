import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import {
  Alert,
  Button,
  Code,
  Heading,
  Link,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchClient, isTenantKind, problemFieldErrors } from '../api/client';
import { useDirectory } from '../api/directory';
import { useMe } from '../api/me';
import { TextField } from '../components/fields';
import { ProblemAlert } from '../components/ProblemAlert';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { currentLanguage } from '../i18n';
import { browser, loginUrl } from '../navigation';

const route = getRouteApi('/inloggen');

/** The reasons the server gives in /inloggen?fout=… (see api/auth.go). */
export const LOGIN_FAILURES = [
  'login_failed',
  'account_pending',
  'account_deactivated',
  'email_domain',
  'unknown_organisation',
  'unavailable',
] as const;
type LoginFailure = (typeof LOGIN_FAILURES)[number];

function isLoginFailure(value: string): value is LoginFailure {
  return (LOGIN_FAILURES as readonly string[]).includes(value);
}

/** Shape of an email address, enough to find its domain; the server decides the rest. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

export function LoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('login.title'));
  const { fout, terug } = route.useSearch();
  const me = useMe();

  return (
    <>
      <Heading level={1}>{t('login.title')}</Heading>
      {fout && <LoginFailureAlert reason={fout} />}
      {me.data && (
        <Alert type="info">
          <Paragraph>{t('login.alreadySignedIn', { name: me.data.user.name, organisation: me.data.tenant.name })}</Paragraph>
        </Alert>
      )}
      <Paragraph appearance="lead">{t('login.intro')}</Paragraph>
      <DemoHint />
      <EmailLogin returnTo={terug} />
      <OrganisationPicker returnTo={terug} />
    </>
  );
}

function LoginFailureAlert({ reason }: { reason: string }) {
  const { t } = useTranslation();
  const known = isLoginFailure(reason) ? reason : undefined;
  return (
    <Alert type={known === 'account_pending' ? 'warning' : 'error'}>
      <Heading level={2}>{known ? t(`loginFailure.${known}.title`) : t('loginFailure.unknown.title')}</Heading>
      <Paragraph>{known ? t(`loginFailure.${known}.text`) : t('loginFailure.unknown.text')}</Paragraph>
    </Alert>
  );
}

/**
 * Whether this server runs the built-in demo identity provider (`serve --demo`). Its
 * discovery document exists only then; elsewhere the path falls through to the web app.
 */
function useDemoProvider() {
  return useQuery({
    queryKey: ['demo-identity-provider'],
    queryFn: async ({ signal }) => {
      const url = new URL('/dev-idp/.well-known/openid-configuration', globalThis.location.origin);
      const response = await globalThis.fetch(url, { signal, headers: { Accept: 'application/json' } });
      if (!response.ok || !response.headers.get('Content-Type')?.includes('json')) return false;
      const body: unknown = await response.json();
      const issuer = (body as { issuer?: unknown } | null)?.issuer;
      return typeof issuer === 'string' && issuer.endsWith('/dev-idp');
    },
    staleTime: Infinity,
    retry: false,
  });
}

function DemoHint() {
  const { t } = useTranslation();
  const demo = useDemoProvider();
  if (demo.data !== true) return null;
  return (
    <Alert type="info" className="bg-demo-hint">
      <Paragraph>
        {t('login.demoHint')} <Code>{t('login.demoPattern')}</Code>
      </Paragraph>
      <Paragraph>
        {t('login.demoExamples')} <Code>coordinator@utrecht.demo</Code>, <Code>tenant-admin@houten.demo</Code>,{' '}
        <Code>bureau-advisor@bureau-rvs.demo</Code>, <Code>operator@platform.demo</Code>.
      </Paragraph>
    </Alert>
  );
}

function EmailLogin({ returnTo }: { returnTo: string | undefined }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const showFieldError = (message: string) => {
    setFieldError(message);
    inputRef.current?.focus();
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const value = email.trim();
    setProblem(undefined);
    if (value === '') return showFieldError(t('login.emailRequired'));
    if (!EMAIL_SHAPE.test(value)) return showFieldError(t('login.emailInvalid'));
    setFieldError(undefined);
    setBusy(true);
    try {
      const { data, error, response } = await fetchClient.GET('/api/v1/login/lookup', {
        params: { query: { email: value } },
      });
      const status = response.status;
      if (data) {
        browser.assign(loginUrl(data.slug, { loginHint: value, returnTo }));
      } else if (status === 404) {
        showFieldError(t('login.unknownDomain'));
      } else if (status === 400) {
        showFieldError(problemFieldErrors(error).email ?? t('login.emailInvalid'));
      } else {
        setProblem(error ?? new Error(`lookup: ${status}`));
      }
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Heading level={2}>{t('login.emailHeading')}</Heading>
      {problem !== undefined && <ProblemAlert error={problem} fallbackTitle={t('login.lookupFailed')} focusOnShow />}
      <form noValidate onSubmit={(event) => void onSubmit(event)} className="bg-form">
        <TextField
          id="login-email"
          label={t('login.emailLabel')}
          description={t('login.emailDescription')}
          type="email"
          name="email"
          autoComplete="email"
          spellCheck={false}
          value={email}
          onChange={setEmail}
          error={fieldError}
          inputRef={inputRef}
        />
        <Button type="submit" appearance="primary-action-button" busy={busy} aria-disabled={busy || undefined}>
          {t('login.submit')}
        </Button>
      </form>
    </>
  );
}

/** Lower case without diacritics, so that "zeist" finds "Zeist" and "cooperatie" "Coöperatie". */
function normalize(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLocaleLowerCase().trim();
}

function OrganisationPicker({ returnTo }: { returnTo: string | undefined }) {
  const { t } = useTranslation();
  const { items, loading, error, retry } = useDirectory();
  const [query, setQuery] = useState('');
  const listId = useId();
  const language = currentLanguage();

  const matches = useMemo(() => {
    const collator = new Intl.Collator(language, { sensitivity: 'base', numeric: true });
    const q = normalize(query);
    return items
      .filter((entry) => q === '' || normalize(entry.name).includes(q))
      .sort((a, b) => collator.compare(a.name, b.name));
  }, [items, query, language]);

  let status = '';
  if (loading) status = t('login.orgLoading');
  else if (!error) {
    status =
      query.trim() === ''
        ? t('login.orgCount', { count: matches.length })
        : t('login.orgFound', { count: matches.length });
  }

  return (
    <>
      <Heading level={2}>{t('login.orgHeading')}</Heading>
      <TextField
        id="login-organisation-search"
        label={t('login.orgSearchLabel')}
        description={t('login.orgSearchDescription')}
        type="search"
        name="organisatie"
        autoComplete="off"
        value={query}
        onChange={setQuery}
      />
      <Paragraph role="status" className="bg-status">
        {status}
      </Paragraph>
      {error !== undefined && (
        <ProblemAlert error={error} fallbackTitle={t('directory.errorHeading')} onRetry={retry} />
      )}
      {!loading && error === undefined && matches.length === 0 && query.trim() !== '' && (
        <Paragraph>{t('login.orgNone', { query: query.trim() })}</Paragraph>
      )}
      {matches.length > 0 && (
        <UnorderedList id={listId} aria-label={t('login.orgListLabel')} className="bg-org-list">
          {matches.map((entry) => (
            <UnorderedListItem key={entry.slug}>
              <Link href={loginUrl(entry.slug, { returnTo })}>{entry.name}</Link>{' '}
              <span className="bg-muted">– {isTenantKind(entry.kind) ? t(`kind.${entry.kind}`) : entry.kind}</span>
            </UnorderedListItem>
          ))}
        </UnorderedList>
      )}
    </>
  );
}
