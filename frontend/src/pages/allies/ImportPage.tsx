import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import {
  Button,
  ButtonGroup,
  Code,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Heading,
  Link,
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
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem, problemFieldErrors, type Network, type Problem } from '../../api/client';
import { RouterLink } from '../../components/links';
import { ProblemAlert, type FieldProblem } from '../../components/ProblemAlert';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { ALLIES_KEY, COVERAGE_KEY, mayWriteAllies, REPRESENTATION_KEY } from './allies';
import {
  checkImportFile,
  columnOf,
  IMPORT_COLUMNS,
  templateHref,
  uploadAllyImport,
  type ImportField,
} from './importFile';
import type { components } from '../../api/schema';
import { NoAlliesAccess, WithNetwork } from './NetworkLoader';

export type ImportReport = components['schemas']['ImportReport'];

const FILE_ID = 'ally-import-file';

/** Bondgenoten importeren: /netwerken/$networkId/bondgenoten/importeren (coordinators). */
export function ImportAlliesPage() {
  const { networkId } = useParams({ from: '/signedIn/netwerken/$networkId/bondgenoten/importeren' });
  return (
    <WithNetwork networkId={networkId}>
      {(network) =>
        mayWriteAllies(network) ? <ImportWizard network={network} /> : <NoAlliesAccess networkId={networkId} />
      }
    </WithNetwork>
  );
}

function isImportReport(body: unknown): body is ImportReport {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as ImportReport).rows === 'number' &&
    Array.isArray((body as ImportReport).errors)
  );
}

/** What the last upload came to. */
type Outcome =
  | { kind: 'checked'; report: ImportReport } // dry run
  | { kind: 'refused'; report: ImportReport } // import with row errors: nothing written
  | { kind: 'imported'; report: ImportReport };

type Phase = 'idle' | 'uploading' | 'processing';

