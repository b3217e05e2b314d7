import {
  Button,
  ButtonGroup,
  Fieldset,
  FieldsetLegend,
  FormFieldCheckbox,
  FormFieldDescription,
  FormFieldErrorMessage,
  Heading,
} from '@utrecht/component-library-react';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem, problemFieldErrors, type RoleEntry, type User } from '../../api/client';
import { roleLabel } from '../../api/roles';
import { ModalDialog } from '../../components/ModalDialog';
import { ProblemAlert } from '../../components/ProblemAlert';
import { currentLanguage } from '../../i18n';

export interface RolesDialogProps {
  user: User;
  catalogue: RoleEntry[];
  busy: boolean;
  error: unknown;
  onSave: (roles: string[]) => void;
  onCancel: () => void;
}

/** "Rollen wijzigen": a checkbox per role of the organisation's catalogue. */
export function RolesDialog({ user, catalogue, busy, error, onSave, onCancel }: RolesDialogProps) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const titleId = useId();
  const descriptionId = useId();
  const errorId = useId();
  const [roles, setRoles] = useState<string[]>(() =>
    user.roles.filter((r) => catalogue.some((e) => e.role === r) && !user.groupRoles.includes(r)),
  );

  const fieldError = problemFieldErrors(error).roles;
  const toggle = (role: string, checked: boolean) =>
    setRoles((current) => (checked ? [...current, role] : current.filter((r) => r !== role)));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    // Keep the catalogue's order.
    onSave(catalogue.map((entry) => entry.role).filter((role) => roles.includes(role)));
  };

  return (
    <ModalDialog labelledBy={titleId} onCancel={onCancel}>
      <form noValidate onSubmit={submit} className="bg-form">
        <Heading level={2} id={titleId}>
          {t('users.rolesTitle', { name: user.name })}
        </Heading>
        {error !== undefined && isProblem(error) && !fieldError && <ProblemAlert error={error} />}
        <Fieldset
          invalid={fieldError !== undefined}
          aria-describedby={fieldError ? `${descriptionId} ${errorId}` : descriptionId}
        >
          <FieldsetLegend>{t('users.rolesLegend')}</FieldsetLegend>
          <FormFieldDescription id={descriptionId}>{t('users.rolesDescription')}</FormFieldDescription>
          {fieldError && <FormFieldErrorMessage id={errorId}>{fieldError}</FormFieldErrorMessage>}
          {catalogue.map((entry) => {
            // Roles from the identity provider's groups follow the provider, not this form.
            const viaGroup = user.groupRoles.includes(entry.role);
            const label = roleLabel(entry, entry.role, language);
            return (
              <FormFieldCheckbox
                key={entry.role}
                name="roles"
                value={entry.role}
                label={viaGroup ? `${label} (${t('users.viaGroup')})` : label}
                checked={viaGroup || roles.includes(entry.role)}
                disabled={viaGroup}
                onChange={(event) => toggle(entry.role, event.currentTarget.checked)}
              />
            );
          })}
        </Fieldset>
        <ButtonGroup>
          <Button type="submit" appearance="primary-action-button" busy={busy}>
            {t('common.save')}
          </Button>
          <Button type="button" appearance="secondary-action-button" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </ButtonGroup>
      </form>
    </ModalDialog>
  );
}
