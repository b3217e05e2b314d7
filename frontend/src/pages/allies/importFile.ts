import type { AllyInput } from '../../api/client';
import { currentLanguage } from '../../i18n';

export const IMPORT_PATH = '/api/v1/networks/{networkId}/allies/import';
export const EXPORT_PATH = '/api/v1/networks/{networkId}/allies/export';

/** The largest file the server takes (10 MB), checked before uploading. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const IMPORT_EXTENSIONS = ['.csv', '.xlsx'] as const;

export type ImportField = Exclude<keyof AllyInput, 'relationshipOwners'>;

/**
 * The columns of an import (and export) file: the Dutch header and the AllyInput field it
 * fills, in the server's order. Special-category data is never part of a file.
 */
export const IMPORT_COLUMNS: ReadonlyArray<{ header: string; field: ImportField }> = [
  { header: 'naam', field: 'name' },
  { header: 'mobiel', field: 'mobile' },
  { header: 'e-mail', field: 'email' },
  { header: 'organisatie', field: 'organisation' },
  { header: 'achterban', field: 'constituency' },
  { header: 'wijk', field: 'neighbourhood' },
  { header: 'startdatum', field: 'startsOn' },
  { header: 'status', field: 'status' },
  { header: 'vertrokken_op', field: 'leftOn' },
  { header: 'reden_vertrek', field: 'leftReason' },
  { header: 'contact_toegestaan', field: 'contactPermitted' },
  { header: 'toestemming_op', field: 'consentOn' },
  { header: 'toestemming_reikwijdte', field: 'consentScope' },
  { header: 'toestemming_hoe', field: 'consentHow' },
  { header: 'intakegesprek', field: 'intakeDone' },
  { header: 'gedragscode', field: 'codeOfConductSigned' },
  { header: 'belangenverklaring', field: 'interestsDeclared' },
  { header: 'leeftijd', field: 'ageBand' },
  { header: 'gender', field: 'gender' },
];

/** The Dutch column of a field as the server names it in row errors ("" is the whole row). */
export function columnOf(field: string): string | undefined {
  return IMPORT_COLUMNS.find((c) => c.field === field || c.header === field)?.header;
}

/** The template: the header row, `;` separated, with a BOM so that Excel reads UTF-8. */
export function templateCsv(): string {
  return `\uFEFF${IMPORT_COLUMNS.map((c) => c.header).join(';')}\r\n`;
}

/** The template as a link target (no script or object URL needed to download it). */
export function templateHref(): string {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(templateCsv())}`;
}

/** Why a chosen file cannot be uploaded, checked in the browser; undefined when it can. */
export function checkImportFile(file: File | undefined): 'missing' | 'type' | 'size' | 'empty' | undefined {
  if (!file) return 'missing';
  const name = file.name.toLowerCase();
  if (!IMPORT_EXTENSIONS.some((ext) => name.endsWith(ext))) return 'type';
  if (file.size > MAX_IMPORT_BYTES) return 'size';
  if (file.size === 0) return 'empty';
  return undefined;
}

export function exportHref(networkId: string, format: 'csv' | 'xlsx'): string {
  return `/api/v1/networks/${encodeURIComponent(networkId)}/allies/export?format=${format}`;
}

export interface UploadResult {
  status: number;
  /** The parsed JSON body, or undefined when the response had none (or was not JSON). */
  body: unknown;
}

export interface UploadOptions {
  networkId: string;
  file: File;
  dryRun: boolean;
  /** Called with the fraction sent (0–1) while the file is uploaded. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * Sends an import file as multipart/form-data (field "file"). XMLHttpRequest rather than
 * fetch, because only it reports upload progress. Resolves with any HTTP status; rejects
 * only when no response came (network failure, aborted).
 */
export function uploadAllyImport({ networkId, file, dryRun, onProgress, signal }: UploadOptions): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = dryRun ? '?dryRun=true' : '';
    xhr.open('POST', `/api/v1/networks/${encodeURIComponent(networkId)}/allies/import${query}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLanguage());
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(Math.min(1, event.loaded / event.total));
    };
    xhr.upload.onload = () => onProgress?.(1);
    xhr.onload = () => {
      let body: unknown;
      const text = typeof xhr.responseText === 'string' ? xhr.responseText : '';
      if (/json/i.test(xhr.getResponseHeader('Content-Type') ?? '') && text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new TypeError('Network request failed'));
    xhr.ontimeout = () => reject(new TypeError('Network request timed out'));
    xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'));
    if (signal) {
      if (signal.aborted) {
        reject(new DOMException('Upload aborted', 'AbortError'));
        return;
      }
      signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