function ImportWizard({ network }: { network: Network }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const networkId = network.id;
  useDocumentTitle(t('allyImport.documentTitle', { name: network.name }));
  const step1Id = useId();
  const step2Id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const abort = useRef<AbortController | null>(null);

  const [file, setFile] = useState<File>();
  const [fileError, setFileError] = useState<string>();
  const [showErrors, setShowErrors] = useState(0);
  const [localAlert, setLocalAlert] = useState(false);
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState(0);
  const [outcome, setOutcome] = useState<Outcome>();
  const [shown, setShown] = useState(0);

  useEffect(() => () => abort.current?.abort(), []);
  // Each result (check, import) moves focus to its heading.
  useEffect(() => {
    if (shown > 0) resultHeading.current?.focus();
  }, [shown]);

  const upload = useMutation<Outcome, unknown, { file: File; dryRun: boolean }>({
    mutationFn: async ({ file, dryRun }) => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setProgress(0);
      setPhase('uploading');
      const onProgress = (fraction: number) => {
        setProgress(fraction);
        if (fraction >= 1) setPhase('processing');
      };
      try {
        const { status, body } = await uploadAllyImport({ networkId, file, dryRun, onProgress, signal: controller.signal });
        if ((status === 200 || status === 201) && isImportReport(body)) {
          if (dryRun) return { kind: 'checked', report: body };
          return status === 201 ? { kind: 'imported', report: body } : { kind: 'refused', report: body };
        }
        if (isProblem(body)) throw { ...body, status: body.status ?? status } satisfies Problem;
        // Not from the API (a proxy's page, say): a problem of our own, so that it is shown alike.
        const tooLarge = status === 413;
        throw {
          type: 'about:blank',
          title: tooLarge ? t('allyImport.file.tooLarge') : t('common.errorTitle'),
          status,
          code: tooLarge ? 'too_large' : status >= 500 ? 'internal' : 'invalid',
        } satisfies Problem;
      } finally {
        setPhase('idle');
      }
    },
    onSuccess: (result) => {
      setOutcome(result);
      setShown((n) => n + 1);
      if (result.kind === 'imported') {
        void queryClient.invalidateQueries({ queryKey: ALLIES_KEY });
        void queryClient.invalidateQueries({ queryKey: REPRESENTATION_KEY });
        void queryClient.invalidateQueries({ queryKey: COVERAGE_KEY });
        setFile(undefined);
        if (fileInput.current) fileInput.current.value = '';
      }
    },
    onError: () => {
      setOutcome(undefined);
      setShowErrors((n) => n + 1);
    },
  });

  const localMessage = (reason: NonNullable<ReturnType<typeof checkImportFile>>) => t(`allyImport.file.${reason}`);

  const chooseFile = (chosen: File | undefined) => {
    setFile(chosen);
    setOutcome(undefined);
    setLocalAlert(false);
    upload.reset();
    const reason = chosen ? checkImportFile(chosen) : undefined;
    setFileError(reason ? localMessage(reason) : undefined);
  };

  const send = (dryRun: boolean) => {
    if (upload.isPending) return;
    const reason = checkImportFile(file);
    if (reason || !file) {
      upload.reset();
      setOutcome(undefined);
      setFileError(localMessage(reason ?? 'missing'));
      setLocalAlert(true);
      setShowErrors((n) => n + 1);
      return;
    }
    setFileError(undefined);
    setLocalAlert(false);
    upload.mutate({ file, dryRun });
  };

  const check = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    send(true);
  };

  // A problem with the file as a whole (400 errors.file, 413) is shown at the file field.
  const serverErrors = problemFieldErrors(upload.error);
  const fieldMessage = fileError ?? serverErrors.file;
  const summary: FieldProblem[] = [
    ...(fieldMessage ? [{ id: FILE_ID, label: t('allyImport.file.label'), message: fieldMessage }] : []),
    ...Object.entries(serverErrors)
      .filter(([name]) => name !== 'file')
      .map(([name, message]) => ({ label: name, message })),
  ];
  const busy = upload.isPending;

  return (
    <>
      <Paragraph>
        <RouterLink to="/netwerken/$networkId/bondgenoten" params={{ networkId }}>
          {t('allies.backToList', { name: network.name })}
        </RouterLink>
      </Paragraph>
      <Heading level={1}>{t('allyImport.title')}</Heading>
      <Paragraph>{t('allyImport.intro', { name: network.name })}</Paragraph>

      <Heading level={2} id={step1Id}>
        {t('allyImport.step1')}
      </Heading>
      <Paragraph>{t('allyImport.columnsIntro')}</Paragraph>
      <Paragraph>{t('allyImport.specialNote')}</Paragraph>
      <ColumnsTable />
      <Paragraph>
        <Link href={templateHref()} download={t('allyImport.templateFile')}>
          {t('allyImport.template')}
        </Link>
      </Paragraph>
      <Heading level={2} id={step2Id}>
        {t('allyImport.step2')}
      </Heading>
      <form noValidate onSubmit={check} className="bg-form" aria-labelledby={step2Id}>
        {(upload.isError || localAlert) && (
          <ProblemAlert
            key={showErrors}
            error={upload.isError ? upload.error : { title: t('allyImport.fileErrorTitle') }}
            fallbackTitle={t('allyImport.uploadFailed')}
            fields={summary}
            focusOnShow
          />
        )}
        <FileField error={fieldMessage} disabled={busy} inputRef={fileInput} onChange={chooseFile} />
        <UploadProgress active={busy && upload.variables?.dryRun === true} phase={phase} progress={progress} dryRun />
        <ButtonGroup>
          <Button type="submit" appearance="primary-action-button" busy={busy && upload.variables?.dryRun === true}>
            {t('allyImport.check')}
          </Button>
        </ButtonGroup>
      </form>

      {outcome && (
        <Result
          outcome={outcome}
          network={network}
          headingRef={resultHeading}
          busy={busy}
          progress={<UploadProgress active={busy && upload.variables?.dryRun === false} phase={phase} progress={progress} />}
          onImport={() => send(false)}
        />
      )}
    </>
  );
}

