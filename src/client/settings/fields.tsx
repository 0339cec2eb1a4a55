// Form fields for settings: a share shown as a percentage, a whole number, each with its range
// checked as the lead types and the problem said in words next to the field.
import { useId } from 'react';

export interface FieldProps {
  label: string;
  help?: string;
  value: string;
  onChange: (v: string) => void;
  /** The problem with the value as typed, or null. */
  error: string | null;
}

export function NumberField({
  label,
  help,
  value,
  onChange,
  error,
  unit,
  min,
  max,
  step,
}: FieldProps & { unit?: string; min: number; max: number; step: number }) {
  const id = useId();
  return (
    <div className="settings-field">
      <label htmlFor={id}>{label}</label>
      <span>
        <input
          id={id}
          type="number"
          min={min}
          max={max}
          step={step}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={!!error}
          aria-describedby={`${id}-help ${id}-error`}
        />
        {unit && <span aria-hidden="true"> {unit}</span>}
      </span>
      {help && (
        <small id={`${id}-help`} className="muted">
          {help}
        </small>
      )}
      <small id={`${id}-error`} role={error ? 'alert' : undefined} className="error-text">
        {error ?? ''}
      </small>
    </div>
  );
}

/** A number typed in a field, checked against [min, max] (and whole when `integer`). */
export function checkNumber(raw: string, min: number, max: number, what: string, integer = false): string | null {
  if (raw.trim() === '') return `Enter ${what}.`;
  const n = Number(raw);
  if (!Number.isFinite(n)) return `${what[0]!.toUpperCase()}${what.slice(1)} must be a number.`;
  if (integer && !Number.isInteger(n)) return `${what[0]!.toUpperCase()}${what.slice(1)} must be a whole number.`;
  if (n < min || n > max) return `${what[0]!.toUpperCase()}${what.slice(1)} must be between ${min} and ${max}.`;
  return null;
}

export const toPercent = (share: number) => String(Math.round(share * 1000) / 10);
export const fromPercent = (raw: string) => Number(raw) / 100;
