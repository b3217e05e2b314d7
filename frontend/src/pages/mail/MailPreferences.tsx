import { useQueryClient } from '@tanstack/react-query';
import { Button, ButtonGroup, Heading, Paragraph } from '@utrecht/component-library-react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { $api } from '../../api/client';
import { useSignedInMe } from '../../api/me';
import type { components } from '../../api/schema';
import { RadioGroupField } from '../../components/fields';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Loading, QueryError } from '../../components/QueryError';

type Preferences = components['schemas']['NotificationPreferences'];
const PATH = '/api/v1/me/notification-preferences';
const EMAIL_CHOICES: Preferences['email'][] = ['immediate', 'digest', 'app'];
const LANGUAGES: Preferences['language'][] = ['nl', 'en'];

/**
 * E-mail over meldingen: how the signed-in person hears of their notifications beyond this page
 * (at once, a daily digest, or the app only) and the language of their emails. Emails never
 * hold personal data of allies or what a signal says: what happened, where, and a link.
 */
export function MailPreferences() {
  const { t } = useTranslation();
  const headingId = useId();
  const me = useSignedInMe();
  const queryClient = useQueryClient();
  const current = $api.useQuery('get', PATH);
  const save = $api.useMutation('put', PATH, {
    onSuccess: (data) => queryClient.setQueryData(['get', PATH], data),
  });
  const [draft, setDraft] = useState<Preferences | undefined>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (current.data && draft === undefined) setDraft({ email: current.data.email, language: current.data.language });
  }, [current.data, draft]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft || save.isPending) return;
    setSaved(false);
    save.mutate({ body: draft }, { onSuccess: () => setSaved(true) });
  };

  return (
    <section aria-labelledby={headingId} className="bg-mail-preferences">
      <Heading level={2} id={headingId}>
        {t('mailPreferences.title')}
      </Heading>
      <Paragraph>{t('mailPreferences.intro')}</Paragraph>
      <Paragraph>{t('mailPreferences.address', { email: me.user.email })}</Paragraph>
      {current.isPending && <Loading />}
      {current.isError && <QueryError error={current.error} onRetry={() => void current.refetch()} />}
      {draft && (
        <form onSubmit={submit} noValidate>
          {save.isError && <ProblemAlert error={save.error} focusOnShow />}
          <RadioGroupField
            id="mail-email"
            name="email"
            legend={t('mailPreferences.email')}
            options={EMAIL_CHOICES}
            value={draft.email}
            onChange={(email) => {
              setSaved(false);
              setDraft({ ...draft, email });
            }}
            optionLabel={(option) => t(`mailPreferences.choice.${option}`)}
            optionDescription={(option) => t(`mailPreferences.choiceHelp.${option}`)}
          />
          <RadioGroupField
            id="mail-language"
            name="language"
            legend={t('mailPreferences.language')}
            options={LANGUAGES}
            value={draft.language}
            onChange={(language) => {
              setSaved(false);
              setDraft({ ...draft, language });
            }}
            optionLabel={(option) => t(`mailPreferences.languages.${option}`)}
            inline
          />
          <ButtonGroup>
            <Button type="submit" appearance="primary-action-button" busy={save.isPending}>
              {t('mailPreferences.save')}
            </Button>
          </ButtonGroup>
          <Paragraph role="status">{saved ? t('mailPreferences.saved') : ''}</Paragraph>
        </form>
      )}
    </section>
  );
}
