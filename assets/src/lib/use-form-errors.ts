import { useState } from "react";
import { ApiError } from "@/lib/api-client";

// Field errors of a form: the ones found before sending and the one the
// server names in its 4xx answer ({"error":{"field"}}).  An error naming no
// known field shows at the form's top.

export type FieldErrors = Record<string, string>;

export function useFormErrors() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const fromServer = (e: unknown, fields: string[]) => {
    if (e instanceof ApiError && e.field) {
      const f = e.field.replace(/^records\[\d+\]\./, "").replace(/^values\[\d+\]\./, "");
      if (fields.includes(f)) return setErrors({ [f]: e.message });
    }
    setErrors({ _form: e instanceof Error ? e.message : String(e) });
  };
  return { errors, setErrors, fromServer };
}
