import { AlertDialog } from '@utrecht/component-library-react';
import { useEffect, useRef, type ReactNode } from 'react';

export interface ModalDialogProps {
  /** id of the dialog's heading */
  labelledBy: string;
  describedBy?: string;
  role?: 'dialog' | 'alertdialog';
  /** Escape (the browser's cancel) */
  onCancel: () => void;
  children: ReactNode;
}

/**
 * A modal native <dialog> (focus stays inside, Escape cancels, the browser returns focus
 * when it closes). Render it only while it should be open.
 */
export function ModalDialog({ labelledBy, describedBy, role = 'dialog', onCancel, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (typeof dialog.showModal === 'function') {
      if (!dialog.open) dialog.showModal();
    } else {
      dialog.setAttribute('open', ''); // environments without <dialog> support (jsdom)
    }
    return () => {
      if (typeof dialog.close === 'function' && dialog.open) dialog.close();
    };
  }, []);

  return (
    <AlertDialog
      ref={ref}
      role={role}
      aria-modal="true"
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      {children}
    </AlertDialog>
  );
}
