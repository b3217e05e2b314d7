import { getRouteApi } from '@tanstack/react-router';
import {
  Alert,
  Button,
  Code,
  FormField,
  FormLabel,
  Heading,
  Paragraph,
  Select,
  SelectOption,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableContainer,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { TENANT_KINDS, isProblem, isTenantKind, type DirectoryEntry, type TenantKind } from '../api/client';
import { useDirectory } from '../api/directory';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { currentLanguage } from '../i18n';

const route = getRouteApi('/organisaties');

const KIND_ORDER: Record<TenantKind, number> = { bureau: 0, municipality: 1, police_unit: 2 };

function kindRank(kind: string): number {
  return isTenantKind(kind) ? KIND_ORDER[kind] : TENANT_KINDS.length;
}

export function DirectoryPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('directory.title'));
  const { kind } = route.useSearch();
  const navigate = route.useNavigate();
  const filterId = useId();
  const captionId = useId();
  const { items, loading, error, retry } = useDirectory();
  const language = currentLanguage();

  const kindLabel = (value: string) => (isTenantKind(value) ? t(`kind.${value}`) : value);

  // Grouped by kind (bureaus, municipalities, police units), then by name.
  const rows = useMemo(() => {
    const collator = new Intl.Collator(language, { sensitivity: 'base', numeric: true });
    return items
      .filter((entry) => !kind || entry.kind === kind)
      .sort(
        (a: DirectoryEntry, b: DirectoryEntry) =>
          kindRank(a.kind) - kindRank(b.kind) || collator.compare(a.name, b.name),
      );
  }, [items, kind, language]);

  let status = '';
  if (loading) status = t('directory.loading');
  else if (!error) status = t('directory.count', { count: rows.length });

  return (
    <>
      <Heading level={1}>{t('directory.title')}</Heading>
      <Paragraph>{t('directory.intro')}</Paragraph>

      <FormField
        className="bg-filter"
        label={<FormLabel htmlFor={filterId}>{t('directory.filterLabel')}</FormLabel>}
        input={
          <Select
            id={filterId}
            value={kind ?? ''}
            onChange={(event) => {
              const value = event.currentTarget.value;
              void navigate({
                search: (prev) => ({ ...prev, kind: isTenantKind(value) ? value : undefined }),
                replace: true,
              });
            }}
          >
            <SelectOption value="">{t('directory.filterAll')}</SelectOption>
            {TENANT_KINDS.map((value) => (
              <SelectOption key={value} value={value}>
                {t(`kind.${value}`)}
              </SelectOption>
            ))}
          </Select>
        }
      />

      <Paragraph role="status" className="bg-status">
        {status}
      </Paragraph>

      {error !== undefined && (
        <Alert type="error">
          <Heading level={2}>{t('directory.errorHeading')}</Heading>
          <Paragraph>{isProblem(error) ? error.title : t('directory.errorUnknown')}</Paragraph>
          <Button appearance="secondary-action-button" onClick={retry}>
            {t('directory.retry')}
          </Button>
        </Alert>
      )}

      {!loading && error === undefined && items.length === 0 && (
        <Alert type="info">
          <Paragraph>{t('directory.empty')}</Paragraph>
        </Alert>
      )}

      {!loading && error === undefined && items.length > 0 && rows.length === 0 && (
        <Paragraph>{t('directory.emptyFiltered')}</Paragraph>
      )}

      {!loading && error === undefined && rows.length > 0 && (
        // Scrolls sideways on narrow screens instead of widening the page; focusable so that
        // keyboard users can scroll it too.
        <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
          <Table className="bg-directory-table">
            <TableCaption id={captionId}>
              {kind ? t('directory.captionFiltered', { kind: kindLabel(kind) }) : t('directory.caption')}
            </TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('directory.columns.name')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('directory.columns.kind')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('directory.columns.slug')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((entry) => (
                <TableRow key={entry.slug}>
                  <TableHeaderCell scope="row">{entry.name}</TableHeaderCell>
                  <TableCell>{kindLabel(entry.kind)}</TableCell>
                  <TableCell>
                    <Code>{entry.slug}</Code>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </>
  );
}
