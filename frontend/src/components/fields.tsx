import {
  Checkbox,
  Fieldset,
  FieldsetLegend,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  RadioButton,
  Select,
  Textarea,
  Textbox,
} from '@utrecht/component-library-react';
import type { ReactNode, Ref } from 'react';

function describedBy(...ids: Array<string | false | undefined>): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}

interface FieldFrameProps {
  id: string;
  label: ReactNode;
  description?: ReactNode;
  error?: string | undefined;
  /** Renders the control, given the ids it must refer to (aria-describedby). */
  children: (ariaDescribedBy: string | undefined) => ReactNode;
}

/**
 * The NL Design System form field pattern shared by the text, text area and select fields:
 * label, description, error message, then the control, which refers to description and error.
 */
function FieldFrame({ id, label, description, error, children }: FieldFrameProps) {
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <FormField invalid={Boolean(error)} type="text">
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={id}>{label}</FormLabel>
      </div>
      {description && (
        <FormFieldDescription className="utrecht-form-field__description" id={descriptionId}>
          {description}
        </FormFieldDescription>
      )}
      {error && (
        <FormFieldErrorMessage className="utrecht-form-field__error-message" id={errorId}>
          {error}
        </FormFieldErrorMessage>
      )}
      <div className="utrecht-form-field__input">{children(describedBy(descriptionId, errorId))}</div>
    </FormField>
  );
}

interface BaseFieldProps {
  /** id of the control; its description and error get `${id}-description` and `${id}-error` */
  id: string;
  label: ReactNode;
  description?: ReactNode;
  /** Error message; the field is marked invalid while there is one. */
  error?: string | undefined;
  name?: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  autoComplete?: string;
  required?: boolean;
  disabled?: boolean;
}

export interface TextFieldProps extends BaseFieldProps {
  type?: 'text' | 'url' | 'email' | 'password' | 'search' | 'date' | 'time' | 'number';
  min?: number;
  max?: number;
  spellCheck?: boolean;
  readOnly?: boolean;
  inputRef?: Ref<HTMLInputElement>;
}

/**
 * A labelled text box in the NL Design System form field pattern: label, description, error
 * message, then the control, which refers to description and error (aria-describedby).
 * Unlike FormFieldTextbox, the control's id is ours, so that an error summary can link to it.
 */
export function TextField({
  id,
  label,
  description,
  error,
  type = 'text',
  value,
  onChange,
  inputRef,
  required,
  ...rest
}: TextFieldProps) {
  return (
    <FieldFrame id={id} label={label} description={description} error={error}>
      {(ariaDescribedBy) => (
        <Textbox
          {...rest}
          id={id}
          ref={inputRef}
          type={type}
          value={value}
          onChange={(event) => onChange(event.currentTarget.value)}
          invalid={Boolean(error)}
          required={required}
          aria-describedby={ariaDescribedBy}
        />
      )}
    </FieldFrame>
  );
}

export interface TextAreaFieldProps extends BaseFieldProps {
  rows?: number;
  spellCheck?: boolean;
}

/** As TextField, for multi-line text. */
export function TextAreaField({
  id,
  label,
  description,
  error,
  value,
  onChange,
  required,
  ...rest
}: TextAreaFieldProps) {
  return (
    <FieldFrame id={id} label={label} description={description} error={error}>
      {(ariaDescribedBy) => (
        <Textarea
          {...rest}
          id={id}
          value={value}
          onChange={(event) => onChange(event.currentTarget.value)}
          invalid={Boolean(error)}
          required={required}
          aria-describedby={ariaDescribedBy}
        />
      )}
    </FieldFrame>
  );
}

export interface SelectFieldProps extends Omit<BaseFieldProps, 'placeholder' | 'autoComplete'> {
  /** The options (SelectOption, optgroup). */
  children: ReactNode;
}

/** As TextField, for a drop-down list (Select). */
export function SelectField({ id, label, description, error, value, onChange, required, children, ...rest }: SelectFieldProps) {
  return (
    <FieldFrame id={id} label={label} description={description} error={error}>
      {(ariaDescribedBy) => (
        <Select
          {...rest}
          id={id}
          value={value}
          onChange={(event) => onChange(event.currentTarget.value)}
          invalid={Boolean(error)}
          required={required}
          aria-describedby={ariaDescribedBy}
        >
          {children}
        </Select>
      )}
    </FieldFrame>
  );
}

