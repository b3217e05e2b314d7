import { Button, ButtonGroup, Heading, Paragraph } from '@utrecht/component-library-react';
import { useId, type ReactNode } from 'react';
import { ModalDialog } from './ModalDialog';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  /** Shown below the text, e.g. the error of a failed attempt. */
  footer?: ReactNode;
}

/** Asks before something that cannot be undone. Render it only while it should be open. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel,
  busy,
  onConfirm,
  onCancel,
  footer,
}: ConfirmDialogProps) {
  const titleId = useId();
  const textId = useId();
  return (
    <ModalDialog role="alertdialog" labelledBy={titleId} describedBy={textId} onCancel={onCancel}>
      <Heading level={2} id={titleId}>
        {title}
      </Heading>
      <Paragraph id={textId}>{children}</Paragraph>
      {footer}
      <ButtonGroup>
        <Button appearance="primary-action-button" hint="danger" busy={busy} onClick={() => !busy && onConfirm()}>
          {confirmLabel}
        </Button>
        <Button appearance="secondary-action-button" onClick={onCancel}>
          {cancelLabel}
        </Button>
      </ButtonGroup>
    </ModalDialog>
  );
}