/** The accepted columns, with what goes in them. */
function ColumnsTable() {
  const { t } = useTranslation();
  const captionId = useId();
  return (
    <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
      <Table className="bg-table">
        <TableCaption id={captionId}>{t('allyImport.columnsCaption')}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t('allyImport.columns.column')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('allyImport.columns.meaning')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('allyImport.columns.values')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {IMPORT_COLUMNS.map(({ header, field }) => (
            <TableRow key={header}>
              <TableHeaderCell scope="row">
                <Code>{header}</Code>
              </TableHeaderCell>
              <TableCell>{t(`allies.field.${field}`)}</TableCell>
              <TableCell>{t(`allyImport.values.${field}`)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

interface UploadProgressProps {
  /** Whether this upload is under way (the live region is there before, so that it is announced). */
  active: boolean;
  phase: Phase;
  progress: number;
  dryRun?: boolean;
}

/** A progress bar while the file is sent, then a note while the server works on it. */
function UploadProgress({ active, phase, progress, dryRun = false }: UploadProgressProps) {
  const { t } = useTranslation();
  const id = useId();
  const percent = Math.round(progress * 100);
  let text = '';
  if (active && phase === 'processing') text = t(dryRun ? 'allyImport.processingCheck' : 'allyImport.processingImport');
  // Announced in steps of 10%, so that a screen reader is not flooded.
  else if (active) text = t('allyImport.uploaded', { percent: Math.floor(percent / 10) * 10 });
  return (
    <div className="bg-upload-progress">
      {active && (
        <div>
          <label htmlFor={id}>{t('allyImport.progressLabel')}</label>{' '}
          <progress id={id} max={100} value={percent}>
            {percent}%
          </progress>
        </div>
      )}
      <Paragraph aria-live="polite">{text}</Paragraph>
    </div>
  );
}

interface FileFieldProps {
  error: string | undefined;
  disabled: boolean;
  inputRef: Ref<HTMLInputElement>;
  onChange: (file: File | undefined) => void;
}

/** The file chooser, in the form field pattern of the other fields (label, description, error). */
function FileField({ error, disabled, inputRef, onChange }: FileFieldProps) {
  const { t } = useTranslation();
  const descriptionId = `${FILE_ID}-description`;
  const errorId = `${FILE_ID}-error`;
  return (
    <FormField invalid={Boolean(error)} type="text">
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={FILE_ID}>{t('allyImport.file.label')}</FormLabel>
      </div>
      <FormFieldDescription className="utrecht-form-field__description" id={descriptionId}>
        {t('allyImport.file.description')}
      </FormFieldDescription>
      {error && (
        <FormFieldErrorMessage className="utrecht-form-field__error-message" id={errorId}>
          {error}
        </FormFieldErrorMessage>
      )}
      <div className="utrecht-form-field__input">
        <input
          id={FILE_ID}
          ref={inputRef}
          type="file"
          name="file"
          accept=".csv,.xlsx"
          required
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${descriptionId} ${errorId}` : descriptionId}
          onChange={(event) => onChange(event.currentTarget.files?.[0])}
        />
      </div>
    </FormField>
  );
}

interface ResultProps {
  outcome: Outcome;
  network: Network;
  headingRef: Ref<HTMLHeadingElement>;
  busy: boolean;
  /** The upload's progress, shown above the import button. */
  progress: ReactNode;
  onImport: () => void;
}

/** The check's report, and then step 3 (import, and what it did). */
function Result({ outcome, network, headingRef, busy, progress, onImport }: ResultProps) {
  const { t } = useTranslation();
  const networkId = network.id;
  const { report } = outcome;

  if (outcome.kind === 'imported') {
    return (
      <>
        <Heading level={2} ref={headingRef} tabIndex={-1}>
          {t('allyImport.doneHeading')}
        </Heading>
        <Paragraph>{t('allyImport.done', { count: report.created, name: network.name })}</Paragraph>
        <Paragraph>
          <RouterLink to="/netwerken/$networkId/bondgenoten" params={{ networkId }}>
            {t('allyImport.toList', { name: network.name })}
          </RouterLink>
        </Paragraph>
      </>
    );
  }

  const hasErrors = report.errors.length > 0;
  const summary = t('allyImport.summary', {
    rows: t('allyImport.rowCount', { count: report.rows }),
    valid: t('allyImport.validCount', { count: report.valid }),
    errors: t('allyImport.errorCount', { count: report.errors.length }),
  });
  let explanation = t('allyImport.allValid');
  if (hasErrors) explanation = outcome.kind === 'refused' ? t('allyImport.refused') : t('allyImport.fixErrors');
  return (
    <>
      <Heading level={2} ref={headingRef} tabIndex={-1}>
        {outcome.kind === 'refused' ? t('allyImport.refusedHeading') : t('allyImport.checkedHeading')}
      </Heading>
      <Paragraph className="bg-import-summary">{summary}</Paragraph>
      <Paragraph>{explanation}</Paragraph>
      {hasErrors && <ErrorsTable report={report} />}
      {!hasErrors && outcome.kind === 'checked' && (
        <>
          <Heading level={2}>{t('allyImport.step3')}</Heading>
          <Paragraph>{t('allyImport.importIntro', { count: report.rows, name: network.name })}</Paragraph>
          {progress}
          <ButtonGroup>
            <Button appearance="primary-action-button" busy={busy} onClick={() => !busy && onImport()}>
              {t('allyImport.import')}
            </Button>
          </ButtonGroup>
        </>
      )}
    </>
  );
}

function ErrorsTable({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const captionId = useId();
  const column = (field: string) =>
    field === '' ? t('allyImport.wholeRow') : (columnOf(field as ImportField) ?? field);
  return (
    <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
      <Table className="bg-table">
        <TableCaption id={captionId}>{t('allyImport.errorsCaption', { count: report.errors.length })}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t('allyImport.errorColumns.row')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('allyImport.errorColumns.column')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('allyImport.errorColumns.message')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {report.errors.map((error, index) => (
            <TableRow key={`${error.row}:${error.field}:${error.rule}:${index}`}>
              <TableHeaderCell scope="row">{error.row}</TableHeaderCell>
              <TableCell>{column(error.field)}</TableCell>
              <TableCell>{error.message}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
