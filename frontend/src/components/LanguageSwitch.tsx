import { Button, ButtonGroup } from '@utrecht/component-library-react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, currentLanguage } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const active = i18n.resolvedLanguage ?? currentLanguage();
  return (
    <ButtonGroup role="group" aria-label={t('language.label')} className="bg-language-switch">
      {LANGUAGES.map((lng) => (
        <Button
          key={lng}
          appearance={lng === active ? 'primary-action-button' : 'secondary-action-button'}
          pressed={lng === active}
          lang={lng}
          onClick={() => void i18n.changeLanguage(lng)}
        >
          {t(`language.${lng}`)}
        </Button>
      ))}
    </ButtonGroup>
  );
}