export interface RadioFieldProps {
  id: string;
  name: string;
  value: string;
  checked: boolean;
  onChange: (value: string) => void;
  label: ReactNode;
  description?: ReactNode;
  invalid?: boolean;
  /** id of the group's error message, if any */
  errorId?: string | undefined;
}

/** One option of a radio group (put them in a Fieldset with a legend). */
export function RadioField({ id, name, value, checked, onChange, label, description, invalid, errorId }: RadioFieldProps) {
  const descriptionId = description ? `${id}-description` : undefined;
  return (
    <FormField type="radio" invalid={invalid}>
      <div className="utrecht-form-field__label utrecht-form-field__label--radio">
        <FormLabel htmlFor={id} type="radio" checked={checked}>
          <RadioButton
            id={id}
            name={name}
            value={value}
            checked={checked}
            invalid={invalid}
            className="utrecht-form-field__input"
            onChange={(event) => event.currentTarget.checked && onChange(value)}
            aria-describedby={describedBy(descriptionId, errorId)}
          />
          {label}
        </FormLabel>
      </div>
      {description && (
        <FormFieldDescription className="utrecht-form-field__description" id={descriptionId}>
          {description}
        </FormFieldDescription>
      )}
    </FormField>
  );
}

export interface RadioGroupFieldProps<T extends string> {
  /** Prefix of the ids: each option is `${id}-${value}`, the error `${id}-error`. */
  id: string;
  name: string;
  legend: ReactNode;
  options: readonly T[];
  /** The chosen option; anything else (empty) checks none. */
  value: string | undefined;
  onChange: (value: T) => void;
  optionLabel: (value: T) => ReactNode;
  optionDescription?: (value: T) => ReactNode;
  error?: string | undefined;
  /** Lay the options out in a row (short choices, e.g. in a table of people). */
  inline?: boolean;
}

/** A radio group: a fieldset with its legend and error, one RadioField per option. */
export function RadioGroupField<T extends string>({
  id,
  name,
  legend,
  options,
  value,
  onChange,
  optionLabel,
  optionDescription,
  error,
  inline,
}: RadioGroupFieldProps<T>) {
  const errorId = error ? `${id}-error` : undefined;
  const radios = options.map((option) => (
    <RadioField
      key={option}
      id={`${id}-${option}`}
      name={name}
      value={option}
      checked={value === option}
      onChange={() => onChange(option)}
      label={optionLabel(option)}
      description={optionDescription?.(option)}
      invalid={Boolean(error)}
      errorId={errorId}
    />
  ));
  return (
    <Fieldset invalid={Boolean(error)} aria-describedby={errorId}>
      <FieldsetLegend>{legend}</FieldsetLegend>
      {error && <FormFieldErrorMessage id={errorId}>{error}</FormFieldErrorMessage>}
      {inline ? <div className="bg-inline-options">{radios}</div> : radios}
    </Fieldset>
  );
}

export interface CheckboxFieldProps {
  id: string;
  name: string;
  value: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: ReactNode;
  description?: ReactNode;
  disabled?: boolean;
  invalid?: boolean;
  /** id of the group's error message, if any */
  errorId?: string | undefined;
}

/** One checkbox of a group (put them in a Fieldset with a legend); the control's id is ours. */
export function CheckboxField({
  id,
  name,
  value,
  checked,
  onChange,
  label,
  description,
  disabled,
  invalid,
  errorId,
}: CheckboxFieldProps) {
  const descriptionId = description ? `${id}-description` : undefined;
  return (
    <FormField type="checkbox" invalid={invalid}>
      <div className="utrecht-form-field__label utrecht-form-field__label--checkbox">
        <FormLabel htmlFor={id} type="checkbox" checked={checked} disabled={disabled}>
          <Checkbox
            id={id}
            name={name}
            value={value}
            checked={checked}
            disabled={disabled}
            invalid={invalid}
            className="utrecht-form-field__input"
            onChange={(event) => onChange(event.currentTarget.checked)}
            aria-describedby={describedBy(descriptionId, errorId)}
          />
          {label}
        </FormLabel>
      </div>
      {description && (
        <FormFieldDescription className="utrecht-form-field__description" id={descriptionId}>
          {description}
        </FormFieldDescription>
      )}
    </FormField>
  );
}
