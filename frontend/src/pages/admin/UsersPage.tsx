import { useQueryClient } from '@tanstack/react-query';
import {
  Button,
  ButtonGroup,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableContainer,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { $api, isForbidden, problemFieldErrors, type User } from '../../api/client';
import { can, useSignedInMe } from '../../api/me';
import { roleLabel, useRoleCatalogue } from '../../api/roles';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { NoAccess } from '../../components/NoAccess';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Loading, QueryError } from '../../components/QueryError';
import { currentLanguage } from '../../i18n';
import { AdminHeading } from './AdminHeading';
import { RolesDialog } from './RolesDialog';

const USERS_PATH = '/api/v1/tenants/{tenant}/users';

export function UsersPage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const me = useSignedInMe();
  const tenant = me.tenant.slug;
  const mayWrite = can(me, 'admin', 'write');
  const captionId = useId();
  const queryClient = useQueryClient();
  const statusRef = useRef<HTMLParagraphElement>(null);

  const users = $api.useQuery('get', USERS_PATH, { params: { path: { tenant } } });
  const { byRole, items: catalogue } = useRoleCatalogue(tenant);

  const [message, setMessage] = useState('');
  const [actionError, setActionError] = useState<unknown>();
  const [deactivating, setDeactivating] = useState<User>();
  const [editing, setEditing] = useState<User>();

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['get', USERS_PATH] });
  const announce = (text: string) => {
    setMessage(text);
    // The button that was pressed may be gone now: continue from the message.
    requestAnimationFrame(() => statusRef.current?.focus());
  };

  const approve = $api.useMutation('post', '/api/v1/tenants/{tenant}/users/{userId}/approve', {
    onSettled: refresh,
  });
  const deactivate = $api.useMutation('post', '/api/v1/tenants/{tenant}/users/{userId}/deactivate', {
    onSettled: refresh,
  });
  const setRoles = $api.useMutation('put', '/api/v1/tenants/{tenant}/users/{userId}/roles', {
    onSettled: refresh,
  });

  const doApprove = (user: User) => {
    setActionError(undefined);
    approve.mutate(
      { params: { path: { tenant, userId: user.id } } },
      {
        onSuccess: () =>
          announce(t(user.status === 'deactivated' ? 'users.reactivated' : 'users.approved', { name: user.name })),
        onError: setActionError,
      },
    );
  };

  const doDeactivate = () => {
    const user = deactivating;
    if (!user) return;
    deactivate.mutate(
      { params: { path: { tenant, userId: user.id } } },
      {
        onSuccess: () => {
          setDeactivating(undefined);
          announce(t('users.deactivatedMessage', { name: user.name }));
        },
      },
    );
  };

  const doSetRoles = (roles: string[]) => {
    const user = editing;
    if (!user) return;
    setRoles.mutate(
      { params: { path: { tenant, userId: user.id } }, body: { roles } },
      {
        onSuccess: () => {
          setEditing(undefined);
          announce(t('users.rolesSaved', { name: user.name }));
        },
      },
    );
  };

  if (isForbidden(users.error)) return <NoAccess />;

  const rolesText = (user: User) =>
    user.roles.length === 0
      ? t('users.noRoles')
      : user.roles.map((role) => roleLabel(byRole.get(role), role, language)).join(', ');

  const items = users.data?.items ?? [];

  return (
    <>
      <AdminHeading title={t('users.title')} />
      <Paragraph>{t('users.intro')}</Paragraph>
      <Paragraph role="status" className="bg-status" ref={statusRef} tabIndex={-1}>
        {message}
      </Paragraph>
      {actionError !== undefined && <ProblemAlert error={actionError} focusOnShow />}

      {users.isPending && <Loading />}
      {users.isError && <QueryError error={users.error} onRetry={() => void users.refetch()} />}
      {users.isSuccess && items.length === 0 && <Paragraph>{t('users.empty')}</Paragraph>}
      {users.isSuccess && items.length > 0 && (
        <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
          <Table className="bg-table">
            <TableCaption id={captionId}>{t('users.caption', { organisation: me.tenant.name })}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('users.columns.name')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('users.columns.email')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('users.columns.status')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('users.columns.roles')}</TableHeaderCell>
                {mayWrite && <TableHeaderCell scope="col">{t('users.columns.actions')}</TableHeaderCell>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((user) => {
                const self = user.id === me.user.id;
                return (
                  <TableRow key={user.id}>
                    <TableHeaderCell scope="row">
                      {user.name}
                      {self && <span className="bg-muted"> {t('users.you')}</span>}
                    </TableHeaderCell>
                    <TableCell>{user.email}</TableCell>
                    <TableCell>{t(`users.status.${user.status}`)}</TableCell>
                    <TableCell>{rolesText(user)}</TableCell>
                    {mayWrite && (
                      <TableCell>
                        <ButtonGroup className="bg-row-actions">
                          {user.status !== 'active' && (
                            <Button
                              appearance={user.status === 'pending' ? 'primary-action-button' : 'secondary-action-button'}
                              busy={approve.isPending && approve.variables?.params.path.userId === user.id}
                              onClick={() => doApprove(user)}
                            >
                              {t(user.status === 'pending' ? 'users.approve' : 'users.reactivate')}{' '}
                              <span className="bg-visually-hidden">{user.name}</span>
                            </Button>
                          )}
                          {user.status !== 'deactivated' && !self && (
                            <Button
                              appearance="secondary-action-button"
                              onClick={() => {
                                deactivate.reset();
                                setDeactivating(user);
                              }}
                            >
                              {t('users.deactivate')}{' '}
                              <span className="bg-visually-hidden">{user.name}</span>
                            </Button>
                          )}
                          {/* Nobody changes their own roles (the API answers 403). */}
                          {!self && (
                            <Button
                              appearance="secondary-action-button"
                              disabled={catalogue.length === 0}
                              onClick={() => {
                                setRoles.reset();
                                setEditing(user);
                              }}
                            >
                              {t('users.editRoles')}{' '}
                              <span className="bg-visually-hidden">{user.name}</span>
                            </Button>
                          )}
                        </ButtonGroup>
                        {self && (
                          <Paragraph appearance="small" className="bg-muted">
                            {t('users.ownRoles')}
                          </Paragraph>
                        )}
                      </TableCell>
                    )}
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </TableContainer>
      )}

      {deactivating && (
        <ConfirmDialog
          title={t('users.confirmDeactivateTitle', { name: deactivating.name })}
          confirmLabel={t('users.confirmDeactivate')}
          cancelLabel={t('common.cancel')}
          busy={deactivate.isPending}
          onConfirm={doDeactivate}
          onCancel={() => setDeactivating(undefined)}
          footer={
            deactivate.isError && (
              <ProblemAlert
                error={deactivate.error}
                fields={
                  problemFieldErrors(deactivate.error).userId
                    ? [{ label: deactivating.name, message: t('users.notSelf') }]
                    : []
                }
              />
            )
          }
        >
          {t('users.confirmDeactivateText', { name: deactivating.name, email: deactivating.email })}
        </ConfirmDialog>
      )}

      {editing && (
        <RolesDialog
          user={editing}
          catalogue={catalogue}
          busy={setRoles.isPending}
          error={setRoles.error ?? undefined}
          onSave={doSetRoles}
          onCancel={() => setEditing(undefined)}
        />
      )}
    </>
  );
}
